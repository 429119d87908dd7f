import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { calendarDateIn, CalendarDate, ConflictProblem, ForbiddenProblem, ValidationProblem } from '@app/common';
import { Environment } from '@app/config';
import { MailTemplate, OutboxService, renderMail } from '@app/notifications';
import { DeadlinesService, pausedLength } from '@app/deadlines';
import { aRole, Role } from '@app/access';
import { Agency, PartnershipsService } from '@app/partnerships';
import {
  AddPanelMemberBody,
  AppointChairBody,
  DecideBody,
  DiscontinueBody,
  ExtendBody,
  HomeOfficeNoticeBody,
  NoticeSentBody,
  OnDateBody,
  PartnerSignOffBody,
  PauseBody,
  QaOutcomeBody,
  ReceiveInformationBody,
  RequestInformationBody,
  ReviewPartnerBody,
  SignOffBody,
} from '../dto/action-bodies.dto';
import { User } from '@app/identity';
import { ReviewContributor } from '../entities/review-contributor.entity';
import { ReviewNotice } from '../entities/review-notice.entity';
import { ReviewPartner, ReviewPartnerSignOff } from '../entities/review-partner.entity';
import { InformationRequest } from '../entities/information-request.entity';
import { PanelMember } from '../entities/panel-member.entity';
import { ReviewPause } from '../entities/review-pause.entity';
import { Review } from '../entities/review.entity';
import { SignOff } from '../entities/sign-off.entity';
import { unmetCriteria } from '../criteria';
import { ActionContext } from './action-context';
import { ActionName } from './action-catalogue';

type Handler = (ctx: ActionContext<never>) => Promise<void>;

const REJECTION_MAIL: MailTemplate = {
  subject: '{{ reference }}: a member of the {{ board }} did not approve the draft',
  text: `A member of the {{ board }} did not approve the draft of {{ reference }} ({{ pseudonym }}).

Their comment is in the review's sign-off: {{ link }}
`,
  html: `<p>A member of the {{ board }} did not approve the draft of {{ reference }} ({{ pseudonym }}).</p>
<p><a href="{{ link }}">Read their comment in the review's sign-off</a></p>
`,
};

/** A date in a body that must not come before another date the review already holds. */
export function notBefore(field: string, date: CalendarDate, bound: CalendarDate | null, what: string): void {
  if (bound && date < bound) throw ValidationProblem.field(field, `must not be before ${what} (${bound})`);
}

/**
 * What each action records beyond the ruleset's generic effects (stage, clocks). Each handler
 * checks the facts only it knows (the user appointed is a chair, the request belongs to this
 * review...) and writes in the caller's transaction.
 */
