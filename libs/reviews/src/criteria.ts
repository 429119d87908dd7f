import { Criterion, Ruleset } from '@app/rulesets';
import { Death } from './deaths/death.entity';

type CriteriaFacts = Pick<Death, 'victimAgeAtDeath' | 'offensiveWeaponInvolved'> &
  Partial<Pick<Death, 'suspectRelationship'>> & { suspectAgeAtDeath?: number | null };

/** Whether the death meets one criterion; a fact not yet known does not. */
export function meetsCriterion(criterion: Criterion, death: CriteriaFacts): boolean {
  const value = death[criterion.fact];
  if (value === null || value === undefined) return false;
  if (criterion.atLeast !== undefined) return typeof value === 'number' && value >= criterion.atLeast;
  if (criterion.oneOf !== undefined) return typeof value === 'string' && criterion.oneOf.includes(value);
  return value === criterion.is;
}

/** The ruleset's criteria this death does not meet: warnings for whoever decides. */
export function unmetCriteria(ruleset: Ruleset, death: CriteriaFacts): Criterion[] {
  return ruleset.definition.criteria.filter((criterion) => !meetsCriterion(criterion, death));
}
