import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { visibleReviews } from '@app/access';
import { AuditService } from '@app/audit';
import {
  AuthenticatedUser,
  Clock,
  ConflictProblem,
  ForbiddenProblem,
  NotFoundProblem,
  Page,
  PageQuery,
  pageOf,
  validateBody,
  ValidationProblem,
  yearOf,
} from '@app/common';
import { DEADLINE_OVERDUE_SQL, DeadlinesService, dueDate } from '@app/deadlines';
import { pageWithTotal } from '@app/database';
import { Role } from '@app/access';
import { PartnershipsService } from '@app/partnerships';
import { OutboxService } from '@app/notifications';
import { ReviewSignals } from '@app/queues';
import { ActionEffects, DeadlineClock, Ruleset, RulesetsService } from '@app/rulesets';
import { ACTION_BODIES, ActionName, isActionName } from './actions/action-catalogue';
import { ActionContext } from './actions/action-context';
import { notBefore, ReviewActions } from './actions/review-actions';
import { CreateReviewRequest } from './dto/create-review.dto';
import { ReviewListQuery } from './dto/review-list.query';
import { ReviewActionSummary, ReviewListItem, ReviewView, SignOffWaitingItem } from './dto/review.view';
import { ReviewEvent } from './entities/review-event.entity';
import { Review } from './entities/review.entity';
import { appointmentsOf, isCaseOfficer, mayTake, whoMayTake } from './review-access';
import { DEATH_FACTS } from './dto/create-review.dto';
import { CreateLinkRequest } from './deaths/death.dto';
import { Death } from './deaths/death.entity';
import { DeathsService, facts, linkRecord } from './deaths/deaths.service';
import { ReviewContributor } from './entities/review-contributor.entity';
import { ReviewLinks } from './review-links';
import { precedenceConflicts } from './precedence';
import { ReviewGuards } from './review-guards';
import { ReviewViews } from './review-views';

