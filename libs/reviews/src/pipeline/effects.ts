import { CalendarDate, ValidationProblem } from '@app/common';
import { ActionEffects, ActionRule, DeadlineClock } from '@app/rulesets';

/**
 * The pipeline's pure steps: no Nest, no database. Each takes the facts it needs and answers
 * with what changes, so the rules of a stage move or an effective date are tested on their own.
 */

/** What an action does to the stage and the clocks: its own effects, then its outcome's on top. */
export function mergeEffects(base: ActionEffects, outcome?: ActionEffects): ActionEffects {
  return {
    moveTo: outcome?.moveTo ?? base.moveTo,
    meets: [...(base.meets ?? []), ...(outcome?.meets ?? [])],
    cancels: [...(base.cancels ?? []), ...(outcome?.cancels ?? [])],
    opens: [...(base.opens ?? []), ...(outcome?.opens ?? [])],
    newSignOffRound: outcome?.newSignOffRound ?? base.newSignOffRound,
  };
}

/** A date in a body that must not come before another date the review already holds. */
export function notBefore(field: string, date: CalendarDate, bound: CalendarDate | null, what: string): void {
  if (bound && date < bound) throw ValidationProblem.field(field, `must not be before ${what} (${bound})`);
}

/** The review's facts a stage move and an effective date depend on. */
export interface StageState {
  stage: string;
  status: string;
  stageEnteredOn: CalendarDate;
  stagesReached: string[];
  boardVisible: boolean;
  notifiedOn: CalendarDate;
}

/**
 * The day the action took effect: the body's `effectiveDate` field where the ruleset names one
 * (not in the future, not before the notification, and, when it moves the stage, not before the
 * current stage began), otherwise today.
 */
export function effectiveDateOf(
  rule: Pick<ActionRule, 'effectiveDate'>,
  effects: ActionEffects,
  body: object,
  review: StageState,
  today: CalendarDate,
): CalendarDate {
  if (!rule.effectiveDate) return today;
  const field = rule.effectiveDate;
  const on = (body as Record<string, CalendarDate | undefined>)[field];
  // A body whose date is optional (a reason recorded instead of a date) takes effect today.
  if (on === undefined) return today;
  if (on > today) throw ValidationProblem.field(field, `must not be in the future (today is ${today})`);
  notBefore(field, on, review.notifiedOn, 'the notification');
  if (effects.moveTo && effects.moveTo !== review.stage) notBefore(field, on, review.stageEnteredOn, `the review reached the stage '${review.stage}'`);
  return on;
}

/** How the ruleset ends and reveals stages. */
export interface StageRules {
  /** Stages that end the review: the closed stage and any that end it early. */
  endStages: readonly string[];
  boardVisibleFromStage: string;
}

/** The review's state after moving to `stage` on `on` (the same state when it is already there). */
export function moveToStage<S extends StageState>(review: S, rules: StageRules, stage: string, on: CalendarDate): Pick<S, keyof StageState> {
  if (stage === review.stage) return review;
  const ends = rules.endStages.includes(stage);
  return {
    stage,
    stageEnteredOn: on,
    stagesReached: review.stagesReached.includes(stage) ? review.stagesReached : [...review.stagesReached, stage],
    boardVisible: review.boardVisible || stage === rules.boardVisibleFromStage,
    // A reversed decision can bring a closed review back to life.
    status: ends ? 'closed' : review.status === 'closed' ? 'open' : review.status,
    notifiedOn: review.notifiedOn,
  };
}

/**
 * Where a ruleset's clock starts: the body's date field of that name, else the review's. A clock
 * that ran before (a decision reversed twice) runs again as a new instance, `review:2`, so the
 * first run's record stays; one still running is left to run (null).
 */
export function clockToOpen(
  clock: DeadlineClock,
  earlier: { completedOn: CalendarDate | null }[],
  body: object,
  review: object,
): { key: string; from: CalendarDate } | null {
  if (earlier.some((d) => d.completedOn === null)) return null;
  const from = (body as Record<string, CalendarDate>)[clock.from] ?? (review as Record<string, CalendarDate>)[clock.from];
  return { key: earlier.length ? `${clock.deadline}:${earlier.length + 1}` : clock.deadline, from };
}

/** The review's state as the audit trail records it before and after a change. */
export function snapshot(review: {
  stage: string;
  status: string;
  version: number;
  decisionOutcome: string | null;
  chairUserId: string | null;
  signOffRound: number;
}): Record<string, unknown> {
  return {
    stage: review.stage,
    status: review.status,
    version: review.version,
    decisionOutcome: review.decisionOutcome,
    chairUserId: review.chairUserId,
    signOffRound: review.signOffRound,
  };
}
