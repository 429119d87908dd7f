import { Injectable } from '@nestjs/common';
import { ConflictProblem, FieldSpec } from '@app/common';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { checkCriteriaAcknowledged, DecideBody, decisionForm } from './decide.action';

/** A changed decision (an OWHR found to be under a duty after all, or not): the Secretary of State must hear of it. */
@ReviewAction()
@Injectable()
export class ReverseDecisionAction extends ReviewActionHandler<DecideBody> {
  readonly name = 'reverse-decision';
  readonly body = DecideBody;
  readonly summary = 'Changes the decision whether to hold a review before it has run its course; the earlier decision stays on record.';

  override async apply(context: ActionContext<DecideBody>): Promise<void> {
    const { review, ruleset, body, details } = context;
    if (!review.decisionOutcome || !review.decidedOn) throw new ConflictProblem('There is no decision to reverse yet: record one with the action decide.');
    if (review.decisionOutcome === body.outcome) throw new ConflictProblem(`The decision is already '${body.outcome}'.`, { decision: review.decisionOutcome });
    if (review.stage === ruleset.definition.closedStage && ruleset.goesAhead('decide', review.decisionOutcome)) {
      throw new ConflictProblem('The review ran its course and is closed: its decision can no longer be reversed.');
    }
    notBefore('decidedOn', body.decidedOn, review.decidedOn, 'the decision it reverses');
    checkCriteriaAcknowledged(context);
    details.reversed = { outcome: review.decisionOutcome, decidedOn: review.decidedOn };
    review.decisionOutcome = body.outcome;
    review.decidedOn = body.decidedOn;
    review.decisionRationale = body.rationale;
    details.outcome = body.outcome;
  }

  form(input: ActionFormInput): FieldSpec[] {
    return decisionForm(input, this.name);
  }
}
