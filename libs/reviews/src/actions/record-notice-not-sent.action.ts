import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { dateField, dateInWords, FieldSpec, IsCalendarDate, IsOptional, textareaField, ValidationProblem } from '@app/common';
import { DeadlinesService } from '@app/deadlines';
import { statutoryNoticesOutstanding } from '../guards/review-guards';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Text } from './action-fields';

export class NoticeNotSentBody {
  @ApiProperty({
    example: 'home-office-notice',
    description: 'The key of a statutory notice the review still has outstanding, as the review lists its deadlines',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  deadline: string;

  @Text(2000, 'The Home Office confirmed in writing that it had already been told by the police.')
  reason: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-03-14',
    description: 'The date it was decided the notice would not be sent; today when left out',
  })
  @IsOptional()
  @IsCalendarDate()
  decidedOn?: string;
}

/**
 * A notice the law requires (to the Home Office, the Secretary of State, the Domestic Abuse
 * Commissioner) that was not, and will not be, sent: recorded with the reason, so the review can
 * close with it accounted for rather than left open by accident. The notice's deadline stops,
 * cancelled, with the reason beside it.
 */
@ReviewAction()
@Injectable()
export class RecordNoticeNotSentAction extends ReviewActionHandler<NoticeNotSentBody> {
  readonly name = 'record-notice-not-sent';
  readonly body = NoticeNotSentBody;
  readonly summary =
    'Records that a statutory notice still outstanding was not, and will not be, sent, with the reason: its deadline stops (cancelled) and shows as recorded as not sent.';

  constructor(private readonly deadlines: DeadlinesService) {
    super();
  }

  override async apply({ review, ruleset, body, today, details, clocks }: ActionContext<NoticeNotSentBody>): Promise<void> {
    const notices = await statutoryNoticesOutstanding(this.deadlines, review, ruleset);
    const notice = notices.find((d) => d.key === body.deadline);
    if (!notice) {
      throw ValidationProblem.field(
        'deadline',
        `must be a statutory notice of this review still outstanding: ${notices.map((d) => `${d.key} (${d.label})`).join(', ') || 'there is none'}`,
      );
    }
    const on = body.decidedOn ?? today;
    if (on > today) throw ValidationProblem.field('decidedOn', `must not be in the future (today is ${today})`);
    notBefore('decidedOn', on, review.notifiedOn, 'the notification');
    const reason = body.reason.trim();
    await clocks.recordNotSent(notice.key, reason, on);
    Object.assign(details, { deadline: notice.key, label: notice.label, dueOn: notice.dueOn, notSentOn: on, reason });
  }

  form({ review, ruleset }: ActionFormInput): FieldSpec[] {
    return [
      {
        path: 'deadline',
        label: 'Notice',
        kind: 'select',
        choices: review.deadlines
          .filter((d) => d.completedOn === null && ruleset.isStatutoryNotice(d.key))
          .map((d) => ({ value: d.key, text: `${d.label} (due ${dateInWords(d.dueOn)})` })),
      },
      textareaField('reason', 'Why it was not, and will not be, sent', 'Name no one; use pseudonyms'),
      dateField('decidedOn', 'Date decided', 'Leave empty for today'),
    ];
  }
}
