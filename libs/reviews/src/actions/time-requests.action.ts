import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { CalendarDateField, ConflictProblem, dateField, FieldSpec, IsCalendarDate, textareaField, ValidationProblem, IsOptional } from '@app/common';
import { Environment } from '@app/config';
import { DeadlinesService } from '@app/deadlines';
import { User } from '@app/identity';
import { MailTemplate, OutboxService, renderMail } from '@app/notifications';
import { TimeRequest } from '../entities/time-request.entity';
import { Review } from '../entities/review.entity';
import { InformationRequests } from '../information-requests';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Text } from './action-fields';
import { INFORMATION_REQUEST } from './request-information.action';

export class AskForMoreTimeBody {
  @ApiProperty({ format: 'uuid', description: 'The information request of your agency' })
  @IsUUID('all', { message: 'must be the id of an information request of this review' })
  requestId: string;

  @CalendarDateField('The date the agency proposes; later than the current due date')
  proposedDueOn: string;

  @Text(2000, 'Fictional: the records are held off site and take three weeks to retrieve.')
  reason: string;
}

export class AnswerTimeRequestBody {
  @ApiProperty({ format: 'uuid', description: 'The ask for more time, as the review lists it under its request' })
  @IsUUID('all', { message: 'must be the id of an ask for more time on this review' })
  timeRequestId: string;

  @ApiProperty({ enum: ['grant', 'refuse'] })
  @IsIn(['grant', 'refuse'], { message: 'is required: grant or refuse' })
  decision: 'grant' | 'refuse';

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-03-31',
    description: 'When granting: the new due date (the date proposed unless said); later than the current one',
  })
  @IsOptional()
  @IsCalendarDate()
  newDueOn?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why: required when refusing' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'must not be blank' })
  reason?: string;
}

const ASKED_MAIL: MailTemplate = {
  subject: '{{ reference }}: an agency asks for more time',
  text: `An agency asks for more time to answer an information request on {{ reference }} ({{ pseudonym }}), until {{ proposed }}.

Their reason, and the form to grant or refuse it, are on the review's page: {{ link }}
`,
  html: `<p>An agency asks for more time to answer an information request on {{ reference }} ({{ pseudonym }}), until {{ proposed }}.</p>
<p><a href="{{ link }}">Read their reason and grant or refuse it on the review's page</a></p>
`,
};

const ANSWERED_MAIL: MailTemplate = {
  subject: '{{ reference }}: your ask for more time was {{ decision }}',
  text: `Your ask for more time on an information request of {{ reference }} ({{ pseudonym }}) was {{ decision }}. {{ due }}

The request and the decision are on your agency's page for the review: {{ link }}
`,
  html: `<p>Your ask for more time on an information request of {{ reference }} ({{ pseudonym }}) was {{ decision }}. {{ due }}</p>
<p><a href="{{ link }}">See the request and the decision</a></p>
`,
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** 2026-03-02 as "2 March 2026", for mails. */
function inWords(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The mails of asking for more time: to the review's chair, and back to whoever asked. */
@Injectable()
export class TimeRequestMail {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxService,
    private readonly env: Environment,
  ) {}

  private link(path: string): string {
    return `${this.env.PUBLIC_URL.replace(/\/$/, '')}${path}`;
  }

  /** The chair hears of the ask; the reason stays in the product (free text may name people). */
  async toChair(review: Review, proposedDueOn: string): Promise<string[]> {
    if (!review.chairUserId) return [];
    const chair = await this.txHost.tx.getRepository(User).findOneBy({ id: review.chairUserId });
    if (!chair?.active) return [];
    const mail = renderMail(ASKED_MAIL, {
      reference: review.reference,
      pseudonym: review.death.victimPseudonym,
      proposed: inWords(proposedDueOn),
      link: this.link(`/reviews/${review.id}`),
    });
    return this.outbox.enqueue([
      { partnershipId: review.partnershipId, recipientId: chair.id, to: chair.email, ...mail, kind: 'time-request-asked', reviewId: review.id },
    ]);
  }

  async toAsker(review: Review, askedBy: string | null, decision: 'granted' | 'refused', newDueOn: string | null): Promise<string[]> {
    if (!askedBy) return [];
    const asker = await this.txHost.tx.getRepository(User).findOneBy({ id: askedBy });
    if (!asker?.active) return [];
    const mail = renderMail(ANSWERED_MAIL, {
      reference: review.reference,
      pseudonym: review.death.victimPseudonym,
      decision,
      due: newDueOn ? `The request is now due on ${inWords(newDueOn)}.` : 'The due date stays as it was; the reason is in the product.',
      link: this.link(`/reviews/${review.id}/agency`),
    });
    return this.outbox.enqueue([
      { partnershipId: review.partnershipId, recipientId: asker.id, to: asker.email, ...mail, kind: 'time-request-answered', reviewId: review.id },
    ]);
  }
}

/** An agency's panel member asks the chair for more time on their agency's request (issue 15.5). */
@ReviewAction()
@Injectable()
export class AskForMoreTimeAction extends ReviewActionHandler<AskForMoreTimeBody> {
  readonly name = 'ask-for-more-time';
  readonly body = AskForMoreTimeBody;
  readonly summary =
    "The panel member for the agency asked proposes a later due date for its information request, with the reason; the review's chair is mailed to grant or refuse it. One undecided ask per request at a time.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly requests: InformationRequests,
    private readonly deadlines: DeadlinesService,
    private readonly mail: TimeRequestMail,
  ) {
    super();
  }

  override async apply({ review, ruleset, body, user, now, details, mails }: ActionContext<AskForMoreTimeBody>): Promise<void> {
    const request = await this.requests.forAgencyAction(review, ruleset, this.name, body.requestId, user);
    const deadline = await this.deadlines.findOutstanding(review.id, `${INFORMATION_REQUEST}:${request.id}`);
    if (!deadline) throw new ConflictProblem('That information request has no outstanding due date to move.', { requestId: request.id });
    if (body.proposedDueOn <= deadline.dueOn) {
      throw ValidationProblem.field('proposedDueOn', `must be later than the current due date (${deadline.dueOn})`);
    }
    const asks = this.txHost.tx.getRepository(TimeRequest);
    const open = await asks.findOneBy({ requestId: request.id, decision: IsNull() });
    if (open) {
      throw new ConflictProblem('More time was already asked for on this request and the chair has not answered yet.', {
        requestId: request.id,
        timeRequestId: open.id,
      });
    }
    const ask = await asks.save(
      asks.create({
        requestId: request.id,
        reviewId: review.id,
        askedBy: user.id,
        askedAt: now,
        proposedDueOn: body.proposedDueOn,
        reason: body.reason.trim(),
      }),
    );
    Object.assign(details, { requestId: request.id, timeRequestId: ask.id, currentDueOn: deadline.dueOn, proposedDueOn: body.proposedDueOn });
    mails.push(...(await this.mail.toChair(review, body.proposedDueOn)));
  }

  async form({ review, user }: ActionFormInput): Promise<FieldSpec[]> {
    const agency = await this.requests.panelAgencyOf(review.id, user.id);
    const open = new Set(review.informationRequests.filter((r) => r.timeRequests.some((t) => t.decision === null)).map((r) => r.id));
    return [
      {
        path: 'requestId',
        label: 'Request',
        kind: 'select',
        choices: review.informationRequests
          .filter((r) => !r.receivedOn && !open.has(r.id) && (agency === null || r.agency === agency))
          .map((r) => ({ value: r.id, text: `${r.agencyName}: ${r.description}` })),
      },
      dateField('proposedDueOn', 'Date you propose'),
      textareaField('reason', 'Why you need more time'),
    ];
  }
}

