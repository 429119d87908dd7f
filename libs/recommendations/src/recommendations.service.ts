import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { In, IsNull, Not } from 'typeorm';
import { aRole, can, Role, SqlCondition, visibleReviews } from '@app/access';
import { AuditService } from '@app/audit';
import {
  AuthenticatedUser,
  calendarDateIn,
  Clock,
  ConflictProblem,
  ForbiddenProblem,
  NotFoundProblem,
  Page,
  pageOf,
  REMOVED_AT_DISPOSAL,
  ValidationProblem,
} from '@app/common';
import { Deadline, DeadlinesService } from '@app/deadlines';
import { UsersService } from '@app/identity';
import { Agency, PartnershipsService } from '@app/partnerships';
import { ReviewSignals } from '@app/queues';
import { notBefore, Review, ReviewAccessPort, SignOffStatus, whoMayTake } from '@app/reviews';
import { ChangeRule, Ruleset, RulesetsService } from '@app/rulesets';
import {
  ActionBody,
  ActionListQuery,
  ActionUpdateBody,
  ActionView,
  RecommendationBody,
  RecommendationView,
  UpdateRecommendationBody,
  WithdrawalView,
  WithdrawBody,
} from './dto/recommendation.dto';
import { ActionUpdate, FINISHED, RecommendationAction } from './entities/recommendation-action.entity';
import { Recommendation } from './entities/recommendation.entity';