@Injectable()
export class ReviewActions {
  private readonly handlers: Record<ActionName, Handler>;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly partnerships: PartnershipsService,
    private readonly deadlines: DeadlinesService,
    private readonly outbox: OutboxService,
    private readonly env: Environment,
  ) {
    const noRecord: Handler = async () => undefined;
    this.handlers = {
      decide: (ctx) => this.decide(ctx),
      'record-home-office-notice': (ctx) => this.recordHomeOfficeNotice(ctx),
      'appoint-chair': (ctx) => this.appointChair(ctx),
      'add-panel-member': (ctx) => this.addPanelMember(ctx),
      'agree-terms-of-reference': noRecord,
      'request-information': (ctx) => this.requestInformation(ctx),
      'receive-information': (ctx) => this.receiveInformation(ctx),
      'complete-information': noRecord,
      'complete-draft': noRecord,
      'sign-off': (ctx) => this.signOff(ctx),
      'submit-to-home-office': noRecord,
      'record-commissioner-copy': noRecord,
      'record-qa-outcome': (ctx) => this.recordQaOutcome(ctx),
      publish: noRecord,
      close: noRecord,
      pause: (ctx) => this.pause(ctx),
      resume: (ctx) => this.resume(ctx),
      extend: (ctx) => this.extend(ctx),
      'notify-secretary-of-state': (ctx) => this.giveNotices(ctx),
      'reverse-decision': (ctx) => this.reverseDecision(ctx),
      discontinue: (ctx) => this.discontinue(ctx),
      'add-review-partner': (ctx) => this.addReviewPartner(ctx),
      'partner-sign-off': (ctx) => this.partnerSignOff(ctx),
      'submit-to-secretary-of-state': noRecord,
    };
  }

  apply(name: ActionName, ctx: ActionContext<unknown>): Promise<void> {
    return this.handlers[name](ctx as ActionContext<never>);
  }

  private repo<T extends object>(entity: new () => T) {
    return this.txHost.tx.getRepository(entity);
  }

  private async decide(ctx: ActionContext<DecideBody>): Promise<void> {
    const { review, body, details } = ctx;
    this.checkCriteriaAcknowledged(ctx);
    review.decisionOutcome = body.outcome;
    review.decidedOn = body.decidedOn;
    review.decisionRationale = body.rationale;
    details.outcome = body.outcome;
  }

  /**
   * The criteria are warnings, not blocks: a decision that goes ahead with a review must name
   * each one the death does not meet in `acknowledgedWarnings` (409 otherwise), and may name no other.
   */
  private checkCriteriaAcknowledged({ action, review, ruleset, body, details }: ActionContext<DecideBody>): void {
    const warnings = unmetCriteria(ruleset, review.death);
    const acknowledged = body.acknowledgedWarnings ?? [];
    const stray = acknowledged.filter((key) => !warnings.some((w) => w.key === key));
    if (stray.length)
      throw ValidationProblem.field(
        'acknowledgedWarnings',
        `${stray.join(', ')} ${stray.length === 1 ? 'is not a warning' : 'are not warnings'} of this review`,
      );
    const unacknowledged = warnings.filter((w) => !acknowledged.includes(w.key));
    if (ruleset.goesAhead(action, body.outcome) && unacknowledged.length) {
      throw new ConflictProblem(
        `Going ahead with this review needs its criteria warnings acknowledged: ${unacknowledged.map((w) => w.warning).join(' ')} Send acknowledgedWarnings: [${unacknowledged.map((w) => `"${w.key}"`).join(', ')}] to go ahead anyway.`,
        {
          warnings: unacknowledged.map(({ key, warning }) => ({ key, warning })),
        },
      );
    }
    if (acknowledged.length) details.acknowledgedWarnings = acknowledged;
  }

  /** A changed decision (an OWHR found to be under a duty after all, or not): the Secretary of State must hear of it. */
  private async reverseDecision(ctx: ActionContext<DecideBody>): Promise<void> {
    const { review, ruleset, body, details } = ctx;
    if (!review.decisionOutcome || !review.decidedOn) throw new ConflictProblem('There is no decision to reverse yet: record one with the action decide.');
    if (review.decisionOutcome === body.outcome) throw new ConflictProblem(`The decision is already '${body.outcome}'.`, { decision: review.decisionOutcome });
    if (review.stage === ruleset.definition.closedStage && ruleset.goesAhead('decide', review.decisionOutcome)) {
      throw new ConflictProblem('The review ran its course and is closed: its decision can no longer be reversed.');
    }
    notBefore('decidedOn', body.decidedOn, review.decidedOn, 'the decision it reverses');
    this.checkCriteriaAcknowledged(ctx);
    details.reversed = { outcome: review.decisionOutcome, decidedOn: review.decidedOn };
    review.decisionOutcome = body.outcome;
    review.decidedOn = body.decidedOn;
    review.decisionRationale = body.rationale;
    details.outcome = body.outcome;
  }

  /**
   * One notice to the Secretary of State answers every notice the ruleset has falling due: the
   * first (under a duty, not under a duty, or not yet decided), and those a later decision, a
   * reversal or a discontinuance call for. Each is recorded with its own due date and met.
   */
  private async giveNotices({ review, ruleset, body, user, now, details }: ActionContext<NoticeSentBody>): Promise<void> {
    const due = (await this.deadlines.outstanding(review.id)).filter((d) => ruleset.deadlineRule(d.key)?.notice);
    const answerable = due.filter((d) => {
      const kind = ruleset.deadlineRule(d.key)!.notice!;
      if (kind === 'discontinuance') return body.sentOn >= review.stageEnteredOn;
      if (kind === 'initial') return true;
      return review.decidedOn !== null && body.sentOn >= review.decidedOn;
    });
    if (answerable.length === 0) {
      throw new ConflictProblem(
        due.length
          ? `No notice due could have been sent on ${body.sentOn}: what it must report happened later.`
          : 'No notice to the Secretary of State is due for this review.',
        { noticesDue: due.map((d) => d.key) },
      );
    }
    const notices = this.repo(ReviewNotice);
    const given: { kind: string; outcome: string }[] = [];
    for (const deadline of answerable) {
      const kind = ruleset.deadlineRule(deadline.key)!.notice!;
      const decided = review.decidedOn !== null && body.sentOn >= review.decidedOn;
      const outcome = kind === 'discontinuance' ? 'discontinued' : decided ? review.decisionOutcome! : 'not-yet-decided';
      await notices.insert({
        reviewId: review.id,
        deadlineKey: deadline.key,
        kind,
        outcome,
        dueOn: deadline.dueOn,
        sentOn: body.sentOn,
        recordedBy: user.id,
        recordedAt: now,
      });
      given.push({ kind, outcome });
    }
    await this.deadlines.meet(
      review.id,
      answerable.map((d) => d.key),
      body.sentOn,
    );
    details.notices = given;
  }

  private async discontinue({ body, details }: ActionContext<DiscontinueBody>): Promise<void> {
    details.reason = body.reason.trim();
  }

  /** Who speaks for one of the review partners; a later choice replaces the earlier one, whose votes stay on record. */
  private async addReviewPartner({ review, ruleset, body, now, details }: ActionContext<ReviewPartnerBody>): Promise<void> {
    const partners = ruleset.definition.reviewPartners ?? [];
    if (!partners.some((p) => p.key === body.partner)) {
      throw ValidationProblem.field(
        'partner',
        partners.length ? `must be one of: ${partners.map((p) => p.key).join(', ')}` : `${ruleset.aName} has no review partners`,
      );
    }
    const person = await this.appointable(review, body.userId);
    if (!person.roles.includes(Role.ReviewPartner)) throw ValidationProblem.field('userId', `the user is not ${aRole(Role.ReviewPartner)}`);
    if (!person.agencyId) throw ValidationProblem.field('userId', 'the user has no agency to speak for');
    const repo = this.repo(ReviewPartner);
    const current = await repo.findOneBy({ reviewId: review.id, partner: body.partner });
    if (current?.userId === person.id) throw new ConflictProblem('That user already speaks for that partner on this review.');
    await repo.save({ reviewId: review.id, partner: body.partner, agencyId: person.agencyId, userId: person.id, addedAt: now });
    Object.assign(details, { partner: body.partner, userId: person.id, agency: person.agencyId, previousUserId: current?.userId ?? null });
  }

  /** A review partner's vote on the report, given by the person who speaks for it. The latest vote counts. */
  private async partnerSignOff({ review, ruleset, body, user, now, details }: ActionContext<PartnerSignOffBody>): Promise<void> {
    const partners = ruleset.definition.reviewPartners ?? [];
    if (!partners.some((p) => p.key === body.partner)) throw ValidationProblem.field('partner', `must be one of: ${partners.map((p) => p.key).join(', ')}`);
    const speaker = await this.repo(ReviewPartner).findOneBy({ reviewId: review.id, partner: body.partner });
    if (speaker?.userId !== user.id)
      throw new ForbiddenProblem(`Only the person who speaks for the ${body.partner} partner on this review may sign off for it.`, { partner: body.partner });
    const decision = body.decision ?? 'approve';
    if (decision === 'reject' && !body.comment) throw ValidationProblem.field('comment', 'is required when rejecting: say what must change');
    notBefore('on', body.on, review.stageEnteredOn, 'the review reached sign-off');
    const votes = this.repo(ReviewPartnerSignOff);
    const last = await votes.findOne({ where: { reviewId: review.id, partner: body.partner }, order: { recordedAt: 'DESC' } });
    if (last?.decision === decision && decision === 'approve')
      throw new ConflictProblem(`The ${body.partner} partner already approved the report (${last.signedOn}).`);
    await votes.insert({
      reviewId: review.id,
      partner: body.partner,
      decision,
      comment: body.comment?.trim() ?? null,
      signedOn: body.on,
      signedBy: user.id,
      recordedAt: now,
    });
    Object.assign(details, { partner: body.partner, decision });
  }

  /**
   * A user who may be appointed to this review: active, and of its lead partnership or of a
   * partnership contributing to it.
   */
  private async appointable(review: Review, userId: string): Promise<User> {
    const person = await this.repo(User).findOneBy({ id: userId });
    const ownOrContributing =
      person &&
      (person.partnershipId === review.partnershipId ||
        (await this.repo(ReviewContributor).existsBy({ reviewId: review.id, partnershipId: person.partnershipId })));
    if (!person || !person.active || !ownOrContributing) {
      throw ValidationProblem.field('userId', 'no active user of this partnership, or of one contributing to this review, has that id');
    }
    return person;
  }

  private async recordHomeOfficeNotice({ review, body }: ActionContext<HomeOfficeNoticeBody>): Promise<void> {
    notBefore('sentOn', body.sentOn, review.decidedOn, 'the decision');
  }

  private async appointChair({ review, body, details }: ActionContext<AppointChairBody>): Promise<void> {
    const chair = await this.appointable(review, body.userId);
    if (!chair.roles.includes(Role.IndependentChair)) throw ValidationProblem.field('userId', `the user is not ${aRole(Role.IndependentChair)}`);
    notBefore('appointedOn', body.appointedOn, review.decidedOn, 'the decision to hold the review');
    if (review.chairUserId === chair.id) throw new ConflictProblem('That user already chairs this review.');
    details.previousChairUserId = review.chairUserId;
    details.chairUserId = chair.id;
    review.chairUserId = chair.id;
    review.chairAppointedOn = body.appointedOn;
  }

  private async addPanelMember({ review, body, now, details }: ActionContext<AddPanelMemberBody>): Promise<void> {
    const member = await this.appointable(review, body.userId);
    if (!member.roles.includes(Role.PanelMember)) throw ValidationProblem.field('userId', `the user is not ${aRole(Role.PanelMember)}`);
    // A member from a contributing partnership represents one of that partnership's agencies.
    const agency = await this.agency(member.partnershipId, body.agency, 'agency');
    const panel = this.repo(PanelMember);
    if (await panel.existsBy({ reviewId: review.id, userId: member.id })) throw new ConflictProblem('That user is already on the panel.');
    await panel.insert({ reviewId: review.id, userId: member.id, agencyId: agency.id, addedAt: now });
    Object.assign(details, { userId: member.id, agency: agency.id });
  }

  private async requestInformation({ review, body, user, now, today, details }: ActionContext<RequestInformationBody>): Promise<void> {
    const agency = await this.agency(review.partnershipId, body.agency, 'agency');
    notBefore('dueOn', body.dueOn, today, 'today');
    const requests = this.repo(InformationRequest);
    // The request's id names its deadline, so it is chosen before either row is written.
    const id = randomUUID();
    const deadline = await this.deadlines.open(review.id, `information-request:${id}`, `Information from ${agency.name}`, body.dueOn, now);
    const request = requests.create({
      id,
      reviewId: review.id,
      agencyId: agency.id,
      description: body.description.trim(),
      deadlineId: deadline.id,
      requestedBy: user.id,
      requestedAt: now,
      receivedOn: null,
    });
    await requests.insert(request);
    Object.assign(details, { requestId: request.id, agency: agency.id, dueOn: body.dueOn });
  }

  private async receiveInformation({ review, body, details }: ActionContext<ReceiveInformationBody>): Promise<void> {
    const request = await this.repo(InformationRequest).findOneBy({ id: body.requestId, reviewId: review.id });
    if (!request) throw ValidationProblem.field('requestId', 'this review has no information request with that id');
    if (request.receivedOn) throw new ConflictProblem(`That information was already received on ${request.receivedOn}.`);
    notBefore('receivedOn', body.receivedOn, calendarDateIn(request.requestedAt), 'the date it was requested');
    await this.repo(InformationRequest).update({ id: request.id }, { receivedOn: body.receivedOn });
    await this.deadlines.meet(review.id, [`information-request:${request.id}`], body.receivedOn);
    details.requestId = request.id;
  }

  /** One member's vote for their board on the current draft. */
  private async signOff({ review, ruleset, body, user, now, details, mails }: ActionContext<SignOffBody>): Promise<void> {
    const required = ruleset.definition.requiredSignOffs;
    if (!required.includes(body.board)) throw ValidationProblem.field('board', `must be one of the boards that sign off this review: ${required.join(', ')}`);
    const board = await this.partnerships.findBoard(review.partnershipId, body.board);
    if (!board) throw ValidationProblem.field('board', 'the partnership has no such board');
    if (!(await this.partnerships.isBoardMember(board.id, user.id))) {
      throw new ForbiddenProblem(`Only members of the ${board.name} may sign off for it.`, { board: board.key });
    }
    const decision = body.decision ?? 'approve';
    if (decision === 'reject' && !body.comment) throw ValidationProblem.field('comment', 'is required when rejecting: say what must change');
    notBefore('on', body.on, review.stageEnteredOn, 'the review reached sign-off');
    const signOffs = this.repo(SignOff);
    const existing = await signOffs.findOneBy({
      reviewId: review.id,
      boardKey: body.board,
      round: review.signOffRound,
      signedBy: user.id,
      withdrawnAt: IsNull(),
    });
    if (existing) throw new ConflictProblem(`You already voted on this draft for the ${board.name} (${existing.decision}, ${existing.signedOn}).`);
    await signOffs.insert({
      reviewId: review.id,
      boardKey: body.board,
      round: review.signOffRound,
      signedOn: body.on,
      signedBy: user.id,
      recordedAt: now,
      decision,
      comment: body.comment?.trim() ?? null,
    });
    Object.assign(details, { board: body.board, round: review.signOffRound, decision });
    if (decision === 'reject') mails.push(...(await this.tellChairOfRejection(review, board.name)));
  }

  /** The review's chair hears of a rejection at once. The comment stays in the product: free text may name people. */
  private async tellChairOfRejection(review: Review, boardName: string): Promise<string[]> {
    if (!review.chairUserId) return [];
    // The chair may come from a contributing partnership.
    const chair = await this.repo(User).findOneBy({ id: review.chairUserId });
    if (!chair?.active) return [];
    const link = `${this.env.PUBLIC_URL.replace(/\/$/, '')}/reviews/${review.id}`;
    const mail = renderMail(REJECTION_MAIL, { reference: review.reference, pseudonym: review.death.victimPseudonym, board: boardName, link });
    return this.outbox.enqueue([
      { partnershipId: review.partnershipId, recipientId: chair.id, to: chair.email, ...mail, kind: 'sign-off-rejected', reviewId: review.id },
    ]);
  }

  private async recordQaOutcome({ review, body, details }: ActionContext<QaOutcomeBody>): Promise<void> {
    details.outcome = body.outcome;
    details.round = review.signOffRound;
  }

  private async pause({ review, body, user, details }: ActionContext<PauseBody>): Promise<void> {
    const pauses = this.repo(ReviewPause);
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

  private async resume({ review, body, user, details }: ActionContext<OnDateBody>): Promise<void> {
    const pauses = this.repo(ReviewPause);
    const pause = await pauses.findOneByOrFail({ reviewId: review.id, endedOn: IsNull() });
    notBefore('on', body.on, pause.startedOn, 'the pause began');
    const days = pausedLength(pause.startedOn, body.on);
    await pauses.update({ id: pause.id }, { endedOn: body.on, pausedDays: days, resumedBy: user.id });
    const moved = await this.deadlines.shiftOutstanding(review.id, days);
    review.status = 'open';
    Object.assign(details, { pauseId: pause.id, pausedDays: days, deadlinesMoved: moved });
  }

  private async extend({ review, body, user, now, details }: ActionContext<ExtendBody>): Promise<void> {
    const deadline = await this.deadlines.findOutstanding(review.id, body.deadline);
    if (!deadline) throw ValidationProblem.field('deadline', 'this review has no outstanding deadline with that key');
    if (body.newDueOn <= deadline.dueOn) throw ValidationProblem.field('newDueOn', `must be later than the current due date (${deadline.dueOn})`);
    await this.deadlines.extend(deadline, body.newDueOn, body.reason.trim(), user.id, now);
    Object.assign(details, { deadline: deadline.key, fromDueOn: deadline.dueOn, toDueOn: body.newDueOn, originalDueOn: deadline.originalDueOn });
  }

  private async agency(partnershipId: string, idOrCode: string, field: string): Promise<Agency> {
    const agency = await this.partnerships.findAgency(partnershipId, idOrCode);
    if (!agency) throw ValidationProblem.field(field, `no partner agency has the id or code '${idOrCode}'; GET /api/agencies lists them`);
    return agency;
  }
}
