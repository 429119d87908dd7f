/** The roles of DOMAIN.md's "Who uses it". Values are part of the API contract. */
export enum Role {
  CspManager = 'csp-manager',
  CspChair = 'csp-chair',
  IndependentChair = 'independent-chair',
  PanelMember = 'panel-member',
  BoardMember = 'board-member',
  AgencyActionOwner = 'agency-action-owner',
  ReviewPartner = 'review-partner',
  Auditor = 'auditor',
  Administrator = 'administrator',
}

export const ROLES = Object.values(Role);

export const ROLE_LABELS: Record<Role, string> = {
  [Role.CspManager]: 'CSP manager',
  [Role.CspChair]: 'CSP chair',
  [Role.IndependentChair]: 'independent review chair',
  [Role.PanelMember]: 'panel member',
  [Role.BoardMember]: 'board member',
  [Role.AgencyActionOwner]: 'agency action owner',
  [Role.ReviewPartner]: 'review partner representative',
  [Role.Auditor]: 'auditor',
  [Role.Administrator]: 'administrator',
};

/** Roles whose holder acts for one agency, so the user must name it. */
export const AGENCY_ROLES: ReadonlyArray<Role> = [Role.PanelMember, Role.AgencyActionOwner, Role.ReviewPartner];

/** "a CSP manager", "an independent review chair", "an administrator". */
export function aRole(role: string): string {
  const label = ROLE_LABELS[role as Role] ?? role;
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}
