import { EntityManager } from 'typeorm';
import { AuthenticatedUser } from '@app/common';
import { aRole, Role } from '@app/access';
import { ActionRule } from '@app/rulesets';
import { Review } from './entities/review.entity';

/** Who is appointed to one review beyond its chair: its panel, and the people who speak for its review partners. */
export interface Appointments {
  panel: ReadonlySet<string>;
  partners: ReadonlySet<string>;
}

/** One statement, over the view of both kinds of appointment: it is asked before every action. */
export async function appointmentsOf(tx: EntityManager, reviewId: string): Promise<Appointments> {
  const rows: { user_id: string; appointment: string }[] = await tx.query('SELECT user_id, appointment FROM review_appointments WHERE review_id = $1', [
    reviewId,
  ]);
  return {
    panel: new Set(rows.filter((row) => row.appointment === 'panel-member').map((row) => row.user_id)),
    partners: new Set(rows.filter((row) => row.appointment === 'review-partner').map((row) => row.user_id)),
  };
}

/** Roles that hold only through an appointment to this very review. */
const APPOINTED: Record<string, (review: Review, user: AuthenticatedUser, appointed: Appointments) => boolean> = {
  [Role.IndependentChair]: (review, user) => review.chairUserId === user.id,
  [Role.PanelMember]: (_review, user, appointed) => appointed.panel.has(user.id),
  [Role.ReviewPartner]: (_review, user, appointed) => appointed.partners.has(user.id),
};

/**
 * Whether this person may do what the ruleset allows to `rule.roles` (an action, a change to the
 * action plan...). Someone from a contributing partnership acts only through an appointment.
 */
export function mayTake(rule: Pick<ActionRule, 'roles'>, review: Review, user: AuthenticatedUser, appointed: Appointments): boolean {
  const ownPartnership = review.partnershipId === user.partnershipId;
  return rule.roles.some((role) => {
    if (!user.roles.includes(role)) return false;
    const appointment = APPOINTED[role];
    return appointment ? appointment(review, user, appointed) : ownPartnership;
  });
}

/** "Only a CSP chair may …", naming the appointment where the role needs one. */
export function whoMayTake(rule: Pick<ActionRule, 'roles'>): string {
  const names = rule.roles.map((role) => {
    if (role === Role.IndependentChair) return "the review's independent chair";
    if (role === Role.PanelMember) return 'a member of the review panel';
    if (role === Role.ReviewPartner) return "the person who speaks for one of the review's partners";
    return aRole(role);
  });
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
}
