import { Role } from '@app/access';

export interface DemoPerson {
  email: string;
  name: string;
  roles: Role[];
  agency?: string;
  boards?: string[];
  chairs?: string;
}

/**
 * One fictional person per role for the demo partnership. Names are invented and email
 * addresses use the reserved .example domain, so nothing here can reach a real person.
 */
export const DEMO_PEOPLE: ReadonlyArray<DemoPerson> = [
  { email: 'manager@halton.example', name: 'Morgan Ashby', roles: [Role.CspManager] },
  { email: 'csp-chair@halton.example', name: 'Dana Kettering', roles: [Role.CspChair] },
  { email: 'chair@review.example', name: 'Robin Calder', roles: [Role.IndependentChair] },
  { email: 'panel@halton.example', name: 'Sam Okonedo', roles: [Role.PanelMember], agency: 'cheshire-police' },
  { email: 'board@halton.example', name: 'Jo Whitfield', roles: [Role.BoardMember], boards: ['csp', 'dab'], chairs: 'csp' },
  { email: 'dab-chair@halton.example', name: 'Ruth Penrose', roles: [Role.BoardMember], boards: ['dab'], chairs: 'dab' },
  { email: 'board-member@halton.example', name: 'Lee Harrow', roles: [Role.BoardMember], boards: ['csp', 'dab'] },
  { email: 'actions@halton.example', name: 'Alex Morrow', roles: [Role.AgencyActionOwner], agency: 'housing' },
  { email: 'auditor@halton.example', name: 'Chris Penhale', roles: [Role.Auditor] },
  { email: 'admin@halton.example', name: 'Pat Denholm', roles: [Role.Administrator] },
];

/**
 * The second demo partnership: one in an area of the OWHR pilot (SI 2023/227 piloted the reviews
 * in parts of London, the West Midlands and South Wales), where Offensive Weapons Homicide
 * Reviews are switched on. Its people are as fictional as the first's.
 */
export const PILOT_PARTNERSHIP = {
  name: 'Birmingham Community Safety Partnership (demo, OWHR pilot area)',
  domesticAbuseBoardName: 'Birmingham Domestic Abuse Board (demo)',
  agencies: [
    { code: 'birmingham-city-council', name: 'Birmingham City Council' },
    { code: 'west-midlands-police', name: 'West Midlands Police' },
    { code: 'nhs-birmingham-and-solihull-icb', name: 'NHS Birmingham and Solihull Integrated Care Board' },
    { code: 'west-midlands-fire-service', name: 'West Midlands Fire Service' },
    { code: 'probation', name: 'Probation' },
    { code: 'housing', name: 'Housing' },
    { code: 'public-health', name: 'Public Health' },
    { code: 'youth-justice-service', name: 'Youth Justice Service' },
  ],
  people: [
    { email: 'manager@pilot.example', name: 'Jordan Beckwith', roles: [Role.CspManager] },
    { email: 'csp-chair@pilot.example', name: 'Avery Lonsdale', roles: [Role.CspChair] },
    { email: 'chair@pilot.example', name: 'Quinn Harwood', roles: [Role.IndependentChair] },
    { email: 'police@pilot.example', name: 'Rowan Tate', roles: [Role.ReviewPartner], agency: 'west-midlands-police' },
    { email: 'council@pilot.example', name: 'Casey Millbrook', roles: [Role.ReviewPartner], agency: 'birmingham-city-council' },
    { email: 'icb@pilot.example', name: 'Emery Vance', roles: [Role.ReviewPartner], agency: 'nhs-birmingham-and-solihull-icb' },
    { email: 'panel@pilot.example', name: 'Skyler Adeyemi', roles: [Role.PanelMember], agency: 'west-midlands-police' },
  ] as ReadonlyArray<DemoPerson>,
};
