import dhr2016 from '../../rulesets/definitions/dhr-2016-v4.json';
import owhr2023 from '../../rulesets/definitions/owhr-2023-v4.json';
import { Ruleset, RulesetDefinition } from '@app/rulesets';
import { pilotWarnings, unmetCriteria } from './criteria';

const dhr = new Ruleset(dhr2016 as RulesetDefinition);
const owhr = new Ruleset(owhr2023 as RulesetDefinition);
const keys = (ruleset: Ruleset, facts: Parameters<typeof unmetCriteria>[1]) => unmetCriteria(ruleset, facts).map((c) => c.key);

describe('review criteria', () => {
  it('warns of a victim under 16 for a DHR, and of nothing at 16 or over', () => {
    expect(keys(dhr, { victimAgeAtDeath: 15, offensiveWeaponInvolved: null })).toEqual(['victim-16-or-over']);
    expect(keys(dhr, { victimAgeAtDeath: 16, offensiveWeaponInvolved: null })).toEqual([]);
  });

  it('warns for an OWHR of a victim under 18 and of a weapon not recorded as involved, known or not', () => {
    expect(keys(owhr, { victimAgeAtDeath: 17, offensiveWeaponInvolved: true })).toEqual(['victim-18-or-over']);
    expect(keys(owhr, { victimAgeAtDeath: 18, offensiveWeaponInvolved: false })).toEqual(['offensive-weapon']);
    expect(keys(owhr, { victimAgeAtDeath: 30, offensiveWeaponInvolved: null })).toEqual(['offensive-weapon']);
    expect(keys(owhr, { victimAgeAtDeath: 30, offensiveWeaponInvolved: true })).toEqual([]);
  });

  it('warns of an OWHR whose death is outside the statutory pilot (SI 2023/227: 1 April to 31 December 2023), and of nothing inside it', () => {
    expect(pilotWarnings(owhr, '2023-04-01')).toEqual([]);
    expect(pilotWarnings(owhr, '2023-12-31')).toEqual([]);
    expect(pilotWarnings(owhr, '2023-03-31')).toEqual([
      { key: 'death-outside-pilot', warning: expect.stringContaining('outside the statutory pilot (SI 2023/227 reg. 1(2))') },
    ]);
    expect(pilotWarnings(owhr, '2024-01-01')[0].warning).toContain('from 2023-04-01 to 2023-12-31 in South Wales, London Borough of Barnet');
    expect(pilotWarnings(dhr, '2026-01-01')).toEqual([]);
  });
});
