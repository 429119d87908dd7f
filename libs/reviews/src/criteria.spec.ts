import dhr2016 from '../../rulesets/definitions/dhr-2016.json';
import { Ruleset, RulesetDefinition } from '@app/rulesets';
import { unmetCriteria } from './criteria';

const dhr = new Ruleset(dhr2016 as RulesetDefinition);

describe('review criteria', () => {
  it('warns of a victim under 16 for a DHR, and of nothing at 16 or over', () => {
    expect(unmetCriteria(dhr, { victimAgeAtDeath: 15 }).map((c) => c.key)).toEqual(['victim-16-or-over']);
    expect(unmetCriteria(dhr, { victimAgeAtDeath: 16 })).toEqual([]);
  });
});
