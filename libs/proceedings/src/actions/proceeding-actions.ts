import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CalendarDate, dateField, FieldSpec, textareaField, ValidationProblem } from '@app/common';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '@app/reviews';
import { HearingBody, RecordProceedingBody, UpdateProceedingBody } from '../dto/proceeding.dto';
import { Hearing, Proceeding } from '../entities/proceeding.entity';
import { PROCEEDING_KIND_NAMES, PROCEEDING_KINDS, PROCEEDING_STATUS_NAMES, PROCEEDING_STATUSES, ProceedingStatus } from '../proceeding-kinds';
import { ProceedingsService } from '../proceedings.service';

export const RECORD_PROCEEDING = 'record-proceeding';
export const UPDATE_PROCEEDING = 'update-proceeding';

const CONTACT_HINT = 'A role only, never a person’s name: for example, Senior Investigating Officer, Cheshire Police.';

const statusChoices = () => PROCEEDING_STATUSES.map((value) => ({ value, text: PROCEEDING_STATUS_NAMES[value] }));

/** A concluded proceeding says when it concluded, and that day has come. */
function checkConclusion(status: ProceedingStatus, concludedOn: CalendarDate | null, today: CalendarDate): void {
  if (status === 'concluded' && !concludedOn) throw ValidationProblem.field('concludedOn', 'is required when the status is concluded');
  if (concludedOn && concludedOn > today) throw ValidationProblem.field('concludedOn', `must not be in the future (today is ${today})`);
}

const hearingsOf = (list: HearingBody[] | undefined): Hearing[] => (list ?? []).map((h) => ({ date: h.date, what: h.what.trim() }));
const byDate = (a: Hearing, b: Hearing) => a.date.localeCompare(b.date);

/** The facts an action adds to the review's history and audit entry: no free text beyond the body and reference. */
function facts(p: Proceeding): Record<string, unknown> {
  return {
    proceedingId: p.id,
    kind: p.kind,
    body: p.body,
    reference: p.reference,
    status: p.status,
    expectedConclusionOn: p.expectedConclusionOn,
    concludedOn: p.concludedOn,
    hearings: p.hearings.length,
  };
}

/**
 * Records a proceeding running beside the review (DOMAIN.md: parallel proceedings are logged at
 * set-up, and are the usual cause of pauses): its kind, court or body, reference, hearings,
 * expected conclusion, status and a contact by role.
 */
@ReviewAction()
@Injectable()
export class RecordProceedingAction extends ReviewActionHandler<RecordProceedingBody> {
  readonly name = RECORD_PROCEEDING;
  readonly body = RecordProceedingBody;
  readonly summary =
    'Records a parallel proceeding (criminal trial, inquest, Safeguarding Adults Review, Child Safeguarding Practice Review, IOPC or other investigation): its court or body, reference, hearings, expected conclusion, status and a contact by role (never a name).';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, user, now, today, details }: ActionContext<RecordProceedingBody>): Promise<void> {
    const status = body.status ?? (body.concludedOn ? 'concluded' : 'not-started');
    checkConclusion(status, body.concludedOn ?? null, today);
    const repo = this.txHost.tx.getRepository(Proceeding);
    const proceeding = await repo.save(
      repo.create({
        partnershipId: review.partnershipId,
        reviewId: review.id,
        kind: body.kind,
        body: body.body.trim(),
        reference: body.reference?.trim() ?? null,
        hearings: hearingsOf(body.hearings).sort(byDate),
        expectedConclusionOn: body.expectedConclusionOn ?? null,
        status,
        contact: body.contact?.trim() ?? null,
        concludedOn: body.concludedOn ?? null,
        outcome: body.outcome?.trim() ?? null,
        createdBy: user.id,
        createdAt: now,
        updatedAt: now,
      }),
    );
    Object.assign(details, facts(proceeding));
  }

  form(): FieldSpec[] {
    return [
      { path: 'kind', label: 'Kind of proceeding', kind: 'radios', choices: PROCEEDING_KINDS.map((value) => ({ value, text: PROCEEDING_KIND_NAMES[value] })) },
      { path: 'body', label: 'Court or body', kind: 'text', hint: 'For example, Liverpool Crown Court or Cheshire Coroner’s Court.' },
      { path: 'reference', label: 'Reference (optional)', kind: 'text', classes: 'govuk-input--width-20' },
      { path: 'status', label: 'Status', kind: 'radios', choices: statusChoices() },
      dateField('expectedConclusionOn', 'Expected to conclude by (optional)'),
      dateField('hearings.0.date', 'Next hearing date (optional)'),
      { path: 'hearings.0.what', label: 'What the hearing is (optional)', kind: 'text', hint: 'For example, Trial begins.' },
      { path: 'contact', label: 'Contact (optional)', kind: 'text', hint: CONTACT_HINT },
    ];
  }
}

