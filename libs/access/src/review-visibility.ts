import { AuthenticatedUser } from '@app/common';
import { can } from './permissions';
import { Role } from './roles';

export interface SqlCondition {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * Need-to-know, in one place: the SQL condition on `reviews` (under `alias`) that holds exactly
 * for the reviews this person may see. Every query that reaches a review, its deadlines or its
 * audit trail goes through it, so a review someone may not see does not exist for them.
 *
 * - CSP manager, CSP chair and auditors: every review of their partnership;
 * - an independent chair: the reviews they chair;
 * - a panel member: the reviews whose panel they sit on;
 * - a review partner's representative: the reviews they speak for that partner on;
 * - a board member: reviews that have reached sign-off (the ruleset says which stage);
 * - anyone else: none.
 *
 * Appointments reach across partnerships only where the review's lead partnership has made the
 * appointee's partnership a contributor: such a person sees that review and nothing else of the
 * lead's. Every other grant holds within the person's own partnership.
 */
export function visibleReviews(user: AuthenticatedUser, alias = 'r'): SqlCondition {
  const params = { accessUserId: user.id, accessPartnershipId: user.partnershipId };
  const tenant = `${alias}.partnership_id = :accessPartnershipId`;
  if (can(user, 'see-every-review-of-partnership')) return { sql: `(${tenant})`, params };

  const appointments: string[] = [];
  if (user.roles.includes(Role.IndependentChair)) appointments.push(`${alias}.chair_user_id = :accessUserId`);
  if (user.roles.includes(Role.PanelMember)) {
    appointments.push(
      `EXISTS (SELECT 1 FROM review_appointments access_pm WHERE access_pm.review_id = ${alias}.id AND access_pm.user_id = :accessUserId AND access_pm.appointment = 'panel-member')`,
    );
  }
  if (user.roles.includes(Role.ReviewPartner)) {
    appointments.push(
      `EXISTS (SELECT 1 FROM review_appointments access_rp WHERE access_rp.review_id = ${alias}.id AND access_rp.user_id = :accessUserId AND access_rp.appointment = 'review-partner')`,
    );
  }
  const grants: string[] = [];
  if (appointments.length) {
    const contributing = `EXISTS (SELECT 1 FROM review_contributions access_rc WHERE access_rc.review_id = ${alias}.id AND access_rc.partnership_id = :accessPartnershipId)`;
    grants.push(`((${tenant} OR ${contributing}) AND (${appointments.join(' OR ')}))`);
  }
  if (user.roles.includes(Role.BoardMember)) grants.push(`(${tenant} AND ${alias}.board_visible)`);
  if (grants.length === 0) return { sql: 'FALSE', params };
  return { sql: `(${grants.join(' OR ')})`, params };
}

/** Whether this person sees every review of their partnership, and so every death it records. */
export function seesWholePartnership(user: AuthenticatedUser): boolean {
  return can(user, 'see-every-review-of-partnership');
}

/**
 * The deaths (under `alias`) this person may see: all their partnership's, for those who see all
 * its reviews; otherwise those with a review they may see.
 */
export function visibleDeaths(user: AuthenticatedUser, alias = 'd'): SqlCondition {
  if (seesWholePartnership(user)) return { sql: `(${alias}.partnership_id = :accessPartnershipId)`, params: { accessPartnershipId: user.partnershipId } };
  const reviews = visibleReviews(user, 'access_r');
  return { sql: `EXISTS (SELECT 1 FROM review_facts access_r WHERE access_r.death_id = ${alias}.id AND ${reviews.sql})`, params: reviews.params };
}

/**
 * The deadlines (under `deadline`, of reviews under `review`) that are this person's to meet or
 * chase, for "My work", rather than every deadline they may see:
 *
 * - CSP manager and CSP chair: every deadline of their partnership's reviews (they run them all);
 * - an independent chair: every deadline of the reviews they chair;
 * - a panel member: the information requests asked of their agency on reviews whose panel they sit on;
 * - an agency action owner: the deadlines of their agency's actions;
 * - anyone else (board members, auditors, review partners, administrators): none; a board
 *   member's work is the sign-offs waiting for them.
 *
 * Each grant lies within what `visibleReviews` (or, for actions, `listActions`) lets them see.
 */
export function responsibleDeadlines(user: AuthenticatedUser, deadline = 'd', review = 'r'): SqlCondition {
  const visible = visibleReviews(user, review);
  const params: Record<string, unknown> = {
    ...visible.params,
    responsibleUserId: user.id,
    responsiblePartnershipId: user.partnershipId,
    responsibleAgencyId: user.agencyId ?? null,
  };
  const within: string[] = [];
  if (can(user, 'chase-every-deadline-of-partnership')) within.push(`${review}.partnership_id = :responsiblePartnershipId`);
  if (user.roles.includes(Role.IndependentChair)) within.push(`${review}.chair_user_id = :responsibleUserId`);
  if (user.roles.includes(Role.PanelMember)) {
    within.push(`EXISTS (SELECT 1 FROM information_request_facts resp_ir JOIN review_appointments resp_pm ON resp_pm.review_id = resp_ir.review_id AND resp_pm.agency_id = resp_ir.agency_id AND resp_pm.appointment = 'panel-member'
      WHERE resp_ir.review_id = ${review}.id AND resp_pm.user_id = :responsibleUserId AND ${deadline}.key = 'information-request:' || resp_ir.id::text)`);
  }
  const grants = within.length ? [`(${visible.sql} AND (${within.join(' OR ')}))`] : [];
  if (user.roles.includes(Role.AgencyActionOwner) && user.agencyId) {
    grants.push(
      `(${review}.partnership_id = :responsiblePartnershipId AND EXISTS (SELECT 1 FROM recommendation_action_facts resp_a WHERE resp_a.deadline_id = ${deadline}.id AND resp_a.owning_agency_id = :responsibleAgencyId))`,
    );
  }
  return { sql: grants.length ? `(${grants.join(' OR ')})` : 'FALSE', params };
}
