import { Injectable } from '@nestjs/common';
import { CalendarDateField, dateField, FieldSpec, textareaField } from '@app/common';
import { ActionContext, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Text } from './action-fields';

export class DiscontinueBody {
  @CalendarDateField('The date the review was discontinued')
  on: string;

  @Text(2000, 'A Domestic Homicide Review is to be held: the suspect was a former partner.')
  reason: string;
}

@ReviewAction()
@Injectable()
export class DiscontinueAction extends ReviewActionHandler<DiscontinueBody> {
  readonly name = 'discontinue';
  readonly body = DiscontinueBody;
  readonly summary =
    'Discontinues a review found not to meet its conditions (PCSCA 2022 s.24(3)), with the reason; the product does so itself when a review that takes precedence is opened.';

  override async apply({ body, details }: ActionContext<DiscontinueBody>): Promise<void> {
    details.reason = body.reason.trim();
  }

  form(): FieldSpec[] {
    return [dateField('on', 'Date discontinued'), textareaField('reason', 'Reason')];
  }
}
