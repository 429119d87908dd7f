import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { can } from '@app/access';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, ConflictProblem, ForbiddenProblem, validateBody, ValidationProblem, yearOf } from '@app/common';
import { PartnershipsService } from '@app/partnerships';
import { ReviewSignals } from '@app/queues';
import { Ruleset, RulesetsService } from '@app/rulesets';
import { CreateReviewRequest, DEATH_FACTS } from './dto/create-review.dto';
import { ReviewView } from './dto/review.view';
import { Death } from './deaths/death.entity';
import { DeathsService, facts, linkRecord } from './deaths/deaths.service';
import { ReviewEvent } from './entities/review-event.entity';
import { Review } from './entities/review.entity';
import { ActionPipeline, capitalise } from './pipeline/action-pipeline';
import { ActionRegistry } from './pipeline/action-registry';
import { snapshot } from './pipeline/effects';
import { precedenceConflicts } from './precedence';
import { ReviewLinks } from './review-links';
import { ReviewViews } from './review-views';

/**
 * A review's beginning: a death notification logged, the statutory review it gets decided by the
 * rulesets' precedence (PCSCA 2022 s.26), and any review it displaces discontinued.
 */
@Injectable()
export class ReviewIntake {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly rulesets: RulesetsService,
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
    private readonly pipeline: ActionPipeline,
    private readonly registry: ActionRegistry,
    private readonly views: ReviewViews,
    private readonly signals: ReviewSignals,
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

  /**
   * A review already under way, brought in from the partnership's own records (libs/imports), in
   * the caller's transaction: logged as its notification was, with `importReference` (the
   * partnership's reference for it) kept and `imported` (which import, which row) in the audit
   * entry. Whoever imports may (the importer checks `import-reviews`); the rest is as `create`.
   */
  createImported(user: AuthenticatedUser, request: CreateReviewRequest, importReference: string, imported: Record<string, unknown>): Promise<ReviewView> {
    return this.createInTransaction(user, request, { reference: importReference, facts: imported });
  }

  private async createInTransaction(
    user: AuthenticatedUser,
    request: CreateReviewRequest,
    imported?: { reference: string; facts: Record<string, unknown> },
  ): Promise<ReviewView> {
    if (!imported && !can(user, 'log-notification')) {
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
      importReference: imported?.reference ?? null,
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    });
    await this.reviews.save(review);
    await this.pipeline.openClocks(review, ruleset, definition.onCreation.opens, {}, now);
    const events = this.txHost.tx.getRepository(ReviewEvent);
    await events.save(
      events.create({
        reviewId: review.id,
        action: 'notification',
        occurredOn: request.notifiedOn,
        fromStage: 'notification',
        toStage: review.stage,
        details: {},
        actorId: user.id,
        recordedAt: now,
      }),
      { reload: false },
    );
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
        ...(imported ? { imported: imported.facts } : {}),
      },
      // The circumstances and the death's facts: sealed under the review's key.
      personal: { of: review.id, fields: ['input', 'death.recorded'] },
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
      const discontinue = this.registry.action('discontinue')!;
      const body = await validateBody(discontinue.body, { on: this.clock.today(), reason });
      const link = await this.links.create(user, review.death, review, { kind: other.type, linkedReviewId: other.id, note: `Discontinued: ${reason}` });
      await this.pipeline.perform(other, otherRuleset, discontinue, body, user, { displacedBy: review.id, link: linkRecord(link) });
      displaced.push(other.reference);
    }
    return displaced;
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
}
