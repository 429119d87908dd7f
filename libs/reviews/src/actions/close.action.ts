import { Injectable } from '@nestjs/common';
import { FieldSpec } from '@app/common';
import { ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { OnDateBody, onDateForm } from './action-fields';

@ReviewAction()
@Injectable()
export class CloseAction extends ReviewActionHandler<OnDateBody> {
  readonly name = 'close';
  readonly body = OnDateBody;
  readonly summary =
    "Closes the review once the ruleset's conditions are met (for a DHR, every action of the action plan complete or recorded as unable to complete).";

  form(): FieldSpec[] {
    return onDateForm();
  }
}
