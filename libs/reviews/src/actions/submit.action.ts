import { Injectable } from '@nestjs/common';
import { CalendarDateField, dateField, FieldSpec } from '@app/common';
import { ReviewAction, ReviewActionHandler } from '../pipeline/review-action';

export class SubmitBody {
  @CalendarDateField('The date the report was submitted: to the Home Office Quality Assurance Panel (DHR), or to the Secretary of State (OWHR)')
  submittedOn: string;
}

const submitForm = (): FieldSpec[] => [dateField('submittedOn', 'Date submitted')];

@ReviewAction()
@Injectable()
export class SubmitToHomeOfficeAction extends ReviewActionHandler<SubmitBody> {
  readonly name = 'submit-to-home-office';
  readonly body = SubmitBody;
  readonly summary = 'Records the report signed off and submitted to the Home Office Quality Assurance Panel.';

  form(): FieldSpec[] {
    return submitForm();
  }
}

@ReviewAction()
@Injectable()
export class SubmitToSecretaryOfStateAction extends ReviewActionHandler<SubmitBody> {
  readonly name = 'submit-to-secretary-of-state';
  readonly body = SubmitBody;
  readonly summary = 'Records the report sent to the Secretary of State, who publishes it (PCSCA 2022 s.28).';

  form(): FieldSpec[] {
    return submitForm();
  }
}
