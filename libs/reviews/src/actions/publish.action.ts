import { Injectable } from '@nestjs/common';
import { CalendarDateField, dateField, FieldSpec } from '@app/common';
import { ReviewAction, ReviewActionHandler } from '../pipeline/review-action';

export class PublishBody {
  @CalendarDateField('The date of publication')
  publishedOn: string;
}

@ReviewAction()
@Injectable()
export class PublishAction extends ReviewActionHandler<PublishBody> {
  readonly name = 'publish';
  readonly body = PublishBody;
  readonly summary = 'Records the publication of the anonymised report; monitoring of the action plan follows.';

  form(): FieldSpec[] {
    return [dateField('publishedOn', 'Date published')];
  }
}
