import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { CalendarDateField, dateField, FieldSpec, IsCalendarDate, textareaField, ValidationProblem, IsOptional } from '@app/common';
import { pausedLength } from '@app/deadlines';
import { PAUSE_CATEGORIES, ReviewPause } from '../entities/review-pause.entity';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
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

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "The review's parallel proceeding the pause waits for (GET /api/reviews/:id/proceedings). Without a category, a criminal trial's pause is criminal proceedings and an inquest's an inquest.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a proceeding of this review' })
  proceedingId?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2027-03-14',
    description: "When the pause is expected to end, not before it began; without it, the named proceeding's expected conclusion",
  })
  @IsOptional()
  @IsCalendarDate()
  expectedEndOn?: string;
}

/** A proceeding of the review as `proceeding_facts` (owned by libs/proceedings) shows it. */
interface ProceedingFact {
  id: string;
  kind: string;
  kind_name: string;
  body: string;
  reference: string | null;
  expected_conclusion_on: string | null;
}

/** The pause category a proceeding's kind implies, when the pause does not say one. */
const CATEGORY_OF_KIND: Record<string, (typeof PAUSE_CATEGORIES)[number]> = { 'criminal-trial': 'criminal-proceedings', inquest: 'inquest' };

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
    const proceeding = body.proceedingId ? await this.proceedingOf(review.id, body.proceedingId) : null;
    if (body.proceedingId && !proceeding) throw ValidationProblem.field('proceedingId', 'must be the id of a proceeding of this review');
    if (body.expectedEndOn !== undefined && body.expectedEndOn < body.startedOn)
      throw ValidationProblem.field('expectedEndOn', `must not be before the pause began (${body.startedOn})`);
    const expectedEndOn = body.expectedEndOn ?? proceeding?.expected_conclusion_on ?? null;
    if (expectedEndOn !== null && expectedEndOn < body.startedOn)
      throw ValidationProblem.field(
        'expectedEndOn',
        `is required: the proceeding was expected to conclude on ${expectedEndOn}, before the pause began (${body.startedOn}); say when the pause is expected to end`,
      );
    const pause = await pauses.save(
      pauses.create({
        reviewId: review.id,
        category: body.category ?? (proceeding ? CATEGORY_OF_KIND[proceeding.kind] : undefined) ?? 'other',
        proceedingId: proceeding?.id ?? null,
        expectedEndOn,
        reason: body.reason.trim(),
        startedOn: body.startedOn,
        endedOn: null,
        approvedBy: user.id,
      }),
    );
    review.status = 'paused';
    Object.assign(details, { pauseId: pause.id, category: pause.category, proceedingId: pause.proceedingId, expectedEndOn: pause.expectedEndOn });
  }

  /** The review's proceeding of that id, read from the view libs/proceedings publishes; null when it has none. */
  private async proceedingOf(reviewId: string, id: string): Promise<ProceedingFact | null> {
    const rows = (await this.txHost.tx.query(
      'SELECT id, kind, kind_name, body, reference, expected_conclusion_on FROM proceeding_facts WHERE review_id = $1 AND id = $2',
      [reviewId, id],
    )) as ProceedingFact[];
    return rows[0] ?? null;
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    const proceedings = (await this.txHost.tx.query(
      "SELECT id, kind_name, body, reference FROM proceeding_facts WHERE review_id = $1 AND status <> 'concluded' ORDER BY kind_name, body",
      [review.id],
    )) as ProceedingFact[];
    const waitsFor: FieldSpec[] = proceedings.length
      ? [
          {
            path: 'proceedingId',
            label: 'The proceeding it waits for',
            kind: 'select',
            choices: [
              { value: '', text: 'None' },
              ...proceedings.map((p) => ({ value: p.id, text: `${p.kind_name}, ${p.body}${p.reference ? ` (${p.reference})` : ''}` })),
            ],
          },
        ]
      : [];
    return [
      {
        path: 'category',
        label: 'Why the review is paused',
        kind: 'radios',
        choices: PAUSE_CATEGORIES.map((value) => ({ value, text: CATEGORY_NAMES[value] })),
      },
      textareaField('reason', 'Reason'),
      dateField('startedOn', 'Date the pause began'),
      ...waitsFor,
      dateField('expectedEndOn', 'Expected to end by (optional)', 'Left blank, the expected conclusion of the proceeding it waits for.'),
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
