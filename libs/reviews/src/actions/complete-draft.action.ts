import { Injectable } from '@nestjs/common';
import { FieldSpec } from '@app/common';
import { ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { OnDateBody, onDateForm } from './action-fields';

@ReviewAction()
@Injectable()
export class CompleteDraftAction extends ReviewActionHandler<OnDateBody> {
  readonly name = 'complete-draft';
  readonly body = OnDateBody;
  readonly summary = 'Records that the overview report, executive summary and action plan are drafted, ready for sign-off.';

  form(): FieldSpec[] {
    return onDateForm();
  }
}
