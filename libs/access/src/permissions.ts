import { Role } from './roles';

/**
 * Who may do what: the one place that lists roles. Everything else asks `can(user, permission)`,
 * `rolesWith(permission)` or puts `@Allow(permission)` on a route.
 *
 * A permission here is what holding a role allows on its own. Grants that also need an
 * appointment or a membership (the review's own chair, a member of this board, the action
 * owner of this action's agency) check that person's link where they are used.
 */
export const PERMISSIONS = {
  // Reviews and deaths: the partnership's case officers run its reviews.
  /** Case officers open a review when a death is notified to the partnership. */
  'log-notification': [Role.CspManager, Role.CspChair],
  /** A death's facts are the case officers' record, shared by every review of it. */
  'record-death': [Role.CspManager, Role.CspChair],
  /** A victim's real name is need-to-know: only those who run the partnership's reviews. */
  'read-victim-identity': [Role.CspManager, Role.CspChair],
  /** Letting another partnership into a review is the lead partnership's decision. */
  'add-contributor': [Role.CspManager, Role.CspChair],
  /** Whoever runs the review ties it to a joint or earlier review; an independent chair only a review they chair. */
  'link-reviews': [Role.CspManager, Role.CspChair, Role.IndependentChair],
  /** They run or check every review of the partnership, so they see them all. */
  'see-every-review-of-partnership': [Role.CspManager, Role.CspChair, Role.Auditor],
  /** They run every review, so every deadline of the partnership is theirs to meet or chase. */
  'chase-every-deadline-of-partnership': [Role.CspManager, Role.CspChair],
  /** The whole record (with its whole audit trail) goes to those who answer for every review; besides them, the review's own chair. */
  'export-review-record': [Role.CspManager, Role.CspChair, Role.Auditor],

  // Recommendations and their action plans.
  /** Case officers keep every action plan up to date; besides them, the owning agency and the review's chair. */
  'record-progress-on-any-action': [Role.CspManager, Role.CspChair],
  /** An action owner works their own agency's actions, whether or not they can see the review. */
  'work-agency-actions': [Role.AgencyActionOwner],

  // Documents on a review: need-to-know by who you are on the review and the document's kind.
  /** Those who run the review see every document on it: the case officers, and the review's own chair. */
  'see-every-review-document': [Role.CspManager, Role.CspChair, Role.IndependentChair],
  /** A member of the review's panel sees their own agency's submissions and what is shared with the panel, never family correspondence. */
  'see-agency-and-panel-documents': [Role.PanelMember],
  /** Board members see the report under sign-off (overview report, executive summary) once the review reaches sign-off. */
  'see-report-under-sign-off': [Role.BoardMember],
  /** The case officer and the review's own chair file any document on the review. */
  'upload-any-review-document': [Role.CspManager, Role.IndependentChair],
  /** A member of the review's panel files their own agency's IMR and chronology. */
  'upload-agency-submissions': [Role.PanelMember],

  // Boards.
  /** Board members sign off reviews for the boards they sit on. */
  'sign-off-for-board': [Role.BoardMember],
  /** Board members and the people who oversee the boards have a use for the board pages. */
  'open-board-pages': [Role.BoardMember, Role.CspManager, Role.CspChair, Role.Auditor, Role.Administrator],
  /** They oversee the partnership's boards, so they open any board's pages, member or not. */
  'oversee-every-board': [Role.CspManager, Role.CspChair, Role.Auditor, Role.Administrator],
  /** Oversight follows any board's line of sight into the audit trail; otherwise only the board's members. */
  'read-any-board-audit-trail': [Role.Auditor, Role.CspManager, Role.CspChair],
  /** Oversight reads any board's quarterly report; otherwise only the board's members. */
  'read-board-report': [Role.CspManager, Role.CspChair, Role.Auditor],
  /** Administrators keep the checkpoints of every board (and so may see them); otherwise only the board's members. */
  'record-any-board-checkpoint': [Role.Administrator],
  /** A board's chair, quorum and members are set up by administrators. */
  'manage-boards': [Role.Administrator],

  // Finding people to appoint.
  /** Those who appoint a review's chair and panel find the partnership's people by role and agency (names, roles, agency; never emails). */
  'find-people': [Role.CspManager, Role.CspChair, Role.IndependentChair, Role.Administrator],

  // Administration.
  /** Bringing in reviews already under way from a spreadsheet: the administrators who set the service up, and the CSP managers whose records they are. */
  'import-reviews': [Role.Administrator, Role.CspManager],
  /** Accounts and their roles are the administrators' to give and take away. */
  'administer-users': [Role.Administrator],
  /** Outgoing mail (and retrying what failed) is an operational matter for administrators. */
  'manage-outbox': [Role.Administrator],
  /** When and how often people are chased is set per partnership by administrators. */
  'manage-reminder-settings': [Role.Administrator],
  /** Which review types the partnership runs is configuration, for administrators. */
  'manage-review-types': [Role.Administrator],
  /** Checking the audit chain end to end is an administrator's routine. */
  'verify-audit-chain': [Role.Administrator],
  /** The administration pages (users, reminders, undelivered mail) are for administrators. */
  'use-administration-pages': [Role.Administrator],

  // Retention and disposal (local practice: no national rule).
  /** How long a review type's records are kept is the partnership's records policy, set by administrators. */
  'manage-retention': [Role.Administrator],
  /** Disposing of a review's personal data cannot be undone: administrators only, and only on their confirmation. */
  'dispose-of-records': [Role.Administrator],
  /** A hold stops disposal, so placing one is never harmful: those who run the reviews learn of an inquiry or claim first. */
  'place-legal-hold': [Role.Administrator, Role.CspChair, Role.CspManager],
  /** Lifting a hold lets disposal go ahead: the administrators, and the CSP chair who answers for the reviews. */
  'lift-legal-hold': [Role.Administrator, Role.CspChair],
  /** Who sees a review's holds: those who may place one, and oversight. */
  'see-legal-holds': [Role.Administrator, Role.CspChair, Role.CspManager, Role.Auditor],

  // Anonymisation (nothing identifying leaves).
  /** The names a review's documents must not carry are recorded by those who run the review, and its own chair (checked where used). */
  'manage-protected-identities': [Role.CspManager, Role.CspChair, Role.IndependentChair],
  /** Checking a report for protected names, and acknowledging what is kept: the same people, the chair only for their review. */
  'check-anonymisation': [Role.CspManager, Role.CspChair, Role.IndependentChair],

  // The family (need-to-know: their names, wishes and every contact with them).
  /** The family's record and contact log: those who run the review, and its own chair (checked where used); never the panel or boards. */
  'work-with-family': [Role.CspManager, Role.CspChair, Role.IndependentChair],

  // Subject access (UK GDPR art. 15; DPA 2018 s.45).
  /**
   * Finding a person by name across every review, and exporting all the product holds about them:
   * the partnership's CSP manager, who answers its subject access requests and already sees every
   * review and real name; every search and export audited.
   */
  'subject-access': [Role.CspManager],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Every permission's name. */
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether someone holding these roles has this permission. */
export function can(user: { roles: readonly string[] }, permission: Permission): boolean {
  const holders: readonly string[] = PERMISSIONS[permission];
  return user.roles.some((role) => holders.includes(role));
}

/** The roles that hold this permission (a copy: the table is not the caller's to change). */
export function rolesWith(permission: Permission): Role[] {
  return [...PERMISSIONS[permission]];
}
