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

/**
 * A review of a death outside the statutory pilot its ruleset names (an OWHR under SI 2023/227):
 * a warning, not a block, since the partnership may hold the review anyway.
 */
export function pilotWarnings(ruleset: Ruleset, dateOfDeath: string): { key: string; warning: string }[] {
  const pilot = ruleset.definition.pilot;
  if (!pilot || (dateOfDeath >= pilot.deathsFrom && dateOfDeath <= pilot.deathsTo)) return [];
  const cites = pilot.source.map((s) => s.cite.split(':')[0]).join('; ');
  return [
    {
      key: 'death-outside-pilot',
      warning:
        `The death (${dateOfDeath}) is outside the statutory pilot (${cites}), which covers deaths from ${pilot.deathsFrom} to ${pilot.deathsTo} ` +
        `in ${pilot.areas.join(', ')}: check that the duty to hold ${ruleset.aName} applies to this death before treating the review as statutory.`,
    },
  ];
}
