import { Injectable } from '@nestjs/common';
import { FieldSpec } from '@app/common';
import { ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { OnDateBody, onDateForm } from './action-fields';

@ReviewAction()
@Injectable()
export class CompleteInformationAction extends ReviewActionHandler<OnDateBody> {
  readonly name = 'complete-information';
  readonly body = OnDateBody;
  readonly summary = 'Closes information gathering: the panel has what it asked the agencies for, and drafting begins.';

  form(): FieldSpec[] {
    return onDateForm();
  }
}
