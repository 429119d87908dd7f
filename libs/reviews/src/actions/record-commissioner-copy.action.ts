import { Injectable } from '@nestjs/common';
import { CalendarDateField, dateField, FieldSpec } from '@app/common';
import { ReviewAction, ReviewActionHandler } from '../pipeline/review-action';

export class CopySentBody {
  @CalendarDateField('The date the copy was sent')
  sentOn: string;
}

@ReviewAction()
@Injectable()
export class RecordCommissionerCopyAction extends ReviewActionHandler<CopySentBody> {
  readonly name = 'record-commissioner-copy';
  readonly body = CopySentBody;
  readonly summary = 'Records the day a copy of the report went to the Domestic Abuse Commissioner (DVCVA 2004 s.9(3B)-(3C)).';

  form(): FieldSpec[] {
    return [dateField('sentOn', 'Date the copy was sent')];
  }
}
