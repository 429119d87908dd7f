/** The partner agencies of a Community Safety Partnership (DOMAIN.md, "Who uses it"). */
export const PARTNER_AGENCIES: ReadonlyArray<{ code: string; name: string }> = [
  { code: 'halton-borough-council', name: 'Halton Borough Council' },
  { code: 'cheshire-police', name: 'Cheshire Police' },
  { code: 'cheshire-fire-and-rescue', name: 'Cheshire Fire and Rescue' },
  { code: 'nhs-cheshire-and-merseyside', name: 'NHS Cheshire and Merseyside' },
  { code: 'probation', name: 'Probation' },
  { code: 'housing', name: 'Housing' },
  { code: 'public-health', name: 'Public Health' },
  { code: 'police-and-crime-commissioner', name: 'Police and Crime Commissioner' },
  { code: 'youth-offending-service', name: 'Youth Offending Service' },
  { code: 'dwp', name: 'DWP' },
  { code: 'education-childrens-services', name: "Education/Children's Services" },
  { code: 'mental-health', name: 'Mental Health' },
];

/** The nine priorities of the Safer Halton Partnership Strategy 2024-27 (DOMAIN.md). */
export const STRATEGY_PRIORITIES: ReadonlyArray<{ key: string; name: string }> = [
  { key: 'anti-social-behaviour', name: 'Anti-social behaviour' },
  { key: 'domestic-abuse-vawg', name: 'Domestic abuse and violence against women and girls' },
  { key: 'serious-organised-crime', name: 'Serious and organised crime' },
  { key: 'integrated-offender-management', name: 'Integrated offender management' },
  { key: 'counter-terrorism-prevent', name: 'Counter terrorism / Prevent' },
  { key: 'hate-crime', name: 'Hate crime' },
  { key: 'substance-misuse', name: 'Substance misuse' },
  { key: 'serious-violence', name: 'Serious violence' },
  { key: 'road-safety', name: 'Road safety' },
];
