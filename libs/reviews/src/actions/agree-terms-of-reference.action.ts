import { Injectable } from '@nestjs/common';
import { CalendarDateField, dateField, FieldSpec } from '@app/common';
import { ReviewAction, ReviewActionHandler } from '../pipeline/review-action';

export class TermsOfReferenceBody {
  @CalendarDateField('The date the panel agreed the terms of reference')
  agreedOn: string;
}

@ReviewAction()
@Injectable()
export class AgreeTermsOfReferenceAction extends ReviewActionHandler<TermsOfReferenceBody> {
  readonly name = 'agree-terms-of-reference';
  readonly body = TermsOfReferenceBody;
  readonly summary = 'Records the day the panel agreed the terms of reference.';

  form(): FieldSpec[] {
    return [dateField('agreedOn', 'Date the terms of reference were agreed')];
  }
}