/** Updates a recorded proceeding: its status, dates, hearings (added), contact and, once concluded, its outcome. */
@ReviewAction()
@Injectable()
export class UpdateProceedingAction extends ReviewActionHandler<UpdateProceedingBody> {
  readonly name = UPDATE_PROCEEDING;
  readonly body = UpdateProceedingBody;
  readonly summary =
    "Updates one of the review's parallel proceedings: only the fields given change; hearings given are added to those recorded. A concluded proceeding says when it concluded.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly proceedings: ProceedingsService,
  ) {
    super();
  }

  override async apply({ review, body, now, today, details }: ActionContext<UpdateProceedingBody>): Promise<void> {
    const repo = this.txHost.tx.getRepository(Proceeding);
    const proceeding = await repo.findOne({ where: { id: body.proceedingId, reviewId: review.id }, lock: { mode: 'pessimistic_write' } });
    if (!proceeding) throw ValidationProblem.field('proceedingId', 'must be the id of a proceeding of this review');
    if (body.body !== undefined) proceeding.body = body.body.trim();
    if (body.reference !== undefined) proceeding.reference = body.reference.trim();
    if (body.expectedConclusionOn !== undefined) proceeding.expectedConclusionOn = body.expectedConclusionOn;
    if (body.contact !== undefined) proceeding.contact = body.contact.trim();
    if (body.outcome !== undefined) proceeding.outcome = body.outcome.trim();
    if (body.concludedOn !== undefined) proceeding.concludedOn = body.concludedOn;
    if (body.status !== undefined) proceeding.status = body.status;
    else if (body.concludedOn !== undefined) proceeding.status = 'concluded';
    if (proceeding.status !== 'concluded') proceeding.concludedOn = null;
    checkConclusion(proceeding.status, proceeding.concludedOn, today);
    proceeding.hearings = [...proceeding.hearings, ...hearingsOf(body.addHearings)].sort(byDate);
    proceeding.updatedAt = now;
    await repo.save(proceeding);
    Object.assign(details, facts(proceeding), { changed: Object.keys(body).filter((k) => k !== 'proceedingId') });
  }

  async form({ review }: ActionFormInput): Promise<FieldSpec[]> {
    const proceedings = await this.proceedings.ofReview(review.id);
    return [
      {
        path: 'proceedingId',
        label: 'Proceeding',
        kind: 'select',
        choices: proceedings.map((p) => ({ value: p.id, text: ProceedingsService.describe(p) })),
      },
      { path: 'status', label: 'Status (leave unchosen to keep it)', kind: 'radios', choices: statusChoices() },
      dateField('expectedConclusionOn', 'Expected to conclude by (optional)'),
      dateField('addHearings.0.date', 'Add a hearing: date (optional)'),
      { path: 'addHearings.0.what', label: 'Add a hearing: what it is (optional)', kind: 'text', hint: 'For example, Sentencing.' },
      { path: 'contact', label: 'Contact (optional)', kind: 'text', hint: CONTACT_HINT },
      dateField('concludedOn', 'Date it concluded (when it has)'),
      textareaField('outcome', 'Outcome (when it has concluded)'),
    ];
  }
}
