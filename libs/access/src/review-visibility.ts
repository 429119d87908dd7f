import { AuthenticatedUser } from '@app/common';
import { Role } from './roles';

export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/** Roles that see every review of their partnership. */
const PARTNERSHIP_WIDE: ReadonlyArray<string> = [Role.CspManager, Role.CspChair, Role.Auditor];

/**
 * Need-to-know, in one place: the SQL condition on `reviews` (under `alias`) that holds exactly
 * for the reviews this person may see. Every query that reaches a review, its deadlines or its
 * audit trail goes through it, so a review someone may not see does not exist for them.
 *
 * - CSP manager, CSP chair and auditors: every review of their partnership;
 * - an independent chair: the reviews they chair;
 * - a panel member: the reviews whose panel they sit on;
 * - a board member: reviews that have reached sign-off (the ruleset says which stage);
 * - anyone else: none.
 */
export function visibleReviews(user: AuthenticatedUser, alias = 'r'): SqlCondition {
  const params = { accessUserId: user.id, accessPartnershipId: user.partnershipId };
  const tenant = `${alias}.partnership_id = :accessPartnershipId`;
  if (user.roles.some((role) => PARTNERSHIP_WIDE.includes(role))) return { sql: `(${tenant})`, params };

  const grants: string[] = [];
  if (user.roles.includes(Role.IndependentChair)) grants.push(`${alias}.chair_user_id = :accessUserId`);
  if (user.roles.includes(Role.PanelMember)) {
    grants.push(`EXISTS (SELECT 1 FROM review_panel_members access_pm WHERE access_pm.review_id = ${alias}.id AND access_pm.user_id = :accessUserId)`);
  }
  if (user.roles.includes(Role.BoardMember)) grants.push(`${alias}.board_visible`);
  if (grants.length === 0) return { sql: 'FALSE', params };
  return { sql: `(${tenant} AND (${grants.join(' OR ')}))`, params };
}
