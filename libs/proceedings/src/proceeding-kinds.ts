/** The kinds of proceeding that run beside a review (DOMAIN.md: parallel proceedings), each in words. */
export const PROCEEDING_KINDS = [
  'criminal-trial',
  'inquest',
  'safeguarding-adults-review',
  'child-safeguarding-practice-review',
  'iopc-investigation',
  'other-investigation',
] as const;
export type ProceedingKind = (typeof PROCEEDING_KINDS)[number];

/** Also written into the `proceeding_facts` view (migration 1765110000000): change both together. */
export const PROCEEDING_KIND_NAMES: Record<ProceedingKind, string> = {
  'criminal-trial': 'Criminal trial',
  inquest: 'Inquest',
  'safeguarding-adults-review': 'Safeguarding Adults Review',
  'child-safeguarding-practice-review': 'Child Safeguarding Practice Review',
  'iopc-investigation': 'IOPC investigation',
  'other-investigation': 'Other investigation',
};

export const PROCEEDING_STATUSES = ['not-started', 'under-way', 'adjourned', 'concluded'] as const;
export type ProceedingStatus = (typeof PROCEEDING_STATUSES)[number];

export const PROCEEDING_STATUS_NAMES: Record<ProceedingStatus, string> = {
  'not-started': 'Not started',
  'under-way': 'Under way',
  adjourned: 'Adjourned',
  concluded: 'Concluded',
};
