import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '@app/audit';
import {
  AuthenticatedUser,
  CalendarDate,
  Clock,
  ConflictProblem,
  ForbiddenProblem,
  instantInWords,
  NotFoundProblem,
  validateBody,
  ValidationProblem,
} from '@app/common';
import { DeadlinesService, dueDate } from '@app/deadlines';
import { OutboxService } from '@app/notifications';
import { ReviewSignals } from '@app/queues';
import { DeadlineClock, deadlineKind, Ruleset, RulesetsService } from '@app/rulesets';
import { NamedDeadlineView, ReviewActionSummary, ReviewEnding, ReviewView } from '../dto/review.view';
import { ReviewEvent } from '../entities/review-event.entity';
import { ReviewNotice } from '../entities/review-notice.entity';
import { Review } from '../entities/review.entity';
import { appointmentsOf, mayTake, whoMayTake } from '../review-access';
import { ReviewAccessPort } from '../review-access-port';
import { ReviewViews } from '../review-views';
import { noticeOwed } from '../notices';
import { ActionRegistry } from './action-registry';
import { clockToOpen, effectiveDateOf, mergeEffects, moveToStage, snapshot } from './effects';
import { ActionClocks, ActionContext, ReviewActionHandler } from './review-action';

/** What is left to do once an action taken inside a caller's transaction has committed (`ActionPipeline.afterCommit`). */
export interface ActionAfterCommit {
  reviewId: string;
  mails: string[];
}

/** An action someone asked for: who, on which review, which action, its body, the version they read. */
export interface ActionRequest {
  user: AuthenticatedUser;
  id: string;
  name: string;
  rawBody: unknown;
  expectedVersion?: number;
}

/**
 * The review's action pipeline: `POST /api/reviews/:id/actions/:action`, top to bottom.
 *
 *  1. lock the review, visible to this person (404 otherwise);
 *  2. the action is one the ruleset has and the product carries out (404);
 *  3. the person holds a role the ruleset allows it to, appointments included (403 `not-allowed`);
 *  4. the version they read is current (409 `stale-version`);
 *  5. the stage and status allow it (409 `wrong-stage`);
 *  6. the body is valid, its outcome one the ruleset has (400 `invalid-input`);
 *  7. the effective date is sound and the ruleset's guards are met (400, 409 `guard-failed`);
 *  8. the action's own records (its module's `apply`), then the ruleset's effects on the clocks
 *     and the stage; an action that ends the review stops every clock but its statutory notices,
 *     and names what it stopped and what is still outstanding (`ReviewEnding`);
 *  9. the review's history and the audit entry, in the same transaction;
 * 10. after commit: the outbox rows to the mail queue, and the worker told the review changed.
 */