/** The chair (or the case officer) grants an ask for more time, as an extension of that request's clock, or refuses it with a reason. */
@ReviewAction()
@Injectable()
export class AnswerTimeRequestAction extends ReviewActionHandler<AnswerTimeRequestBody> {
  readonly name = 'answer-time-request';
  readonly body = AnswerTimeRequestBody;
  readonly summary =
    "Grants an agency's ask for more time, moving that request's due date as an extension (the original due date is kept, so lateness against it stays visible), or refuses it with a reason; the panel member who asked is mailed the answer.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly deadlines: DeadlinesService,
    private readonly mail: TimeRequestMail,
  ) {
    super();
  }

  override async apply({ review, body, user, now, details, mails, clocks }: ActionContext<AnswerTimeRequestBody>): Promise<void> {
    const asks = this.txHost.tx.getRepository(TimeRequest);
    const ask = await asks
      .createQueryBuilder('t')
      .where('t.id = :id AND t.review_id = :reviewId', { id: body.timeRequestId, reviewId: review.id })
      .setLock('pessimistic_write')
      .getOne();
    if (!ask) throw ValidationProblem.field('timeRequestId', 'this review has no ask for more time with that id');
    if (ask.decision) throw new ConflictProblem(`That ask for more time was already ${ask.decision}.`, { timeRequestId: ask.id, decision: ask.decision });
    const reason = body.reason?.trim() || null;
    const key = `${INFORMATION_REQUEST}:${ask.requestId}`;
    let newDueOn: string | null = null;
    if (body.decision === 'grant') {
      const deadline = await this.deadlines.findOutstanding(review.id, key);
      if (!deadline)
        throw new ConflictProblem('That information request was answered or closed: there is no due date left to move.', { timeRequestId: ask.id });
      newDueOn = body.newDueOn ?? ask.proposedDueOn;
      if (newDueOn <= deadline.dueOn) throw ValidationProblem.field('newDueOn', `must be later than the current due date (${deadline.dueOn})`);
      await clocks.extend(key, newDueOn, reason ?? `More time asked for by the agency: ${ask.reason}`);
      Object.assign(details, { fromDueOn: deadline.dueOn, toDueOn: newDueOn, originalDueOn: deadline.originalDueOn });
    } else {
      if (!reason) throw ValidationProblem.field('reason', 'is required when refusing: say why the agency cannot have more time');
      if (body.newDueOn) throw ValidationProblem.field('newDueOn', 'is only for granting');
    }
    const decision = body.decision === 'grant' ? 'granted' : 'refused';
    await asks.update({ id: ask.id }, { decision, newDueOn, decidedBy: user.id, decidedAt: now, decisionReason: reason });
    Object.assign(details, { requestId: ask.requestId, timeRequestId: ask.id, decision });
    mails.push(...(await this.mail.toAsker(review, ask.askedBy, decision, newDueOn)));
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    const choices = review.informationRequests.flatMap((r) =>
      r.timeRequests.filter((t) => t.decision === null).map((t) => ({ value: t.id, text: `${r.agencyName}: until ${inWords(t.proposedDueOn)} (${t.reason})` })),
    );
    return [
      { path: 'timeRequestId', label: 'Ask for more time', kind: 'select', choices },
      {
        path: 'decision',
        label: 'Decision',
        kind: 'radios',
        choices: [
          { value: 'grant', text: 'Grant' },
          { value: 'refuse', text: 'Refuse', hint: 'Say why in the reason' },
        ],
      },
      dateField('newDueOn', 'New due date, if different from the date asked for'),
      textareaField('reason', 'Reason', 'Required when you refuse'),
    ];
  }
}
