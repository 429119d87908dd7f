import { PrecedenceRule } from '@app/rulesets';
import { Death } from './deaths/death.entity';

/** What the precedence rule needs of the death's other reviews and links. */
interface OtherReview {
  type: string;
  reference: string;
}
interface RecordedLink {
  kind: string;
  externalReference: string | null;
  linkedReviewId: string | null;
}

/**
 * Why a review of a type with this precedence rule may not be opened for the death, in words;
 * empty when nothing stands in its way. `others` are the death's reviews that still count (not
 * decided against or discontinued).
 */
export function precedenceConflicts(rule: PrecedenceRule, death: Pick<Death, 'suspectRelationship'>, others: OtherReview[], links: RecordedLink[]): string[] {
  const reasons: string[] = [];
  const { reviewTypes, suspectRelationships, linkedReviews } = rule.yieldsTo;
  for (const other of others) {
    if (reviewTypes.includes(other.type) || linkedReviews.includes(other.type)) reasons.push(`it has a ${other.type} (${other.reference})`);
  }
  if (death.suspectRelationship && suspectRelationships.includes(death.suspectRelationship)) {
    reasons.push(
      `the suspect is recorded as the victim's ${death.suspectRelationship.replace(/-/g, ' ')}, so it may be the subject of a ${reviewTypes.join(' or ')}`,
    );
  }
  for (const link of links) {
    if (link.linkedReviewId === null && linkedReviews.includes(link.kind))
      reasons.push(`it is linked to a ${link.kind} (${link.externalReference ?? 'no reference'})`);
  }
  return reasons;
}
