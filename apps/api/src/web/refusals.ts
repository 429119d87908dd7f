import { Problem } from '@app/common';
import { whoMayTake } from '@app/reviews';

export interface RefusalContext {
  /** What was tried, as a person would say it: "request information from an agency". */
  what: string;
  /** The review's stage as the ruleset names it. */
  stageLabel: string;
  /** A stage's name from its key. */
  stageName: (key: string) => string;
  /** Where the page shows what can be done instead: "below", "on the review's page". */
  alternativesAre: string;
}

function list(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : (items[0] ?? '');
}

/**
 * A refusal by the services (a wrong stage, a stale page, a role that may not) in plain words:
 * what the review is now and what can be done, never an action's or a stage's code. Returns null
 * for refusals it does not know, which the caller shows as they came.
 */
export function explainRefusal(error: Problem, context: RefusalContext): string | null {
  const what = context.what.charAt(0).toLowerCase() + context.what.slice(1);
  if (error.code === 'wrong-stage') {
    const where =
      error.extensions.reviewStatus === 'paused'
        ? `is paused at the ${context.stageLabel.toLowerCase()} stage`
        : `is at the ${context.stageLabel.toLowerCase()} stage`;
    const allowedStages = error.extensions.allowedStages as string[] | undefined;
    if (allowedStages)
      return `You cannot ‘${what}’ now: this review ${where}. It can be done only at the ${list(allowedStages.map((s) => context.stageName(s).toLowerCase()))} ${allowedStages.length > 1 ? 'stages' : 'stage'}.`;
    const allowed = (error.extensions.allowedActions as string[] | undefined) ?? [];
    return `You cannot ‘${what}’ now: this review ${where}. ${allowed.length ? `What can be done now is shown ${context.alternativesAre}.` : 'Nothing can be done to it now.'}`;
  }
  if (error.code === 'stale-version') {
    return 'Someone else changed this review while you were reading it. Check the page as it is now, then try again.';
  }
  const roles = error.extensions.allowedRoles as string[] | undefined;
  if (error.code === 'not-allowed' && roles?.length) return `You cannot ‘${what}’: only ${whoMayTake({ roles })} may do that.`;
  return null;
}
