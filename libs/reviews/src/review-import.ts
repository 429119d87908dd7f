import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, CalendarDate, Problem, validateBody, ValidationProblem } from '@app/common';
import { DeadlinesService } from '@app/deadlines';
import { OutboxService } from '@app/notifications';
import { RulesetsService } from '@app/rulesets';
import { CreateReviewRequest } from './dto/create-review.dto';
import { Review } from './entities/review.entity';
import { ActionPipeline } from './pipeline/action-pipeline';
import { ActionRegistry } from './pipeline/action-registry';
import { ReviewIntake } from './review-intake.service';

/**
 * Guards an imported review's history does not meet, because what they ask for was done outside
 * the product before it came in: the report uploaded and checked for names, the boards' votes,
 * the QA letter's changes, the family told. Each waived guard is named in the step's audit entry
 * (`guardsWaived`). Every other guard (a chair before the terms of reference...) still holds.
 */
export const IMPORT_WAIVED_GUARDS = [
  'overview-report-uploaded',
  'sign-offs-complete',
  'report-anonymised',
  'qa-changes-resolved',
  'family-told-of-publication',
] as const;

/** Why the mails an imported history would send are withdrawn: they were sent, or not, before it came in. */
export const IMPORTED_MAIL_WITHDRAWN =
  'Part of a review’s history brought in from the partnership’s records: anything needed was sent at the time, outside this service.';

/** One dated step of an imported review's history: a ruleset action with its body. */
export interface ImportStep {
  /** A name for the step, unique in the review, so a later step can use what it recorded. */
  key: string;
  action: string;
  body: Record<string, unknown>;
  /** Where the step came from, for the report (the importer's own words: a sheet, a row, a column). */
  source: unknown;
  /** A field of the body filled from what an earlier step recorded: `{ requestId: ['ask-1', 'requestId'] }`. */
  fromSteps?: Record<string, [string, string]>;
}

/** A review's history as the importer read it: the notification (the create request), then its steps in date order. */
export interface ImportedReviewPlan {
  importReference: string;
  notification: Record<string, unknown>;
  steps: ImportStep[];
}

/** A step the product refused: the problem, and which step (null: the notification itself). */
export class ImportStepRefused extends Error {
  constructor(
    readonly step: ImportStep | null,
    readonly problem: Problem,
  ) {
    super(problem.detail);
  }
}

export interface ImportedReview {
  id: string;
  reference: string;
  stage: string;
  status: string;
  /** The stage in words, as the ruleset names it. */
  stageName: string;
  /** The review's clocks still running after its history, by due date. */
  outstanding: { key: string; label: string; dueOn: CalendarDate }[];
}

/**
 * Brings one review already under way into the product (issue 17.1), in the caller's
 * transaction: its notification logged, then each step of its history taken through the action
 * pipeline with the date it happened, so its stage, history and clocks are what they would have
 * been had it been run here from the start. Who may take each action is not asked (the importer
 * checks who may import); when, in what order and with what body is, as for any action. The
 * mails the history would send now are withdrawn, and an audit entry says the review was imported.
 */
@Injectable()
export class ReviewImport {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly intake: ReviewIntake,
    private readonly pipeline: ActionPipeline,
    private readonly registry: ActionRegistry,
    private readonly rulesets: RulesetsService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** The reviews the partnership has imported, by their import reference in lower case. */
  async importedReferences(partnershipId: string): Promise<Map<string, { id: string; reference: string }>> {
    const rows = await this.txHost.tx
      .getRepository(Review)
      .createQueryBuilder('r')
      .select(['r.id', 'r.reference', 'r.importReference'])
      .where('r.partnership_id = :partnershipId AND r.import_reference IS NOT NULL', { partnershipId })
      .getMany();
    return new Map(rows.map((row) => [row.importReference!.toLowerCase(), { id: row.id, reference: row.reference }]));
  }

  async importWithin(user: AuthenticatedUser, plan: ImportedReviewPlan, imported: Record<string, unknown>): Promise<ImportedReview> {
    const created = await this.refusedAs(null, async () =>
      this.intake.createImported(user, await validateBody(CreateReviewRequest, plan.notification), plan.importReference, imported),
    );
    const recorded = new Map<string, Record<string, unknown>>();
    const mails: string[] = [];
    for (const step of plan.steps) {
      const outcome = await this.refusedAs(step, () => this.take(user, created.id, step, recorded, imported));
      recorded.set(step.key, outcome.details);
      mails.push(...outcome.mails);
    }
    await this.outbox.withdraw(mails, IMPORTED_MAIL_WITHDRAWN);
    const review = await this.txHost.tx.getRepository(Review).findOneByOrFail({ id: created.id });
    const ruleset = await this.rulesets.get(review.rulesetKey);
    await this.audit.record({
      action: 'review.imported',
      reviewId: review.id,
      partnershipId: review.partnershipId,
      changes: {
        imported: { ...imported, importReference: plan.importReference },
        steps: plan.steps.map((step) => step.action),
        stage: review.stage,
        status: review.status,
        mailsWithdrawn: mails.length,
      },
      boards: ruleset.definition.requiredSignOffs,
    });
    const outstanding = (await this.deadlines.outstanding(review.id))
      .map(({ key, label, dueOn }) => ({ key, label, dueOn }))
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.key.localeCompare(b.key));
    return { id: review.id, reference: review.reference, stage: review.stage, stageName: ruleset.stageLabel(review.stage), status: review.status, outstanding };
  }

  private async take(
    user: AuthenticatedUser,
    reviewId: string,
    step: ImportStep,
    recorded: Map<string, Record<string, unknown>>,
    imported: Record<string, unknown>,
  ): Promise<{ details: Record<string, unknown>; mails: string[] }> {
    const review = await this.txHost.tx
      .getRepository(Review)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.death', 'death')
      .where('r.id = :id', { id: reviewId })
      .setLock('pessimistic_write', undefined, ['r'])
      .getOneOrFail();
    const ruleset = await this.rulesets.get(review.rulesetKey);
    const rule = ruleset.action(step.action);
    const handler = this.registry.action(step.action);
    if (!rule || !handler) throw ValidationProblem.field('action', `is not a step ${ruleset.aName} has: leave it blank`);
    if (!ruleset.allows(step.action, review.stage, review.status)) {
      const when =
        review.status === 'paused'
          ? 'while the review is paused: check the dates it was paused and resumed'
          : review.status === 'closed'
            ? `after the review ended (${ruleset.stageLabel(review.stage)})`
            : `while the review is at the stage "${ruleset.stageLabel(review.stage)}": check the dates of the steps before it`;
      throw ValidationProblem.field('action', `cannot be recorded ${when}`);
    }
    const body: Record<string, unknown> = { ...step.body };
    for (const [field, [from, detail]] of Object.entries(step.fromSteps ?? {})) body[field] = recorded.get(from)?.[detail];
    const valid = await this.pipeline.validBody(ruleset, handler, body);
    return this.pipeline.perform(review, ruleset, handler, valid, user, { imported }, IMPORT_WAIVED_GUARDS);
  }

  /** Runs one step, turning the product's refusal of it into an `ImportStepRefused` naming the step. */
  private async refusedAs<T>(step: ImportStep | null, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof Problem) throw new ImportStepRefused(step, error);
      throw error;
    }
  }
}