/** An action someone asked for: who, on which review, which action, its body, the version they read. */
interface ActionRequest {
  user: AuthenticatedUser;
  id: string;
  name: string;
  rawBody: unknown;
  expectedVersion?: number;
}

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
    private readonly deaths: DeathsService,
    private readonly links: ReviewLinks,
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
    if (!isCaseOfficer(user)) {
      throw new ForbiddenProblem('Only a CSP manager or a CSP chair may log a notification.');
    }
    const today = this.clock.today();
    if (request.notifiedOn > today) throw ValidationProblem.field('notifiedOn', `must not be in the future (today is ${today})`);
    if (request.deathId) {
      const given = DEATH_FACTS.filter((fact) => request[fact] !== undefined);
      if (given.length)
        throw ValidationProblem.field(
          given[0],
          'must not be given with deathId: the recorded death already has its facts (change them with PATCH /api/deaths/:id)',
        );
    }
    const agency = await this.partnerships.findAgency(user.partnershipId, request.notifyingAgency);
    if (!agency)
      throw ValidationProblem.field('notifyingAgency', `no partner agency has the id or code '${request.notifyingAgency}'; GET /api/agencies lists them`);
    const ruleset = await this.rulesets.currentFor(user.partnershipId, request.type);
    const definition = ruleset.definition;
    const death = request.deathId ? await this.deaths.lockForNewReview(user, request.deathId) : await this.deaths.record(user, request);
    if (death.dateOfDeath > request.notifiedOn) {
      throw ValidationProblem.field(
        request.deathId ? 'notifiedOn' : 'dateOfDeath',
        request.deathId ? `must be on or after the date of death (${death.dateOfDeath})` : `must be on or before notifiedOn (${request.notifiedOn})`,
      );
    }
    await this.refuseByPrecedence(ruleset, death);
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
      notifyingAgencyId: agency.id,
      deathId: death.id,
      death,
      circumstances: request.circumstances.trim(),
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    });
    await this.reviews.save(review);
    await this.openDeadlines(review, ruleset, definition.onCreation.opens, {}, now);
    await this.recordEvent(review, 'notification', request.notifiedOn, 'notification', review.stage, {}, user, now);
    const displaced = await this.discontinueDisplaced(review, ruleset, user);
    const view = await this.views.detail(review, ruleset, user);
    const { victim, ...input } = request;
    await this.audit.record({
      action: 'review.created',
      reviewId: review.id,
      partnershipId: review.partnershipId,
      changes: {
        after: snapshot(review),
        // The real name never enters the audit trail: the boards read it.
        input: {
          ...input,
          ...(victim ? { victim: { pseudonym: victim.pseudonym, ageAtDeath: victim.ageAtDeath, sex: victim.sex } } : {}),
          notifyingAgency: agency.id,
        },
        death: { id: death.id, ...(request.deathId ? {} : { recorded: facts(death), identityRecorded: Boolean(victim?.name) }) },
        ...(displaced.length ? { discontinued: displaced } : {}),
      },
      boards: definition.requiredSignOffs,
    });
    return view;
  }

  /** PCSCA 2022 s.26 and its like, as the ruleset states them: 409 citing the rule. */
  private async refuseByPrecedence(ruleset: Ruleset, death: Death): Promise<void> {
    const precedence = ruleset.definition.precedence;
    if (!precedence) return;
    const others = await this.reviews.find({ where: { deathId: death.id }, order: { createdAt: 'ASC' } });
    const stillCount: Review[] = [];
    for (const other of others) if (!(await this.endedWithoutReview(other))) stillCount.push(other);
    const reasons = precedenceConflicts(precedence, death, stillCount, await this.links.recordedFor(death.id));
    if (reasons.length === 0) return;
    throw new ConflictProblem(`${capitalise(ruleset.aName)} cannot be opened for this death: ${reasons.join('; ')}. ${precedence.rule}`, {
      rule: precedence.rule,
      reasons,
    });
  }

  /** A review that stopped short of being held (decided against, discontinued): it does not stand in another's way. */
  private async endedWithoutReview(review: Review): Promise<boolean> {
    if (review.status !== 'closed') return false;
    const ruleset = await this.rulesets.get(review.rulesetKey);
    return review.stage !== ruleset.definition.closedStage || !ruleset.goesAhead('decide', review.decisionOutcome ?? undefined);
  }

  /**
   * Opening this review displaces any open review of the same death whose ruleset gives way to
   * this type (an OWHR to a new DHR): it is discontinued, its notice of discontinuance falls due,
   * and the two are linked. Returns the references discontinued.
   */
  private async discontinueDisplaced(review: Review, ruleset: Ruleset, user: AuthenticatedUser): Promise<string[]> {
    const displaced: string[] = [];
    const others = await this.reviews
      .createQueryBuilder('r')
      .where('r.death_id = :deathId AND r.id <> :id', { deathId: review.deathId, id: review.id })
      .andWhere("r.status <> 'closed'")
      .setLock('pessimistic_write', undefined, ['r'])
      .getMany();
    for (const other of others) {
      other.death = review.death;
      const otherRuleset = await this.rulesets.get(other.rulesetKey);
      if (!otherRuleset.definition.precedence?.yieldsTo.reviewTypes.includes(review.type)) continue;
      const reason = `${ruleset.definition.name} ${review.reference} was opened for this death. ${otherRuleset.definition.precedence.rule}`;
      const body = await validateBody<object>(ACTION_BODIES.discontinue, { on: this.clock.today(), reason });
      const before = snapshot(other);
      const { details } = await this.perform(other, otherRuleset, 'discontinue', body, user);
      const link = await this.links.create(user, review.death, review, { kind: other.type, linkedReviewId: other.id, note: `Discontinued: ${reason}` });
      await this.auditAction(other, otherRuleset, 'discontinue', before, body, { ...details, displacedBy: review.id, link: linkRecord(link) });
      displaced.push(other.reference);
    }
    return displaced;
  }

  async list(user: AuthenticatedUser, query: ReviewListQuery): Promise<Page<ReviewListItem>> {
    const access = visibleReviews(user, 'r');
    const today = this.clock.today();
    const overdue = `EXISTS (SELECT 1 FROM deadlines d WHERE d.review_id = r.id AND ${DEADLINE_OVERDUE_SQL})`;
    const qb = this.reviews
      .createQueryBuilder('r')
      .innerJoin('deaths', 'dth', 'dth.id = r.death_id')
      .where(access.sql, access.params)
      .setParameter('today', today);
    if (query.stage) qb.andWhere('r.stage = :stage', { stage: query.stage });
    if (query.type) qb.andWhere('r.type = :type', { type: query.type });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.overdue !== undefined) qb.andWhere(query.overdue ? overdue : `NOT ${overdue}`);
    if (query.q) {
      // What was typed is matched as text: LIKE's own wildcards in it match only themselves.
      const text = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(r.reference ILIKE :text OR dth.victim_pseudonym ILIKE :text)', { text });
    }
    const column = { notifiedOn: 'r.notified_on', reference: 'r.reference', updatedAt: 'r.updated_at' }[query.sort.replace('-', '') as 'notifiedOn'];
    const countAll = qb.clone();
    const { rows, total } = await pageWithTotal<Record<string, string | number | boolean | null>>(
      qb
        .select([
          'r.id AS id',
          'r.reference AS reference',
          'r.type AS type',
          'r.ruleset_key AS ruleset',
          'r.stage AS stage',
          'r.status AS status',
          'r.version AS version',
        ])
        .addSelect(['r.notified_on AS notified_on', 'dth.victim_pseudonym AS victim_pseudonym'])
        .addSelect(overdue, 'overdue')
        .addSelect('(SELECT min(d.due_on) FROM deadlines d WHERE d.review_id = r.id AND d.completed_on IS NULL)', 'next_due_on')
        .orderBy(column, query.sort.startsWith('-') ? 'DESC' : 'ASC')
        .addOrderBy('r.id', 'ASC'),
      countAll,
      { offset: query.offset, limit: query.pageSize },
    );
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

  /**
   * The reports waiting for this person's vote: reviews they may see where the ruleset allows a
   * board's sign-off now, for each board they sit on that must sign off and has not yet, and on
   * whose current draft they have no live vote (an approval a later change withdrew is no vote).
   */
  async signOffsAwaiting(user: AuthenticatedUser): Promise<SignOffWaitingItem[]> {
    const access = visibleReviews(user, 'r');
    const candidates = await this.reviews
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.death', 'death')
      .where(access.sql, access.params)
      .andWhere('r.status = :open', { open: 'open' })
      .andWhere('EXISTS (SELECT 1 FROM board_members bm JOIN boards b ON b.id = bm.board_id WHERE bm.user_id = :me AND b.partnership_id = r.partnership_id)', {
        me: user.id,
      })
      .orderBy('r.stage_entered_on', 'ASC')
      .addOrderBy('r.reference', 'ASC')
      .getMany();
    if (candidates.length === 0) return [];
    const myBoards = await this.partnerships.boardsOf(user.id);
    const items: SignOffWaitingItem[] = [];
    for (const review of candidates) {
      const ruleset = await this.rulesets.get(review.rulesetKey);
      if (!ruleset.allows('sign-off', review.stage, review.status) || !ruleset.action('sign-off')) continue;
      const voted = await this.txHost.tx
        .query('SELECT DISTINCT board_key FROM sign_offs WHERE review_id = $1 AND round = $2 AND signed_by = $3 AND withdrawn_at IS NULL', [
          review.id,
          review.signOffRound,
          user.id,
        ])
        .then((rows: { board_key: string }[]) => new Set(rows.map((r) => r.board_key)));
      for (const board of await this.guards.signOffStatus(review, ruleset)) {
        if (board.complete || !myBoards.includes(board.board) || voted.has(board.board)) continue;
        items.push({
          reviewId: review.id,
          reference: review.reference,
          typeName: ruleset.definition.name,
          victimPseudonym: review.death.victimPseudonym,
          board: board.board,
          boardName: board.name,
          stageEnteredOn: review.stageEnteredOn,
        });
      }
    }
    return items;
  }

  /** The whole review, as the caller may see it. The read itself is audited. */
  get(user: AuthenticatedUser, id: string): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.findVisible(user, id, false);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const view = await this.views.detail(review, ruleset, user);
      // Last: the audit chain's lock is then held only for the append, to the commit.
      await this.audit.record({
        action: 'review.viewed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: {},
        boards: ruleset.definition.requiredSignOffs,
      });
      return view;
    });
  }

  /**
   * The review as the caller may see it, without recording a read: for what a page needs to
   * build a form or check a post (the page the person is then shown records its own read).
   */
  async view(user: AuthenticatedUser, id: string): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.findVisible(user, id, false);
      return this.views.detail(review, await this.rulesets.get(review.rulesetKey), user);
    });
  }

  auditTrail(user: AuthenticatedUser, id: string, query: PageQuery) {
    return this.txHost.withTransaction(async () => {
      const review = await this.findVisible(user, id, false);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const page = await this.audit.forReview(review.id, query);
      await this.audit.record({
        action: 'review.audit-viewed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: {},
        boards: ruleset.definition.requiredSignOffs,
      });
      return page;
    });
  }

  /**
   * Takes one action on a review. In order: the review must be visible (404), the action known
   * (404), the caller allowed to take it (403), the version current (409), the stage and status
   * right for it (409), the body valid (400), its preconditions met (409). Then the action's own
   * records, the ruleset's effects, the history and the audit entry commit together.
   */
  act(user: AuthenticatedUser, id: string, name: string, rawBody: unknown, expectedVersion?: number): Promise<ReviewView> {
    return this.actAndAnswer({ user, id, name, rawBody, expectedVersion }, (review, ruleset) => this.views.detail(review, ruleset, user));
  }

  /**
   * The same action, answered with only the review's new stage, status and version: no reload of
   * everything the review holds (`Prefer: return=minimal`, for callers that do not show it).
   */
  actBriefly(user: AuthenticatedUser, id: string, name: string, rawBody: unknown, expectedVersion?: number): Promise<ReviewActionSummary> {
    return this.actAndAnswer({ user, id, name, rawBody, expectedVersion }, async (review) => ({
      id: review.id,
      reference: review.reference,
      stage: review.stage,
      status: review.status,
      version: review.version,
    }));
  }

  private async actAndAnswer<T extends { id: string }>(request: ActionRequest, answer: (review: Review, ruleset: Ruleset) => Promise<T>): Promise<T> {
    const { review, mails } = await this.txHost.withTransaction(() => this.actInTransaction(request, answer));
    // Only after commit: the worker must see the change when it redoes the reminders or sends mail.
    await this.outbox.queueDelivery(mails);
    await this.signals.reviewChanged(review.id);
    return review;
  }

  private async actInTransaction<T>(
    { user, id, name, rawBody, expectedVersion }: ActionRequest,
    answer: (review: Review, ruleset: Ruleset) => Promise<T>,
  ): Promise<{ review: T; mails: string[] }> {
    const review = await this.findVisible(user, id, true);
    const ruleset = await this.rulesets.get(review.rulesetKey);
    const rule = ruleset.action(name);
    if (!rule || !isActionName(name)) {
      throw new NotFoundProblem(`${capitalise(ruleset.aName)} has no action '${name}'. Its actions are: ${ruleset.actionNames.join(', ')}.`);
    }
    if (!mayTake(rule, review, user, await appointmentsOf(this.txHost.tx, review.id))) {
      throw new ForbiddenProblem(`Only ${whoMayTake(rule)} may take the action '${name}' (${rule.label.toLowerCase()}).`, {
        action: name,
        allowedRoles: rule.roles,
      });
    }
    if (expectedVersion !== undefined && expectedVersion !== review.version) {
      throw new ConflictProblem(
        `The review has changed since you read it: you sent version ${expectedVersion}, it is now at version ${review.version}. Read it again and retry.`,
        { currentVersion: review.version },
        'stale-version',
      );
    }
    if (!ruleset.allows(name, review.stage, review.status)) {
      const allowedActions = ruleset.allowedActions(review.stage, review.status);
      const where = review.status === 'paused' ? `the review is paused at the stage '${review.stage}'` : `the review is at the stage '${review.stage}'`;
      throw new ConflictProblem(
        `The action '${name}' is not allowed now: ${where}. Allowed now: ${allowedActions.join(', ') || 'none'}.`,
        {
          currentStage: review.stage,
          reviewStatus: review.status,
          allowedActions,
        },
        'wrong-stage',
      );
    }
    const body: object = await validateBody<object>(ACTION_BODIES[name], rawBody);
    const outcomes = ruleset.outcomesOf(name);
    const outcome = (body as { outcome?: string }).outcome;
    if (outcomes.length && (outcome === undefined || !outcomes.includes(outcome))) {
      throw ValidationProblem.field('outcome', `must be one of: ${outcomes.join(', ')} (the outcomes ${ruleset.aName} has for ${name})`);
    }
    const before = snapshot(review);
    const { details, mails } = await this.perform(review, ruleset, name, body, user);
    const view = await answer(review, ruleset);
    await this.auditAction(review, ruleset, name, before, body, details);
    return { review: view, mails };
  }

  /**
   * Carries out an action whose body is valid and whose taker may take it: its effective date,
   * its preconditions, what it records, the ruleset's effects on stage and clocks, and the
   * review's history. The caller writes the audit entry.
   */
  private async perform(
    review: Review,
    ruleset: Ruleset,
    name: ActionName,
    body: object,
    user: AuthenticatedUser,
  ): Promise<{ details: Record<string, unknown>; mails: string[] }> {
    const rule = ruleset.action(name)!;
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

    const fromStage = review.stage;
    const details: Record<string, unknown> = {};
    const context: ActionContext<unknown> = { action: name, review, ruleset, body, user, now, today, details, mails: [] };
    await this.actions.apply(name, context);
    await this.deadlines.meet(review.id, effects.meets ?? [], effectiveOn);
    const cancelled = await this.deadlines.cancel(review.id, effects.cancels ?? [], effectiveOn);
    if (cancelled.length) details.deadlinesCancelled = cancelled;
    await this.openDeadlines(review, ruleset, effects.opens ?? [], body as unknown as Record<string, string>, now);
    if (effects.newSignOffRound) review.signOffRound += 1;
    if (effects.moveTo && effects.moveTo !== review.stage) this.moveTo(review, ruleset, effects.moveTo, effectiveOn);
    review.version += 1;
    review.updatedAt = now;
    await this.reviews.save(review);
    await this.recordEvent(review, name, effectiveOn, fromStage, review.stage, details, user, now);
    return { details, mails: context.mails };
  }

  private auditAction(review: Review, ruleset: Ruleset, name: string, before: Record<string, unknown>, body: object, details: Record<string, unknown>) {
    return this.audit.record({
      action: `review.action.${name}`,
      reviewId: review.id,
      partnershipId: review.partnershipId,
      changes: { before, after: snapshot(review), input: body, ...(Object.keys(details).length ? { details } : {}) },
      boards: ruleset.definition.requiredSignOffs,
    });
  }

  /**
   * Lets another partnership contribute to this review: its people can then be appointed to it
   * (panel, review partners) and see it, and nothing else of this partnership's.
   */
  addContributor(user: AuthenticatedUser, id: string, partnershipId: string): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.findVisible(user, id, true);
      if (review.partnershipId !== user.partnershipId || !isCaseOfficer(user)) {
        throw new ForbiddenProblem("Only the lead partnership's CSP manager or CSP chair may add a contributing partnership.");
      }
      if (partnershipId === review.partnershipId) throw ValidationProblem.field('partnershipId', 'is the partnership leading the review');
      const partnership = await this.partnerships.findPartnership(partnershipId);
      if (!partnership) throw ValidationProblem.field('partnershipId', 'no partnership has that id; GET /api/partnerships lists them');
      const contributors = this.txHost.tx.getRepository(ReviewContributor);
      if (await contributors.existsBy({ reviewId: review.id, partnershipId }))
        throw new ConflictProblem(`${partnership.name} already contributes to this review.`);
      await contributors.insert({ reviewId: review.id, partnershipId, addedBy: user.id, addedAt: this.clock.now() });
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const view = await this.views.detail(review, ruleset, user);
      await this.audit.record({
        action: 'review.contributor-added',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { partnershipId },
        boards: ruleset.definition.requiredSignOffs,
      });
      return view;
    });
  }

  /** Records a joint review (a SAR or CSPR run alongside) or another review of the same death. */
  addLink(user: AuthenticatedUser, id: string, request: CreateLinkRequest): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.findVisible(user, id, true);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const rule = { roles: [Role.CspManager, Role.CspChair, Role.IndependentChair] };
      if (!mayTake(rule, review, user, await appointmentsOf(this.txHost.tx, review.id))) {
        throw new ForbiddenProblem(`Only ${whoMayTake(rule)} may link another review to this one.`);
      }
      const link = await this.links.create(user, review.death, review, request);
      const view = await this.views.detail(review, ruleset, user);
      await this.audit.record({
        action: 'review.linked',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { link: linkRecord(link) },
        boards: ruleset.definition.requiredSignOffs,
      });
      return view;
    });
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
    return mayTake(rule, review, user, await appointmentsOf(this.txHost.tx, review.id));
  }

  /**
   * Takes back every approval of the current draft, as a change to what the boards approved
   * requires; the votes stay on record, marked withdrawn with the reason. Returns the boards
   * whose approvals were withdrawn.
   */
  async withdrawApprovals(review: Review, reason: string): Promise<string[]> {
    const rows: { board_key: string }[] = await this.txHost.tx
      .query(
        `UPDATE sign_offs SET withdrawn_at = $3, withdrawn_reason = $4
       WHERE review_id = $1 AND round = $2 AND decision = 'approve' AND withdrawn_at IS NULL RETURNING board_key`,
        [review.id, review.signOffRound, this.clock.now(), reason],
      )
      .then(([updated]: [{ board_key: string }[]]) => updated);
    return [...new Set(rows.map((r) => r.board_key))].sort();
  }

  private moveTo(review: Review, ruleset: Ruleset, stage: string, on: string): void {
    const definition = ruleset.definition;
    review.stage = stage;
    review.stageEnteredOn = on;
    if (!review.stagesReached.includes(stage)) review.stagesReached = [...review.stagesReached, stage];
    if (stage === definition.boardVisibleFromStage) review.boardVisible = true;
    if (ruleset.endStages.includes(stage)) review.status = 'closed';
    // A reversed decision can bring a closed review back to life.
    else if (review.status === 'closed') review.status = 'open';
  }

  /**
   * Starts the ruleset's clocks. A clock already running is left to run (the notice it waits for
   * will report this too); one that ran before (a decision reversed twice) runs again as a new
   * instance, `review:2`, so the first run's record stays.
   */
  private async openDeadlines(review: Review, ruleset: Ruleset, clocks: DeadlineClock[], body: Record<string, string>, now: Date): Promise<void> {
    for (const clock of clocks) {
      const earlier = await this.deadlines.ofKind(review.id, clock.deadline);
      if (earlier.some((d) => d.completedOn === null)) continue;
      const from = body[clock.from] ?? (review as unknown as Record<string, string>)[clock.from];
      const label = ruleset.deadlineRule(clock.deadline)?.label ?? clock.deadline;
      const key = earlier.length ? `${clock.deadline}:${earlier.length + 1}` : clock.deadline;
      await this.deadlines.open(review.id, key, label, dueDate(from, clock), now);
    }
  }

  private async findVisible(user: AuthenticatedUser, id: string, forUpdate: boolean): Promise<Review> {
    const access = visibleReviews(user, 'r');
    const qb = this.reviews.createQueryBuilder('r').innerJoinAndSelect('r.death', 'death').where('r.id = :id', { id }).andWhere(access.sql, access.params);
    if (forUpdate) qb.setLock('pessimistic_write', undefined, ['r']);
    const review = await qb.getOne();
    if (!review) throw new NotFoundProblem('No review with that id.');
    return review;
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

  private async recordEvent(
    review: Review,
    action: string,
    on: string,
    fromStage: string,
    toStage: string,
    details: Record<string, unknown>,
    user: AuthenticatedUser,
    now: Date,
  ) {
    const events = this.txHost.tx.getRepository(ReviewEvent);
    await events.save(events.create({ reviewId: review.id, action, occurredOn: on, fromStage, toStage, details, actorId: user.id, recordedAt: now }), {
      reload: false,
    });
  }
}

function mergeEffects(base: ActionEffects, outcome?: ActionEffects): ActionEffects {
  return {
    moveTo: outcome?.moveTo ?? base.moveTo,
    meets: [...(base.meets ?? []), ...(outcome?.meets ?? [])],
    cancels: [...(base.cancels ?? []), ...(outcome?.cancels ?? [])],
    opens: [...(base.opens ?? []), ...(outcome?.opens ?? [])],
    newSignOffRound: outcome?.newSignOffRound ?? base.newSignOffRound,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
