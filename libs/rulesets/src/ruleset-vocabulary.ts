import { getMetadataStorage } from 'class-validator';

/** What the product knows of one action it can carry out: what its body can say. */
export interface ActionVocabulary {
  /** Outcome values the action's body can carry (e.g. decide: hold, not-held, under-a-duty, not-under-a-duty); absent when it has none. */
  outcomes?: readonly string[];
  /** The body's calendar-date fields (for `effectiveDate` and a clock's `from`). */
  dateFields: readonly string[];
}

/**
 * Every name a ruleset may use that the product, not the ruleset, defines. A ruleset is checked
 * against it when installed, so a misspelt name stops the start instead of failing a request.
 */
export interface RulesetVocabulary {
  actions: ReadonlyMap<string, ActionVocabulary>;
  /**
   * Guard names the product can check; a guard written `name:argument` is checked by its name, and
   * an argument that names a deadline must be one of the ruleset's deadlines. A guard that takes a
   * deadline is listed with the placeholder, `deadline-outstanding:<deadline>`; one listed bare
   * takes no argument.
   */
  guards: ReadonlySet<string>;
  roles: ReadonlySet<string>;
  /** Review fields a clock may run from besides the action's own date fields (e.g. notifiedOn, decidedOn). */
  reviewDateFields: readonly string[];
  /**
   * The review's date fields that are set when it is created, from the create request (e.g.
   * notifiedOn): the only ones an `onCreation` clock may run from, since nothing else is known yet.
   */
  creationDateFields: readonly string[];
  /** The suspect's relationships to the victim a death can record, for `precedence.yieldsTo.suspectRelationships`. */
  suspectRelationships: readonly string[];
  /** The kinds of other review a review can be linked to, for `precedence.yieldsTo.linkedReviews`. */
  linkedReviewKinds: readonly string[];
}

/** The placeholder that marks a guard taking a deadline as its argument. */
export const DEADLINE_ARGUMENT = '<deadline>';

/**
 * An action's vocabulary read off its body class's validation rules: its calendar-date fields
 * (those with `@IsCalendarDate`/`@CalendarDateField`) and, when it has an `outcome` field checked
 * with `@IsIn`, the outcomes that allows.
 */
export function actionVocabularyOf(body: abstract new (...args: never[]) => unknown): ActionVocabulary {
  const rules = getMetadataStorage().getTargetValidationMetadatas(body as unknown as new () => unknown, '', true, false);
  const dateFields = [...new Set(rules.filter((r) => r.name === 'isCalendarDate').map((r) => r.propertyName))];
  const outcome = rules.find((r) => r.propertyName === 'outcome' && r.name === 'isIn');
  return outcome ? { outcomes: [...(outcome.constraints[0] as string[])], dateFields } : { dateFields };
}
