import { Role } from '@app/access';

/**
 * One fictional person per role for the demo partnership. Names are invented and email
 * addresses use the reserved .example domain, so nothing here can reach a real person.
 */
export const DEMO_PEOPLE: ReadonlyArray<{ email: string; name: string; roles: Role[]; agency?: string; boards?: string[]; chairs?: string }> = [
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
