import { Injectable } from '@nestjs/common';
import { CalendarDateField, dateField, FieldSpec } from '@app/common';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';

export class HomeOfficeNoticeBody {
  @CalendarDateField('The date the Home Office was told of the decision')
  sentOn: string;
}

@ReviewAction()
@Injectable()
export class RecordHomeOfficeNoticeAction extends ReviewActionHandler<HomeOfficeNoticeBody> {
  readonly name = 'record-home-office-notice';
  readonly body = HomeOfficeNoticeBody;
  readonly summary = 'Records the day the Home Office was told of the decision (held or not held).';

  override async apply({ review, body }: ActionContext<HomeOfficeNoticeBody>): Promise<void> {
    notBefore('sentOn', body.sentOn, review.decidedOn, 'the decision');
  }

  form(): FieldSpec[] {
    return [dateField('sentOn', 'Date the Home Office was told')];
  }
}
