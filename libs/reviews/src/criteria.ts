import { Criterion, Ruleset } from '@app/rulesets';
import { Review } from './entities/review.entity';

/** The ruleset's criteria this review does not meet: warnings for whoever decides. */
export function unmetCriteria(ruleset: Ruleset, review: Pick<Review, 'victimAgeAtDeath'>): Criterion[] {
  return ruleset.definition.criteria.filter((criterion) => review[criterion.fact] < criterion.atLeast);
}