@Injectable()
export class ActionPipeline {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly rulesets: RulesetsService,
    private readonly registry: ActionRegistry,
    private readonly access: ReviewAccessPort,
    private readonly deadlines: DeadlinesService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly signals: ReviewSignals,
    private readonly views: ReviewViews,
  ) {}

  /** Takes the action and answers with the whole review as the person may now see it. */
  act(request: ActionRequest): Promise<ReviewView & Partial<ReviewEnding>> {
    return this.run(request, (review, ruleset) => this.views.detail(review, ruleset, request.user));
  }

  /**
   * The same action, answered with only the review's new stage, status and version: no reload of
   * everything the review holds (`Prefer: return=minimal`, for callers that do not show it).
   */
  actBriefly(request: ActionRequest): Promise<ReviewActionSummary & Partial<ReviewEnding>> {
    return this.run(request, async ({ id, reference, stage, status, version }) => ({ id, reference, stage, status, version }));
  }

  /**
   * Takes the action and answers with what `answer` makes of the review as it now is, and, when
   * the action ended the review, the deadlines it stopped and those still outstanding.
   */
  private async run<T extends { id: string }>(
    request: ActionRequest,
    answer: (review: Review, ruleset: Ruleset) => Promise<T>,
  ): Promise<T & Partial<ReviewEnding>> {
    const { result, mails } = await this.txHost.withTransaction(() => this.within(request, answer));
    // Only after commit: the worker must see the change when it redoes the reminders or sends mail.
    await this.afterCommit({ reviewId: result.id, mails });
    return result;
  }

  /**
   * Takes the action as one part of a larger change a caller makes in its own transaction (an
   * upload that answers an information request): call it inside the caller's
   * `txHost.withTransaction`, and once that has committed hand what it returns to `afterCommit`,
   * which queues the mail and tells the worker. Nothing is queued before the commit, so a refusal
   * after this (or of this) leaves no mail behind.
   */
  async actWithin(request: ActionRequest): Promise<{ result: ReviewView & Partial<ReviewEnding>; afterCommit: ActionAfterCommit }> {
    const { result, mails } = await this.within(request, (review, ruleset) => this.views.detail(review, ruleset, request.user));
    return { result, afterCommit: { reviewId: result.id, mails } };
  }

  /** What follows an action's commit: its mail to the queue, and the worker told the review changed. */
  async afterCommit({ reviewId, mails }: ActionAfterCommit): Promise<void> {
    await this.outbox.queueDelivery(mails);
    await this.signals.reviewChanged(reviewId);
  }

  /**
   * Steps 1 to 5, before the body: the review locked, visible, the action one it has, the person
   * allowed it, the stage right. For a caller that must refuse before it reads a large request (a
   * file upload); the action is admitted again, with its body, when it is taken.
   */
  async admissible(user: AuthenticatedUser, id: string, name: string): Promise<{ review: Review; ruleset: Ruleset }> {
    const { review, ruleset } = await this.admitWithoutBody({ user, id, name, rawBody: {} });
    return { review, ruleset };
  }

  private async within<T extends { id: string }>(
    request: ActionRequest,
    answer: (review: Review, ruleset: Ruleset) => Promise<T>,
  ): Promise<{ result: T & Partial<ReviewEnding>; mails: string[] }> {
    const { review, ruleset, handler, body } = await this.admit(request);
    const outcome = await this.perform(review, ruleset, handler, body, request.user);
    return { result: { ...(await answer(review, ruleset)), ...outcome.ending }, mails: outcome.mails };
  }

  /** Steps 1 to 6: the review, the action and its body, or the refusal. */
  private async admit(request: ActionRequest) {
    const { review, ruleset, handler } = await this.admitWithoutBody(request);
    return { review, ruleset, handler, body: await this.validBody(ruleset, handler, request.rawBody) };
  }

  /** Step 6: the body valid for the action, its outcome one the ruleset has (400 `invalid-input`). */
  async validBody(ruleset: Ruleset, handler: ReviewActionHandler, rawBody: unknown): Promise<object> {
    const body = await validateBody<object>(handler.body, rawBody);
    const outcomes = ruleset.outcomesOf(handler.name);
    const outcome = (body as { outcome?: string }).outcome;
    if (outcomes.length && (outcome === undefined || !outcomes.includes(outcome))) {
      throw ValidationProblem.field('outcome', `must be one of: ${outcomes.join(', ')} (the outcomes ${ruleset.aName} has for ${handler.name})`);
    }
    return body;
  }

  /** Steps 1 to 5: the review, the action, the person and the stage, or the refusal. */
  private async admitWithoutBody({ user, id, name, expectedVersion }: ActionRequest) {
    const review = await this.access.find(user, id, true);
    if (review.disposedAt) {
      throw new ConflictProblem(`This review's records were disposed of on ${instantInWords(review.disposedAt)}: nothing more can be done to it.`, {
        disposedAt: review.disposedAt.toISOString(),
      });
    }
    const ruleset = await this.rulesets.get(review.rulesetKey);
    const rule = ruleset.action(name);
    const handler = this.registry.action(name);
    if (!rule || !handler) {
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
        { currentStage: review.stage, reviewStatus: review.status, allowedActions },
        'wrong-stage',
      );
    }
    return { review, ruleset, handler };
  }

  /**
   * Steps 7 to 9 for a review already locked and an action already admitted, with a valid body:
   * also how the product itself takes an action (a review displaced by another is discontinued).
   */
  async perform(
    review: Review,
    ruleset: Ruleset,
    handler: ReviewActionHandler,
    body: object,
    user: AuthenticatedUser,
    /** Facts for the audit entry alone, beside the action's own details (why the product took it). */
    auditOnly: Record<string, unknown> = {},
    /**
     * Guards not checked, by name: only for history brought in from a partnership's records
     * (libs/reviews `ReviewImport`), where what a guard asks for was done outside the product.
     */
    waivedGuards: readonly string[] = [],
  ): Promise<{ details: Record<string, unknown>; mails: string[]; ending?: ReviewEnding }> {
    const name = handler.name;
    const rule = ruleset.action(name)!;
    const effects = mergeEffects(rule, rule.outcomes?.[(body as { outcome?: string }).outcome ?? '']);
    const now = this.clock.now();
    const today = this.clock.today();
    const effectiveOn = effectiveDateOf(rule, effects, body, review, today);
    const waived = (rule.guards ?? []).filter((guard) => waivedGuards.includes(guard.split(':')[0]));
    await this.registry.check(
      (rule.guards ?? []).filter((guard) => !waived.includes(guard)),
      review,
      ruleset,
    );
    if (waived.length) auditOnly = { ...auditOnly, guardsWaived: waived };

    const before = snapshot(review);
    const fromStage = review.stage;
    const wasEnded = review.status === 'closed';
    const context: ActionContext<object> = {
      action: name,
      review,
      ruleset,
      body,
      user,
      now,
      today,
      details: {},
      mails: [],
      clocks: this.clocksFor(review, ruleset, user, now),
    };
    await handler.apply(context);
    const { details } = context;

    await this.deadlines.meet(review.id, effects.meets ?? [], effectiveOn);
    const cancelled = await this.deadlines.cancel(review.id, effects.cancels ?? [], effectiveOn);
    if (cancelled.length) details.deadlinesCancelled = cancelled.map((d) => d.key);
    const notOwed = await this.openClocks(review, ruleset, effects.opens ?? [], body, now);
    if (notOwed.length) details.noticesNotOwed = notOwed;
    if (effects.newSignOffRound) review.signOffRound += 1;
    if (effects.moveTo) {
      Object.assign(
        review,
        moveToStage(review, { endStages: ruleset.endStages, boardVisibleFromStage: ruleset.definition.boardVisibleFromStage }, effects.moveTo, effectiveOn),
      );
    }
    let ending: ReviewEnding | undefined;
    if (!wasEnded && review.status === 'closed') {
      ending = await this.endOfReview(review, ruleset, effectiveOn, cancelled);
      if (ending.cancelledDeadlines.length) details.deadlinesCancelled = ending.cancelledDeadlines.map((d) => d.key);
      details.outstandingDeadlines = ending.outstandingDeadlines;
    }
    review.version += 1;
    review.updatedAt = now;
    // Every column as the action left it, in one UPDATE: `save` would first read the row back to compare.
    const reviews = this.txHost.tx.getRepository(Review);
    const columns = reviews.metadata.columns.filter((column) => !column.isPrimary && !column.relationMetadata);
    await reviews.update({ id: review.id }, Object.fromEntries(columns.map((column) => [column.propertyName, column.getEntityValue(review)])));

    const events = this.txHost.tx.getRepository(ReviewEvent);
    // A new row and nothing to cascade: an INSERT, without `save`'s working out of what changed
    // (its typing wants a JSON column's type spelt out field by field; the entity is the row).
    const event = events.create({
      reviewId: review.id,
      action: name,
      occurredOn: effectiveOn,
      fromStage,
      toStage: review.stage,
      details,
      actorId: user.id,
      recordedAt: now,
    });
    await events.insert(event as Parameters<typeof events.insert>[0]);
    await this.audit.record({
      action: `review.action.${name}`,
      reviewId: review.id,
      partnershipId: review.partnershipId,
      changes: {
        before,
        after: snapshot(review),
        input: body,
        ...(Object.keys(details).length || Object.keys(auditOnly).length ? { details: { ...details, ...auditOnly } } : {}),
      },
      // What the body said (rationales, reasons, notes) and the action's details are the case's own: sealed under the review's key.
      personal: { of: review.id, fields: ['input', 'details'] },
      boards: ruleset.definition.requiredSignOffs,
    });
    return { details, mails: context.mails, ending };
  }

  /**
   * A review just ended (closed, discontinued, decided not held): every clock still running stops
   * as no longer needed, except its statutory notices, which the law still requires: those are
   * named as outstanding, to be recorded as sent or as not sent with a reason. An edition that
   * marks no statutory notice (stored before they were marked) keeps every clock, as it always did.
   */
  private async endOfReview(review: Review, ruleset: Ruleset, on: CalendarDate, cancelledByRule: NamedDeadlineView[]): Promise<ReviewEnding> {
    const running = await this.deadlines.outstanding(review.id);
    const stopped = ruleset.marksStatutoryNotices ? running.filter((d) => !ruleset.isStatutoryNotice(d.key)) : [];
    const cancelledNow = await this.deadlines.cancel(review.id, [...new Set(stopped.map((d) => deadlineKind(d.key)))], on);
    const named = ({ key, label, dueOn }: NamedDeadlineView) => ({ key, label, dueOn });
    return {
      outstandingDeadlines: running.filter((d) => !stopped.includes(d)).map(named),
      cancelledDeadlines: [...cancelledByRule, ...cancelledNow].map(named),
    };
  }

  /**
   * Starts the ruleset's clocks for this review (on creation, and as actions' effects say), except
   * a notice not owed given the notices already given (a further decision notice, PCSCA 2022
   * s.27(3), only after a first notice that said no decision was taken yet). Returns those skipped.
   */
  async openClocks(review: Review, ruleset: Ruleset, clocks: DeadlineClock[], body: object, now: Date): Promise<string[]> {
    const notOwed: string[] = [];
    for (const clock of clocks) {
      const notice = ruleset.deadlineRule(clock.deadline)?.notice;
      if (notice && !noticeOwed(notice, await this.txHost.tx.getRepository(ReviewNotice).findBy({ reviewId: review.id }))) {
        notOwed.push(clock.deadline);
        continue;
      }
      const start = clockToOpen(clock, await this.deadlines.ofKind(review.id, clock.deadline), body, review);
      if (!start) continue;
      const label = ruleset.deadlineRule(clock.deadline)?.label ?? clock.deadline;
      await this.deadlines.open(review.id, start.key, label, dueDate(start.from, clock), now, ruleset.movedByPause(clock.deadline));
    }
    return notOwed;
  }

  /** The clocks an action's module may touch: only kinds the review's ruleset declares. */
  private clocksFor(review: Review, ruleset: Ruleset, user: AuthenticatedUser, now: Date): ActionClocks {
    const declared = (key: string) => {
      const kind = key.split(':')[0];
      if (!ruleset.deadlineRule(kind)) throw new Error(`Ruleset ${ruleset.key} declares no deadline '${kind}'`);
    };
    return {
      openItem: async (kind: string, item: string, label: string, dueOn: CalendarDate) => {
        declared(kind);
        return (await this.deadlines.open(review.id, `${kind}:${item}`, label, dueOn, now, ruleset.movedByPause(kind))).id;
      },
      open: async (clocks: DeadlineClock[], dates: object) => {
        clocks.forEach((clock) => declared(clock.deadline));
        await this.openClocks(review, ruleset, clocks, dates, now);
      },
      meet: async (keys: string[], on: CalendarDate) => {
        keys.forEach(declared);
        await this.deadlines.meet(review.id, keys, on);
      },
      shiftOutstanding: (days: number) => this.deadlines.shiftOutstanding(review.id, days),
      extend: async (key: string, newDueOn: CalendarDate, reason: string) => {
        const deadline = await this.deadlines.findOutstanding(review.id, key);
        if (!deadline) throw ValidationProblem.field('deadline', 'this review has no outstanding deadline with that key');
        await this.deadlines.extend(deadline, newDueOn, reason, user.id, now);
      },
      recordNotSent: async (key: string, reason: string, on: CalendarDate) => {
        declared(key);
        if (!ruleset.isStatutoryNotice(key) || !(await this.deadlines.recordNotSent(review.id, key, reason, on))) {
          throw ValidationProblem.field('deadline', 'must be a statutory notice of this review still outstanding');
        }
      },
    };
  }
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
