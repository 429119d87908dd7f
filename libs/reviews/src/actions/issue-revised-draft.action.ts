import { Injectable } from '@nestjs/common';
import { CalendarDateField, dateField, FieldSpec, textareaField } from '@app/common';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Text } from './action-fields';

export class RevisedDraftBody {
  @CalendarDateField('The date the revised draft went to the boards')
  on: string;

  @Text(4000, 'Fictional: the chronology now includes the GP contacts the board asked about; recommendation 3 is reworded.')
  changes: string;
}

/**
 * A board rejected the draft: the chair answers with a revised one. The boards vote again, in a
 * new sign-off round; the earlier votes stay on record as cast on the earlier draft. Without it a
 * rejected draft would leave the review at sign-off with nothing to do.
 */
@ReviewAction()
@Injectable()
export class IssueRevisedDraftAction extends ReviewActionHandler<RevisedDraftBody> {
  readonly name = 'issue-revised-draft';
  readonly body = RevisedDraftBody;
  readonly summary =
    'After a board rejected the draft, issues a revised one, saying what changed: a new sign-off round starts, and the earlier votes stay on record as cast on the earlier draft.';

  override async apply({ review, body, details }: ActionContext<RevisedDraftBody>): Promise<void> {
    notBefore('on', body.on, review.stageEnteredOn, 'the review reached sign-off');
    Object.assign(details, { previousRound: review.signOffRound, changes: body.changes.trim() });
  }

  form(): FieldSpec[] {
    return [dateField('on', 'Date the revised draft went to the boards'), textareaField('changes', 'What changed in answer to the rejection')];
  }
}
