import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { CalendarDateField, dateField, FieldSpec, textareaField } from '@app/common';
import { pausedLength } from '@app/deadlines';
import { PAUSE_CATEGORIES, ReviewPause } from '../entities/review-pause.entity';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { OnDateBody, onDateForm, Text } from './action-fields';

export class PauseBody {
  @Text(2000, 'Criminal trial listed for the spring; the panel cannot interview witnesses before it.')
  reason: string;

  @CalendarDateField('The date the pause began')
  startedOn: string;

  @ApiPropertyOptional({ enum: PAUSE_CATEGORIES, default: 'other' })
  @IsOptional()
  @IsIn(PAUSE_CATEGORIES, { message: `must be one of: ${PAUSE_CATEGORIES.join(', ')}` })
  category?: (typeof PAUSE_CATEGORIES)[number];
}

/** Each pause category in words, as the form and the review page say it. */
export const CATEGORY_NAMES: Record<(typeof PAUSE_CATEGORIES)[number], string> = {
  'criminal-proceedings': 'Criminal proceedings',
  inquest: 'Inquest',
  'family-request': 'The family asked',
  other: 'Other',
};

@ReviewAction()
@Injectable()
export class PauseAction extends ReviewActionHandler<PauseBody> {
  readonly name = 'pause';
  readonly body = PauseBody;
  readonly summary = 'Pauses the review, with the reason and what it waits for: its own clocks stop (statutory notices keep running) until it resumes.';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, user, details }: ActionContext<PauseBody>): Promise<void> {
    const pauses = this.txHost.tx.getRepository(ReviewPause);
    const last = await pauses.findOne({ where: { reviewId: review.id }, order: { startedOn: 'DESC' } });
    notBefore('startedOn', body.startedOn, last?.endedOn ?? null, 'the end of the last pause');
    notBefore('startedOn', body.startedOn, review.stageEnteredOn, 'the review reached its current stage');
    const pause = await pauses.save(
      pauses.create({
        reviewId: review.id,
        category: body.category ?? 'other',
        reason: body.reason.trim(),
        startedOn: body.startedOn,
        endedOn: null,
        approvedBy: user.id,
      }),
    );
    review.status = 'paused';
    Object.assign(details, { pauseId: pause.id, category: pause.category });
  }

  form(): FieldSpec[] {
    return [
      {
        path: 'category',
        label: 'Why the review is paused',
        kind: 'radios',
        choices: PAUSE_CATEGORIES.map((value) => ({ value, text: CATEGORY_NAMES[value] })),
      },
      textareaField('reason', 'Reason'),
      dateField('startedOn', 'Date the pause began'),
    ];
  }
}

@ReviewAction()
@Injectable()
export class ResumeAction extends ReviewActionHandler<OnDateBody> {
  readonly name = 'resume';
  readonly body = OnDateBody;
  readonly summary = 'Resumes a paused review: its own outstanding clocks move on by the days it was paused.';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, user, details, clocks }: ActionContext<OnDateBody>): Promise<void> {
    const pauses = this.txHost.tx.getRepository(ReviewPause);
    const pause = await pauses.findOneByOrFail({ reviewId: review.id, endedOn: IsNull() });
    notBefore('on', body.on, pause.startedOn, 'the pause began');
    const days = pausedLength(pause.startedOn, body.on);
    await pauses.update({ id: pause.id }, { endedOn: body.on, pausedDays: days, resumedBy: user.id });
    const moved = await clocks.shiftOutstanding(days);
    review.status = 'open';
    Object.assign(details, { pauseId: pause.id, pausedDays: days, deadlinesMoved: moved });
  }

  form(): FieldSpec[] {
    return onDateForm();
  }
}