/**
 * Recommendations and their action plans. A change to a recommendation changes what the boards
 * approved, so it withdraws their approvals of the current draft (visibly: the votes stay,
 * marked withdrawn). Action due dates are deadlines like any other, so the reminder engine
 * chases them.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reviews: ReviewAccessPort,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly signals: ReviewSignals,
    private readonly clock: Clock,
    private readonly rulesets: RulesetsService,
    private readonly signOffs: SignOffStatus,
  ) {}

  async list(user: AuthenticatedUser, reviewId: string): Promise<RecommendationView[]> {
    const { review } = await this.reviews.visibleReview(user, reviewId);
    const recommendations = await this.txHost.tx.getRepository(Recommendation).find({ where: { reviewId: review.id }, order: { number: 'ASC' } });
    return this.views(review, recommendations);
  }

  async create(user: AuthenticatedUser, reviewId: string, body: RecommendationBody): Promise<RecommendationView> {
    const view = await this.txHost.withTransaction(async () => {
      const { review, ruleset } = await this.reviews.visibleReview(user, reviewId, true);
      await this.mayChange(ruleset.definition.recommendations, 'write recommendations', review, ruleset, user);
      const agency = await this.agency(review.partnershipId, body.owningAgency, 'owningAgency');
      await this.checkThemes(review.partnershipId, body.themes);
      const repository = this.txHost.tx.getRepository(Recommendation);
      const [{ next }] = await this.txHost.tx.query('SELECT coalesce(max(number), 0) + 1 AS next FROM recommendations WHERE review_id = $1', [review.id]);
      const now = this.clock.now();
      const recommendation = await repository.save(
        repository.create({
          reviewId: review.id,
          number: next,
          text: body.text.trim(),
          level: body.level,
          owningAgencyId: agency.id,
          themes: body.themes,
          tags: body.tags ?? [],
          outcome: body.outcome.trim(),
          version: 1,
          createdBy: user.id,
          createdAt: now,
          updatedAt: now,
        }),
      );
      const withdrawn = await this.reviews.withdrawApprovals(review, `Recommendation ${recommendation.number} was added`);
      await this.audit.record({
        action: 'recommendation.created',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { after: snapshot(recommendation), withdrawnSignOffs: withdrawn },
        personal: { of: review.id, fields: RECOMMENDATION_TEXT },
        boards: ruleset.definition.requiredSignOffs,
      });
      return { ...(await this.views(review, [recommendation]))[0], withdrawnSignOffs: withdrawn };
    });
    await this.signals.reviewChanged(reviewId);
    return view;
  }

  async update(
    user: AuthenticatedUser,
    reviewId: string,
    recommendationId: string,
    body: UpdateRecommendationBody,
    expectedVersion?: number,
  ): Promise<RecommendationView> {
    if (Object.keys(body).length === 0) throw ValidationProblem.field('body', 'must change at least one field');
    return this.txHost.withTransaction(async () => {
      const { review, ruleset } = await this.reviews.visibleReview(user, reviewId, true);
      const repository = this.txHost.tx.getRepository(Recommendation);
      const recommendation = await repository.findOneBy({ id: recommendationId, reviewId: review.id });
      if (!recommendation) throw new NotFoundProblem('This review has no recommendation with that id.');
      await this.mayChange(ruleset.definition.recommendations, 'change recommendations', review, ruleset, user);
      stillStanding(recommendation, `Recommendation ${recommendation.number}`);
      if (expectedVersion !== undefined && expectedVersion !== recommendation.version) {
        throw new ConflictProblem(
          `The recommendation has changed since you read it: it is now at version ${recommendation.version}.`,
          {
            currentVersion: recommendation.version,
          },
          'stale-version',
        );
      }
      const agency = body.owningAgency !== undefined ? await this.agency(review.partnershipId, body.owningAgency, 'owningAgency') : null;
      if (body.themes) await this.checkThemes(review.partnershipId, body.themes);
      const before = snapshot(recommendation);
      Object.assign(recommendation, {
        ...(body.text !== undefined ? { text: body.text.trim() } : {}),
        ...(body.level !== undefined ? { level: body.level } : {}),
        ...(agency ? { owningAgencyId: agency.id } : {}),
        ...(body.themes !== undefined ? { themes: body.themes } : {}),
        ...(body.tags !== undefined ? { tags: body.tags } : {}),
        ...(body.outcome !== undefined ? { outcome: body.outcome.trim() } : {}),
        version: recommendation.version + 1,
        updatedAt: this.clock.now(),
      });
      await repository.save(recommendation);
      const withdrawn = await this.reviews.withdrawApprovals(review, `Recommendation ${recommendation.number} was changed`);
      await this.audit.record({
        action: 'recommendation.changed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { before, after: snapshot(recommendation), withdrawnSignOffs: withdrawn },
        personal: { of: review.id, fields: RECOMMENDATION_TEXT },
        boards: ruleset.definition.requiredSignOffs,
      });
      return { ...(await this.views(review, [recommendation]))[0], withdrawnSignOffs: withdrawn };
    });
  }

  async addAction(user: AuthenticatedUser, reviewId: string, recommendationId: string, body: ActionBody): Promise<ActionView> {
    const view = await this.txHost.withTransaction(async () => {
      const { review, ruleset } = await this.reviews.visibleReview(user, reviewId, true);
      const recommendation = await this.txHost.tx.getRepository(Recommendation).findOneBy({ id: recommendationId, reviewId: review.id });
      if (!recommendation) throw new NotFoundProblem('This review has no recommendation with that id.');
      await this.mayChange(ruleset.definition.actionPlan, 'add to the action plan', review, ruleset, user);
      stillStanding(recommendation, `Recommendation ${recommendation.number}`);
      const agency = await this.agency(review.partnershipId, body.owningAgency, 'owningAgency');
      if (body.leadUserId) {
        const lead = await this.users.findInPartnership(review.partnershipId, body.leadUserId);
        if (!lead?.active) throw ValidationProblem.field('leadUserId', 'no active user of this partnership has that id');
      }
      const today = this.clock.today();
      // A plan agreed before it was recorded keeps the day it set each action, as a request recorded late keeps the day it was made.
      const setOn = body.setOn ?? today;
      if (setOn > today) throw ValidationProblem.field('setOn', `must not be in the future (today is ${today})`);
      notBefore('setOn', setOn, review.notifiedOn, 'the notification');
      if (!body.setOn && body.dueOn < today) throw ValidationProblem.field('dueOn', `must not be in the past (today is ${today})`);
      notBefore('dueOn', body.dueOn, setOn, 'the day the action plan set it (setOn)');
      const now = this.clock.now();
      const actions = this.txHost.tx.getRepository(RecommendationAction);
      const action = actions.create({
        recommendationId: recommendation.id,
        reviewId: review.id,
        description: body.description.trim(),
        owningAgencyId: agency.id,
        leadUserId: body.leadUserId ?? null,
        status: 'not-started',
        createdAt: now,
      });
      action.id = randomUUID(); // names its deadline, so chosen before either row is written
      // Its number on the recommendation tells its deadline apart from the others' (the review is locked, so the count holds).
      const [{ n }] = await this.txHost.tx.query('SELECT count(*)::int + 1 AS n FROM recommendation_actions WHERE recommendation_id = $1', [recommendation.id]);
      const deadline = await this.deadlines.open(
        review.id,
        `action:${action.id}`,
        `Action ${n} on recommendation ${recommendation.number} (${agency.name})`,
        body.dueOn,
        now,
        ruleset.movedByPause('action'),
      );
      action.deadlineId = deadline.id;
      await actions.insert(action);
      await this.audit.record({
        action: 'action.created',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: {
          after: {
            actionId: action.id,
            recommendation: recommendation.number,
            agencyId: agency.id,
            leadUserId: action.leadUserId,
            dueOn: body.dueOn,
            ...(body.setOn ? { setOn: body.setOn } : {}),
          },
        },
        boards: ruleset.definition.requiredSignOffs,
      });
      return (await this.actionViews([action], review))[0];
    });
    await this.signals.reviewChanged(reviewId);
    return view;
  }

  /**
   * Withdraws a recommendation, with the reason: it stays, numbered, marked withdrawn, and is
   * changed no more; its actions still open are withdrawn with it and no longer chased. Those who
   * may change recommendations at this stage may; it withdraws the boards' approvals of the draft.
   */
  async withdraw(user: AuthenticatedUser, reviewId: string, recommendationId: string, body: WithdrawBody): Promise<RecommendationView> {
    const view = await this.txHost.withTransaction(async () => {
      const { review, ruleset } = await this.reviews.visibleReview(user, reviewId, true);
      const repository = this.txHost.tx.getRepository(Recommendation);
      const recommendation = await repository.findOneBy({ id: recommendationId, reviewId: review.id });
      if (!recommendation) throw new NotFoundProblem('This review has no recommendation with that id.');
      await this.mayChange(ruleset.definition.recommendations, 'withdraw recommendations', review, ruleset, user);
      stillStanding(recommendation, `Recommendation ${recommendation.number}`);
      const withdrawal = { withdrawnAt: this.clock.now(), withdrawnBy: user.id, withdrawnReason: body.reason.trim() };
      Object.assign(recommendation, withdrawal, { version: recommendation.version + 1, updatedAt: withdrawal.withdrawnAt });
      await repository.save(recommendation);
      const open = await this.txHost.tx.getRepository(RecommendationAction).find({
        where: { recommendationId: recommendation.id, withdrawnAt: IsNull(), status: Not(In([...FINISHED])) },
        order: { createdAt: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      for (const action of open) await this.withdrawAction(action, withdrawal);
      const withdrawn = await this.reviews.withdrawApprovals(review, `Recommendation ${recommendation.number} was withdrawn`);
      await this.audit.record({
        action: 'recommendation.withdrawn',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { number: recommendation.number, reason: withdrawal.withdrawnReason, actionsWithdrawn: open.map((a) => a.id), withdrawnSignOffs: withdrawn },
        personal: { of: review.id, fields: ['reason'] },
        boards: ruleset.definition.requiredSignOffs,
      });
      return { ...(await this.views(review, [recommendation]))[0], withdrawnSignOffs: withdrawn };
    });
    await this.signals.reviewChanged(reviewId);
    return view;
  }

  /**
   * Withdraws one action of a plan, with the reason: it stays with its progress history, marked
   * withdrawn, and its due date is no longer chased. Those who may add to the action plan at this
   * stage may.
   */
  async withdrawPlanAction(user: AuthenticatedUser, actionId: string, body: WithdrawBody): Promise<ActionView> {
    const view = await this.txHost.withTransaction(async () => {
      // The review is locked before its action, as every change to the plan does.
      const found = await this.findAction(user, actionId, false);
      const { review, ruleset } = await this.reviews.visibleReview(user, found.action.reviewId, true);
      await this.mayChange(ruleset.definition.actionPlan, 'withdraw actions from the action plan', review, ruleset, user);
      const action = await this.txHost.tx.getRepository(RecommendationAction).findOneOrFail({ where: { id: actionId }, lock: { mode: 'pessimistic_write' } });
      stillStanding(action, 'The action');
      const withdrawal = { withdrawnAt: this.clock.now(), withdrawnBy: user.id, withdrawnReason: body.reason.trim() };
      await this.withdrawAction(action, withdrawal);
      await this.audit.record({
        action: 'action.withdrawn',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { actionId: action.id, reason: withdrawal.withdrawnReason },
        personal: { of: review.id, fields: ['reason'] },
        boards: ruleset.definition.requiredSignOffs,
      });
      return (await this.actionViews([action], review))[0];
    });
    await this.signals.reviewChanged(view.reviewId);
    return view;
  }

  private async withdrawAction(
    action: RecommendationAction,
    withdrawal: Pick<RecommendationAction, 'withdrawnAt' | 'withdrawnBy' | 'withdrawnReason'>,
  ): Promise<void> {
    Object.assign(action, withdrawal);
    await this.txHost.tx.getRepository(RecommendationAction).update({ id: action.id }, withdrawal);
    await this.deadlines.cancelOne(action.deadlineId, calendarDateIn(withdrawal.withdrawnAt!));
  }

  /** Appends a progress update; finishing the action meets its deadline. */
  async recordProgress(user: AuthenticatedUser, actionId: string, body: ActionUpdateBody): Promise<ActionView> {
    if (body.status === 'cannot-complete' && !body.reason) throw ValidationProblem.field('reason', 'is required when an action cannot be completed');
    const view = await this.txHost.withTransaction(async () => {
      const { action, review } = await this.findAction(user, actionId, true);
      stillStanding(action, 'The action');
      const mayRecord =
        (can(user, 'work-agency-actions') && user.agencyId === action.owningAgencyId) ||
        can(user, 'record-progress-on-any-action') ||
        (user.roles.includes(Role.IndependentChair) && review.chairUserId === user.id);
      if (!mayRecord)
        throw new ForbiddenProblem(
          `Only ${aRole(Role.AgencyActionOwner)} of the owning agency, the review's chair, a CSP manager or a CSP chair may record progress on this action.`,
        );
      const today = this.clock.today();
      if (body.on > today) throw ValidationProblem.field('on', `must not be in the future (today is ${today})`);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const overseesPlan = can(user, 'record-progress-on-any-action') || (user.roles.includes(Role.IndependentChair) && review.chairUserId === user.id);
      if (body.status === 'complete' && !overseesPlan && !(await this.planSignedOff(review, ruleset)))
        throw new ConflictProblem(
          'The action plan is not signed off yet: an action can be marked complete by its agency once every board has signed off the report and its plan. ' +
            'Record progress (in progress) until then, or ask the review’s chair or a CSP manager.',
          { planSignedOff: false },
        );
      const created = calendarDateIn(action.createdAt);
      if (body.on < created) throw ValidationProblem.field('on', `must not be before the action was set (${created})`);
      const before = action.status;
      await this.txHost.tx.getRepository(ActionUpdate).insert({
        actionId: action.id,
        status: body.status,
        note: body.note?.trim() || null,
        reason: body.reason?.trim() ?? null,
        onDate: body.on,
        recordedBy: user.id,
        recordedAt: this.clock.now(),
      });
      await this.txHost.tx.getRepository(RecommendationAction).update({ id: action.id }, { status: body.status });
      await this.deadlines.setCompleted(action.deadlineId, FINISHED.includes(body.status) ? body.on : null);
      await this.audit.record({
        action: 'action.progress',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { actionId: action.id, before: { status: before }, after: { status: body.status }, on: body.on },
        boards: ruleset.definition.requiredSignOffs,
      });
      return (await this.actionViews([{ ...action, status: body.status }], review))[0];
    });
    await this.signals.reviewChanged(view.reviewId);
    return view;
  }

  /**
   * Whether the review's action plan is signed off: the review is past its sign-off stage, or at
   * it with every board the ruleset needs complete on the current draft.
   */
  private async planSignedOff(review: Review, ruleset: Ruleset): Promise<boolean> {
    const signOffStage = ruleset.stageRank('sign-off');
    if (signOffStage < 0 || ruleset.stageRank(review.stage) > signOffStage) return true;
    if (review.stage !== 'sign-off' || ruleset.definition.requiredSignOffs.length === 0) return false;
    return (await this.signOffs.forReview(review, ruleset)).every((board) => board.complete);
  }

  async getAction(user: AuthenticatedUser, actionId: string): Promise<ActionView> {
    const { action, review } = await this.findAction(user, actionId, false);
    return (await this.actionViews([action], review))[0];
  }

  /** Actions the caller may see: their agency's (for action owners) and those of reviews they may see. */
  async listActions(user: AuthenticatedUser, query: ActionListQuery): Promise<Page<ActionView>> {
    const access = visibleActions(user, 'a', 'r');
    const qb = this.txHost.tx.getRepository(RecommendationAction).createQueryBuilder('a').innerJoin('review_facts', 'r', 'r.id = a.review_id');
    qb.where(access.sql, access.params);
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.agency) {
      const agency = await this.partnerships.findAgency(user.partnershipId, query.agency);
      if (!agency) throw ValidationProblem.field('agency', `no partner agency has the id or code '${query.agency}'`);
      qb.andWhere('a.owning_agency_id = :agency', { agency: agency.id });
    }
    const [actions, total] = await qb.orderBy('a.createdAt', 'ASC').addOrderBy('a.id', 'ASC').skip(query.offset).take(query.pageSize).getManyAndCount();
    return pageOf(await this.actionViews(actions), total, query);
  }

  /** An action the caller may see: through its review, or as an action owner of its agency. */
  private async findAction(user: AuthenticatedUser, actionId: string, forUpdate: boolean): Promise<{ action: RecommendationAction; review: Review }> {
    const qb = this.txHost.tx.getRepository(RecommendationAction).createQueryBuilder('a').where('a.id = :actionId', { actionId });
    if (forUpdate) qb.setLock('pessimistic_write');
    const action = await qb.getOne();
    const review = action ? await this.txHost.tx.getRepository(Review).findOneBy({ id: action.reviewId }) : null;
    if (!action || !review) throw new NotFoundProblem('No action with that id.');
    const owner = can(user, 'work-agency-actions') && user.agencyId === action.owningAgencyId && review.partnershipId === user.partnershipId;
    // Anyone else reaches the action through its review: a 404 when they may not see it (people
    // appointed from a contributing partnership included).
    if (!owner) await this.reviews.visibleReview(user, review.id);
    return { action, review };
  }

  /** Whether this person may now write recommendations and add to the action plan of the review (for offering the forms). */
  /**
   * Disposal (libs/retention): the review's recommendations, actions and progress notes lose
   * their free text in the caller's transaction; their numbers, levels, themes, agencies,
   * statuses and dates (the statistical shape) stay. Returns how many rows were emptied.
   */
  async disposePersonalData(reviewId: string): Promise<Record<string, number>> {
    const tx = this.txHost.tx;
    const count = async (sql: string) => ((await tx.query(sql, [reviewId, REMOVED_AT_DISPOSAL])) as [unknown, number])[1];
    return {
      recommendations: await count(
        `UPDATE recommendations SET text = $2, outcome = $2, withdrawn_reason = CASE WHEN withdrawn_reason IS NULL THEN NULL ELSE $2 END WHERE review_id = $1`,
      ),
      actions: await count(
        `UPDATE recommendation_actions SET description = $2, withdrawn_reason = CASE WHEN withdrawn_reason IS NULL THEN NULL ELSE $2 END WHERE review_id = $1`,
      ),
      progressNotes: await count(
        `UPDATE action_updates SET note = CASE WHEN note IS NULL THEN NULL ELSE $2 END, reason = CASE WHEN reason IS NULL THEN NULL ELSE $2 END
         WHERE action_id IN (SELECT id FROM recommendation_actions WHERE review_id = $1) AND (note IS NOT NULL OR reason IS NOT NULL)`,
      ),
    };
  }

  async allowedChanges(user: AuthenticatedUser, reviewId: string): Promise<{ recommendations: boolean; actionPlan: boolean }> {
    const { review, ruleset } = await this.reviews.visibleReview(user, reviewId);
    return {
      recommendations: !(await this.refusal(ruleset.definition.recommendations, 'write recommendations', review, ruleset, user)),
      actionPlan: !(await this.refusal(ruleset.definition.actionPlan, 'add to the action plan', review, ruleset, user)),
    };
  }

  private async mayChange(rule: ChangeRule, what: string, review: Review, ruleset: Ruleset, user: AuthenticatedUser): Promise<void> {
    const refusal = await this.refusal(rule, what, review, ruleset, user);
    if (refusal) throw refusal;
  }

  private async refusal(
    rule: ChangeRule,
    what: string,
    review: Review,
    ruleset: Ruleset,
    user: AuthenticatedUser,
  ): Promise<ConflictProblem | ForbiddenProblem | null> {
    if (!rule.stages.includes(review.stage)) {
      return new ConflictProblem(
        `You cannot ${what} at the stage '${review.stage}': a ${ruleset.definition.name} allows it at ${rule.stages.join(', ')}.`,
        {
          currentStage: review.stage,
          allowedStages: rule.stages,
        },
        'wrong-stage',
      );
    }
    if (!(await this.reviews.holdsRole(rule, review, user))) return new ForbiddenProblem(`Only ${whoMayTake(rule)} may ${what}.`, { allowedRoles: rule.roles });
    return null;
  }

  private async agency(partnershipId: string, idOrCode: string, field: string): Promise<Agency> {
    const agency = await this.partnerships.findAgency(partnershipId, idOrCode);
    if (!agency) throw ValidationProblem.field(field, `no partner agency has the id or code '${idOrCode}'; GET /api/agencies lists them`);
    return agency;
  }

  private async checkThemes(partnershipId: string, themes: string[]): Promise<void> {
    const known = new Set((await this.partnerships.listPriorities(partnershipId)).map((p) => p.key));
    const unknown = themes.filter((t) => !known.has(t));
    if (unknown.length)
      throw ValidationProblem.field(
        'themes',
        `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a priority' : 'are not priorities'} of the partnership; GET /api/priorities lists them`,
      );
  }

  private async views(review: Review, recommendations: Recommendation[]): Promise<RecommendationView[]> {
    const agencies = new Map((await this.partnerships.listAgencies(review.partnershipId)).map((a) => [a.id, a.name]));
    const priorities = new Map((await this.partnerships.listPriorities(review.partnershipId)).map((p) => [p.key, p.name]));
    const actions = recommendations.length
      ? await this.txHost.tx
          .getRepository(RecommendationAction)
          .find({ where: { recommendationId: In(recommendations.map((r) => r.id)) }, order: { createdAt: 'ASC' } })
      : [];
    const actionViews = await this.actionViews(actions, review);
    return recommendations.map((r) => ({
      id: r.id,
      number: r.number,
      text: r.text,
      level: r.level,
      owningAgency: r.owningAgencyId,
      owningAgencyName: agencies.get(r.owningAgencyId) ?? '',
      themes: r.themes,
      themeNames: r.themes.map((t) => priorities.get(t) ?? t),
      tags: r.tags,
      outcome: r.outcome,
      version: r.version,
      actions: actionViews.filter((a) => a.recommendationId === r.id),
      withdrawn: withdrawalOf(r),
    }));
  }

  private async actionViews(actions: RecommendationAction[], review?: Review): Promise<ActionView[]> {
    if (actions.length === 0) return [];
    const tx = this.txHost.tx;
    const ids = actions.map((a) => a.id);
    const deadlines = new Map((await tx.getRepository(Deadline).findBy({ id: In(actions.map((a) => a.deadlineId)) })).map((d) => [d.id, d]));
    const updates = await tx.getRepository(ActionUpdate).find({ where: { actionId: In(ids) }, order: { id: 'ASC' } });
    const recommendations = new Map((await tx.getRepository(Recommendation).findBy({ id: In(actions.map((a) => a.recommendationId)) })).map((r) => [r.id, r]));
    const reviews = review
      ? new Map([[review.id, review]])
      : new Map((await tx.getRepository(Review).findBy({ id: In(actions.map((a) => a.reviewId)) })).map((r) => [r.id, r]));
    const agencies = await this.partnerships.agencyNames([...new Set(actions.map((a) => a.owningAgencyId))]);
    const today = this.clock.today();
    return actions.map((a) => {
      const deadline = deadlines.get(a.deadlineId)!;
      return {
        id: a.id,
        recommendationId: a.recommendationId,
        recommendationNumber: recommendations.get(a.recommendationId)?.number ?? 0,
        reviewId: a.reviewId,
        reviewReference: reviews.get(a.reviewId)?.reference ?? '',
        description: a.description,
        owningAgency: a.owningAgencyId,
        owningAgencyName: agencies.get(a.owningAgencyId) ?? '',
        leadUserId: a.leadUserId,
        status: a.status,
        dueOn: deadline.dueOn,
        completedOn: deadline.completedOn,
        overdue: !a.withdrawnAt && !FINISHED.includes(a.status) && deadline.dueOn < today,
        history: updates
          .filter((u) => u.actionId === a.id)
          .map((u) => ({ status: u.status, note: u.note, reason: u.reason, on: u.onDate, recordedBy: u.recordedBy, recordedAt: u.recordedAt.toISOString() })),
        withdrawn: withdrawalOf(a),
      };
    });
  }
}

/** A withdrawn recommendation or action is kept as it was: a 409 for any change to it. */
function stillStanding(item: { withdrawnAt: Date | null }, what: string): void {
  if (item.withdrawnAt) throw new ConflictProblem(`${what} has been withdrawn: it is kept as it was and can no longer be changed.`, {}, 'conflict');
}

function withdrawalOf(item: { withdrawnAt: Date | null; withdrawnBy: string | null; withdrawnReason: string | null }): WithdrawalView | null {
  return item.withdrawnAt ? { at: item.withdrawnAt.toISOString(), by: item.withdrawnBy, reason: item.withdrawnReason ?? '' } : null;
}

/** A recommendation's free text in its audit entries, sealed under the review's key. */
const RECOMMENDATION_TEXT = ['before.text', 'before.outcome', 'after.text', 'after.outcome'];

function snapshot(r: Recommendation): Record<string, unknown> {
  return {
    number: r.number,
    text: r.text,
    level: r.level,
    owningAgencyId: r.owningAgencyId,
    themes: r.themes,
    tags: r.tags,
    outcome: r.outcome,
    version: r.version,
  };
}

/**
 * The actions (under `action`, of reviews under `review`) this person may see: those of reviews
 * they may see, and for an agency's action owner, their agency's actions across the partnership.
 */
export function visibleActions(user: AuthenticatedUser, action = 'a', review = 'r'): SqlCondition {
  const access = visibleReviews(user, review);
  if (!(can(user, 'work-agency-actions') && user.agencyId)) return access;
  return {
    sql: `(${access.sql} OR (${review}.partnership_id = :ownerPartnership AND ${action}.owning_agency_id = :ownerAgency))`,
    params: { ...access.params, ownerPartnership: user.partnershipId, ownerAgency: user.agencyId },
  };
}
