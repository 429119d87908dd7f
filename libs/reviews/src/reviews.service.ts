import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { visibleReviews } from '@app/access';
import { AuditService } from '@app/audit';
import {
  AuthenticatedUser, Clock, ConflictProblem, ForbiddenProblem, NotFoundProblem, Page, PageQuery, pageOf, validateBody, ValidationProblem, yearOf,
} from '@app/common';
import { DEADLINE_OVERDUE_SQL, DeadlinesService, dueDate } from '@app/deadlines';
import { Role } from '@app/access';
import { PartnershipsService } from '@app/partnerships';
import { OutboxService } from '@app/notifications';
import { ReviewSignals } from '@app/queues';
import { ActionEffects, DeadlineClock, Ruleset, RulesetsService } from '@app/rulesets';
import { ACTION_BODIES, isActionName } from './actions/action-catalogue';
import { ActionContext } from './actions/action-context';
import { notBefore, ReviewActions } from './actions/review-actions';
import { CreateReviewRequest } from './dto/create-review.dto';
import { ReviewListQuery } from './dto/review-list.query';
import { ReviewListItem, ReviewView } from './dto/review.view';
import { PanelMember } from './entities/panel-member.entity';
import { ReviewEvent } from './entities/review-event.entity';
import { Review } from './entities/review.entity';
import { mayTake, whoMayTake } from './review-access';
import { ReviewGuards } from './review-guards';
import { ReviewViews } from './review-views';

/** Who may log a notification and so open a review. */
const NOTIFICATION_ROLES: string[] = [Role.CspManager, Role.CspChair];

