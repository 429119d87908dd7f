import { AuthenticatedUser } from '@app/common';
import { aRole, Role } from '@app/access';
import { ActionRule } from '@app/rulesets';
import { Review } from './entities/review.entity';

/** Roles that hold only through an appointment to this very review. */
const APPOINTED: Record<string, (review: Review, user: AuthenticatedUser, panel: ReadonlySet<string>) => boolean> = {
  [Role.IndependentChair]: (review, user) => review.chairUserId === user.id,
  [Role.PanelMember]: (_review, user, panel) => panel.has(user.id),
};

/** Whether this person may do what the ruleset allows to `rule.roles` (an action, a change to the action plan...). */
export function mayTake(rule: Pick<ActionRule, 'roles'>, review: Review, user: AuthenticatedUser, panel: ReadonlySet<string>): boolean {
  return rule.roles.some((role) => user.roles.includes(role) && (APPOINTED[role]?.(review, user, panel) ?? true));
}

/** "Only a CSP chair may …", naming the appointment where the role needs one. */
export function whoMayTake(rule: Pick<ActionRule, 'roles'>): string {
  const names = rule.roles.map((role) => {
    if (role === Role.IndependentChair) return "the review's independent chair";
    if (role === Role.PanelMember) return 'a member of the review panel';
    return aRole(role);
  });
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
}