@Injectable()
export class ReviewsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly rulesets: RulesetsService,
    private readonly partnerships: PartnershipsService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly actions: ReviewActions,
    private readonly views: ReviewViews,
    private readonly guards: ReviewGuards,
    private readonly signals: ReviewSignals,
    private readonly outbox: OutboxService,
  ) {}

  private get reviews() {
    return this.txHost.tx.getRepository(Review);
  }

  /** Logs a death notification: the review opens at the decision stage with its clock running. */
  async create(user: AuthenticatedUser, request: CreateReviewRequest): Promise<ReviewView> {
    const review = await this.txHost.withTransaction(() => this.createInTransaction(user, request));
    await this.signals.reviewChanged(review.id);
    return review;
  }

  private async createInTransaction(user: AuthenticatedUser, request: CreateReviewRequest): Promise<ReviewView> {
    if (!user.roles.some((role) => NOTIFICATION_ROLES.includes(role))) {
      throw new ForbiddenProblem('Only a CSP manager or a CSP chair may log a notification.');
    }
    const today = this.clock.today();
    if (request.notifiedOn > today) throw ValidationProblem.field('notifiedOn', `must not be in the future (today is ${today})`);
    if (request.dateOfDeath > request.notifiedOn) throw ValidationProblem.field('dateOfDeath', `must be on or before notifiedOn (${request.notifiedOn})`);
    const agency = await this.partnerships.findAgency(user.partnershipId, request.notifyingAgency);
    if (!agency) throw ValidationProblem.field('notifyingAgency', `no partner agency has the id or code '${request.notifyingAgency}'; GET /api/agencies lists them`);
    const ruleset = await this.rulesets.currentFor(user.partnershipId, request.type);
    const definition = ruleset.definition;
    const now = this.clock.now();

    const review = this.reviews.create({
      partnershipId: user.partnershipId,
      reference: await this.nextReference(user.partnershipId, definition.referencePrefix, yearOf(request.notifiedOn)),
      type: definition.reviewType,
      rulesetKey: ruleset.key,
      stage: definition.initialStage,
      status: 'open',
      version: 1,
      stagesReached: [...definition.stagesReachedOnCreation],
      stageEnteredOn: request.notifiedOn,
      boardVisible: definition.stagesReachedOnCreation.includes(definition.boardVisibleFromStage),
      notifiedOn: request.notifiedOn,
      dateOfDeath: request.dateOfDeath,
      notifyingAgencyId: agency.id,
      victimPseudonym: request.victim.pseudonym.trim(),
      victimAgeAtDeath: request.victim.ageAtDeath,
      victimSex: request.victim.sex,
      circumstances: request.circumstances.trim(),
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    });
    await this.reviews.save(review);
    await this.openDeadlines(review, ruleset, definition.onCreation.opens, {}, now);
    await this.recordEvent(review, 'notification', request.notifiedOn, 'notification', review.stage, {}, user, now);
    const view = await this.views.detail(review, ruleset, user);
    await this.audit.record({
      action: 'review.created',
      reviewId: review.id,
      partnershipId: review.partnershipId,
      changes: { after: snapshot(review), input: { ...request, notifyingAgency: agency.id } },
      boards: definition.requiredSignOffs,
    });
    return view;
  }

  async list(user: AuthenticatedUser, query: ReviewListQuery): Promise<Page<ReviewListItem>> {
    const access = visibleReviews(user, 'r');
    const today = this.clock.today();
    const overdue = `EXISTS (SELECT 1 FROM deadlines d WHERE d.review_id = r.id AND ${DEADLINE_OVERDUE_SQL})`;
    const qb = this.reviews.createQueryBuilder('r').where(access.sql, access.params).setParameter('today', today);
    if (query.stage) qb.andWhere('r.stage = :stage', { stage: query.stage });
    if (query.type) qb.andWhere('r.type = :type', { type: query.type });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.overdue !== undefined) qb.andWhere(query.overdue ? overdue : `NOT ${overdue}`);
    const total = await qb.getCount();
    const column = { notifiedOn: 'r.notified_on', reference: 'r.reference', updatedAt: 'r.updated_at' }[query.sort.replace('-', '') as 'notifiedOn'];
    const rows = await qb
      .select(['r.id AS id', 'r.reference AS reference', 'r.type AS type', 'r.ruleset_key AS ruleset', 'r.stage AS stage', 'r.status AS status', 'r.version AS version'])
      .addSelect(['r.notified_on AS notified_on', 'r.victim_pseudonym AS victim_pseudonym'])
      .addSelect(overdue, 'overdue')
      .addSelect('(SELECT min(d.due_on) FROM deadlines d WHERE d.review_id = r.id AND d.completed_on IS NULL)', 'next_due_on')
      .orderBy(column, query.sort.startsWith('-') ? 'DESC' : 'ASC')
      .addOrderBy('r.id', 'ASC')
      .offset(query.offset)
      .limit(query.pageSize)
      .getRawMany<Record<string, string | number | boolean | null>>();
    const items = rows.map((row) => ({
      id: String(row.id),
      reference: String(row.reference),
      type: String(row.type),
      ruleset: String(row.ruleset),
      stage: String(row.stage),
      status: String(row.status),
      version: Number(row.version),
      notifiedOn: String(row.notified_on),
      victimPseudonym: String(row.victim_pseudonym),
      overdue: Boolean(row.overdue),
      nextDueOn: (row.next_due_on as string | null) ?? null,
    }));
    return pageOf(items, total, query);
  }

  /** The whole review, as the caller may see it. The read itself is audited. */
  get(user: AuthenticatedUser, id: string): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.findVisible(user, id, false);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const view = await this.views.detail(review, ruleset, user);
      // Last: the audit chain's lock is then held only for the append, to the commit.
      await this.audit.record({ action: 'review.viewed', reviewId: review.id, partnershipId: review.partnershipId, changes: {}, boards: ruleset.definition.requiredSignOffs });
      return view;
    });
  }

  auditTrail(user: AuthenticatedUser, id: string, query: PageQuery) {
    return this.txHost.withTransaction(async () => {
      const review = await this.findVisible(user, id, false);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const page = await this.audit.forReview(review.id, query);
      await this.audit.record({ action: 'review.audit-viewed', reviewId: review.id, partnershipId: review.partnershipId, changes: {}, boards: ruleset.definition.requiredSignOffs });
      return page;
    });
  }

  /**
   * Takes one action on a review. In order: the review must be visible (404), the action known
   * (404), the caller allowed to take it (403), the version current (409), the stage and status
   * right for it (409), the body valid (400), its preconditions met (409). Then the action's own
   * records, the ruleset's effects, the history and the audit entry commit together.
   */
  async act(user: AuthenticatedUser, id: string, name: string, rawBody: unknown, expectedVersion?: number): Promise<ReviewView> {
    const { review, mails } = await this.txHost.withTransaction(() => this.actInTransaction(user, id, name, rawBody, expectedVersion));
    // Only after commit: the worker must see the change when it redoes the reminders or sends mail.
    await this.outbox.queueDelivery(mails);
    await this.signals.reviewChanged(review.id);
    return review;
  }

  private async actInTransaction(user: AuthenticatedUser, id: string, name: string, rawBody: unknown, expectedVersion?: number): Promise<{ review: ReviewView; mails: string[] }> {
    const review = await this.findVisible(user, id, true);
    const ruleset = await this.rulesets.get(review.rulesetKey);
    const rule = ruleset.action(name);
    if (!rule || !isActionName(name)) {
      throw new NotFoundProblem(`A ${ruleset.definition.name} has no action '${name}'. Its actions are: ${ruleset.actionNames.join(', ')}.`);
    }
    const panel = await this.panelOf(review.id);
    if (!mayTake(rule, review, user, panel)) {
      throw new ForbiddenProblem(`Only ${whoMayTake(rule)} may take the action '${name}' (${rule.label.toLowerCase()}).`, { action: name, allowedRoles: rule.roles });
    }
    if (expectedVersion !== undefined && expectedVersion !== review.version) {
      throw new ConflictProblem(`The review has changed since you read it: you sent version ${expectedVersion}, it is now at version ${review.version}. Read it again and retry.`, {
        currentVersion: review.version,
      });
    }
    if (!ruleset.allows(name, review.stage, review.status)) {
      const allowedActions = ruleset.allowedActions(review.stage, review.status);
      const where = review.status === 'paused' ? `the review is paused at the stage '${review.stage}'` : `the review is at the stage '${review.stage}'`;
      throw new ConflictProblem(`The action '${name}' is not allowed now: ${where}. Allowed now: ${allowedActions.join(', ') || 'none'}.`, {
        currentStage: review.stage,
        reviewStatus: review.status,
        allowedActions,
      });
    }
    const body: object = await validateBody<object>(ACTION_BODIES[name], rawBody);
    const effects = mergeEffects(rule, rule.outcomes?.[(body as { outcome?: string }).outcome ?? '']);
    const now = this.clock.now();
    const today = this.clock.today();
    const effectiveOn = rule.effectiveDate ? (body as unknown as Record<string, string>)[rule.effectiveDate] : today;
    if (rule.effectiveDate) {
      if (effectiveOn > today) throw ValidationProblem.field(rule.effectiveDate, `must not be in the future (today is ${today})`);
      notBefore(rule.effectiveDate, effectiveOn, review.notifiedOn, 'the notification');
      if (effects.moveTo && effects.moveTo !== review.stage) {
        notBefore(rule.effectiveDate, effectiveOn, review.stageEnteredOn, `the review reached the stage '${review.stage}'`);
      }
    }
    await this.guards.check(rule.guards ?? [], review, ruleset);

    const before = snapshot(review);
    const fromStage = review.stage;
    const details: Record<string, unknown> = {};
    const context: ActionContext<unknown> = { review, ruleset, body, user, now, today, details, mails: [] };
    await this.actions.apply(name, context);
    await this.deadlines.meet(review.id, effects.meets ?? [], effectiveOn);
    await this.openDeadlines(review, ruleset, effects.opens ?? [], body as unknown as Record<string, string>, now);
    if (effects.newSignOffRound) review.signOffRound += 1;
    if (effects.moveTo && effects.moveTo !== review.stage) this.moveTo(review, ruleset, effects.moveTo, effectiveOn);
    review.version += 1;
    review.updatedAt = now;
    await this.reviews.save(review);
    await this.recordEvent(review, name, effectiveOn, fromStage, review.stage, details, user, now);
    const view = await this.views.detail(review, ruleset, user);
    // Last: the audit chain's lock is then held only for the append, to the commit.
    await this.audit.record({
      action: `review.action.${name}`,
      reviewId: review.id,
      partnershipId: review.partnershipId,
      changes: { before, after: snapshot(review), input: body, ...(Object.keys(details).length ? { details } : {}) },
      boards: ruleset.definition.requiredSignOffs,
    });
    return { review: view, mails: context.mails };
  }

  /**
   * The review as this person may see it (a 404 otherwise), locked for the rest of the caller's
   * transaction when `forUpdate`. For capabilities built on a review, such as its recommendations.
   */
  async visibleReview(user: AuthenticatedUser, id: string, forUpdate = false): Promise<{ review: Review; ruleset: Ruleset }> {
    const review = await this.findVisible(user, id, forUpdate);
    return { review, ruleset: await this.rulesets.get(review.rulesetKey) };
  }

  /** Whether this person holds one of the rule's roles for this review, appointments included. */
  async holdsRole(rule: { roles: string[] }, review: Review, user: AuthenticatedUser): Promise<boolean> {
    return mayTake(rule, review, user, await this.panelOf(review.id));
  }

  /**
   * Takes back every approval of the current draft, as a change to what the boards approved
   * requires; the votes stay on record, marked withdrawn with the reason. Returns the boards
   * whose approvals were withdrawn.
   */
  async withdrawApprovals(review: Review, reason: string): Promise<string[]> {
    const rows: { board_key: string }[] = await this.txHost.tx.query(
      `UPDATE sign_offs SET withdrawn_at = $3, withdrawn_reason = $4
       WHERE review_id = $1 AND round = $2 AND decision = 'approve' AND withdrawn_at IS NULL RETURNING board_key`,
      [review.id, review.signOffRound, this.clock.now(), reason],
    ).then(([updated]: [{ board_key: string }[]]) => updated);
    return [...new Set(rows.map((r) => r.board_key))].sort();
  }

  private moveTo(review: Review, ruleset: Ruleset, stage: string, on: string): void {
    const definition = ruleset.definition;
    review.stage = stage;
    review.stageEnteredOn = on;
    if (!review.stagesReached.includes(stage)) review.stagesReached = [...review.stagesReached, stage];
    if (stage === definition.boardVisibleFromStage) review.boardVisible = true;
    if (stage === definition.closedStage) review.status = 'closed';
  }

  private async openDeadlines(review: Review, ruleset: Ruleset, clocks: DeadlineClock[], body: Record<string, string>, now: Date): Promise<void> {
    for (const clock of clocks) {
      const from = body[clock.from] ?? (review as unknown as Record<string, string>)[clock.from];
      const label = ruleset.deadlineRule(clock.deadline)?.label ?? clock.deadline;
      await this.deadlines.open(review.id, clock.deadline, label, dueDate(from, clock), now);
    }
  }

  private async findVisible(user: AuthenticatedUser, id: string, forUpdate: boolean): Promise<Review> {
    const access = visibleReviews(user, 'r');
    const qb = this.reviews.createQueryBuilder('r').where('r.id = :id', { id }).andWhere(access.sql, access.params);
    if (forUpdate) qb.setLock('pessimistic_write');
    const review = await qb.getOne();
    if (!review) throw new NotFoundProblem('No review with that id.');
    return review;
  }

  private async panelOf(reviewId: string): Promise<Set<string>> {
    const members = await this.txHost.tx.getRepository(PanelMember).findBy({ reviewId });
    return new Set(members.map((m) => m.userId));
  }

  private async nextReference(partnershipId: string, prefix: string, year: number): Promise<string> {
    const [row] = await this.txHost.tx.query(
      `INSERT INTO reference_counters (partnership_id, prefix, year, last_value) VALUES ($1, $2, $3, 1)
       ON CONFLICT (partnership_id, prefix, year) DO UPDATE SET last_value = reference_counters.last_value + 1
       RETURNING last_value`,
      [partnershipId, prefix, year],
    );
    return `${prefix}-${year}-${String(row.last_value).padStart(3, '0')}`;
  }

  private async recordEvent(review: Review, action: string, on: string, fromStage: string, toStage: string, details: Record<string, unknown>, user: AuthenticatedUser, now: Date) {
    const events = this.txHost.tx.getRepository(ReviewEvent);
    await events.save(events.create({ reviewId: review.id, action, occurredOn: on, fromStage, toStage, details, actorId: user.id, recordedAt: now }), { reload: false });
  }
}

function mergeEffects(base: ActionEffects, outcome?: ActionEffects): ActionEffects {
  return {
    moveTo: outcome?.moveTo ?? base.moveTo,
    meets: [...(base.meets ?? []), ...(outcome?.meets ?? [])],
    opens: [...(base.opens ?? []), ...(outcome?.opens ?? [])],
    newSignOffRound: outcome?.newSignOffRound ?? base.newSignOffRound,
  };
}

/** The review's state as the audit trail records it before and after a change. */
function snapshot(review: Review): Record<string, unknown> {
  return {
    stage: review.stage,
    status: review.status,
    version: review.version,
    decisionOutcome: review.decisionOutcome,
    chairUserId: review.chairUserId,
    signOffRound: review.signOffRound,
  };
}
