import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, IsNull } from 'typeorm';
import { can, Permission, rolesWith } from '@app/access';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, ConflictProblem, ForbiddenProblem, instantInWords, NotFoundProblem } from '@app/common';
import { ReviewDisposal, ReviewRetentionFacts } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { LegalHoldView } from './dto/retention.dto';
import { LegalHold } from './entities/legal-hold.entity';
import { namesOf } from './people';

const WHAT: Partial<Record<Permission, string>> = {
  'see-legal-holds': "see a review's legal holds",
  'place-legal-hold': 'place a legal hold',
  'lift-legal-hold': 'lift a legal hold',
};

/**
 * Legal holds on a review (e.g. the IICSA instruction on records touching child sexual abuse):
 * while one is active the review is not disposed of. Placed and lifted with a reason, audited,
 * and kept once lifted. A hold is the lead partnership's: others get a 404 for the review.
 */
@Injectable()
export class LegalHolds {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reviews: ReviewDisposal,
    private readonly rulesets: RulesetsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Every hold the review has had, the active ones first, newest first. */
  list(user: AuthenticatedUser, reviewId: string): Promise<LegalHoldView[]> {
    return this.txHost.withTransaction(async () => {
      mayDo(user, 'see-legal-holds');
      const review = await this.review(user, reviewId, false);
      const holds = await this.holds().find({ where: { reviewId: review.id }, order: { placedAt: 'DESC' } });
      const views = await this.views(holds);
      return [...views.filter((hold) => hold.active), ...views.filter((hold) => !hold.active)];
    });
  }

  /**
   * The holds as the review's page shows them: null for someone who may not see holds, or when
   * the review is not their partnership's (a contributor's people see the lead's review, not its holds).
   */
  async shownTo(user: AuthenticatedUser, reviewId: string): Promise<LegalHoldView[] | null> {
    if (!can(user, 'see-legal-holds') || !(await this.reviews.find(user.partnershipId, reviewId))) return null;
    return this.list(user, reviewId);
  }

  place(user: AuthenticatedUser, reviewId: string, reason: string): Promise<LegalHoldView> {
    return this.txHost.withTransaction(async () => {
      mayDo(user, 'place-legal-hold');
      // Locked: a disposal under way waits, and then sees the hold.
      const review = await this.review(user, reviewId, true);
      if (review.disposedAt) {
        throw new ConflictProblem(`${review.reference} was disposed of on ${instantInWords(review.disposedAt)}: there is nothing left to hold.`);
      }
      const hold = await this.holds().save(
        this.holds().create({ partnershipId: review.partnershipId, reviewId: review.id, reason: reason.trim(), placedBy: user.id, placedAt: this.clock.now() }),
      );
      await this.audit.record({
        action: 'review.legal-hold-placed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { holdId: hold.id, reason: hold.reason },
        boards: await this.boardsOf(review),
      });
      return (await this.views([hold]))[0];
    });
  }

  lift(user: AuthenticatedUser, reviewId: string, holdId: string, reason: string): Promise<LegalHoldView> {
    return this.txHost.withTransaction(async () => {
      mayDo(user, 'lift-legal-hold');
      const review = await this.review(user, reviewId, true);
      const hold = await this.holds().findOne({ where: { id: holdId, reviewId: review.id }, lock: { mode: 'pessimistic_write' } });
      if (!hold) throw new NotFoundProblem('This review has no legal hold with that id.');
      if (hold.liftedAt) throw new ConflictProblem(`This hold was already lifted on ${instantInWords(hold.liftedAt)}.`);
      Object.assign(hold, { liftedAt: this.clock.now(), liftedBy: user.id, liftReason: reason.trim() });
      await this.holds().save(hold);
      await this.audit.record({
        action: 'review.legal-hold-lifted',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { holdId: hold.id, reason: hold.liftReason },
        boards: await this.boardsOf(review),
      });
      return (await this.views([hold]))[0];
    });
  }

  /** The active holds of these reviews, by review. */
  async activeFor(reviewIds: readonly string[]): Promise<Map<string, LegalHoldView[]>> {
    if (reviewIds.length === 0) return new Map();
    const holds = await this.holds().find({ where: { reviewId: In([...reviewIds]), liftedAt: IsNull() }, order: { placedAt: 'ASC' } });
    const byReview = new Map<string, LegalHoldView[]>();
    for (const view of await this.views(holds)) byReview.set(view.reviewId, [...(byReview.get(view.reviewId) ?? []), view]);
    return byReview;
  }

  /** The review, of the caller's partnership (its lead); a 404 otherwise. */
  private async review(user: AuthenticatedUser, reviewId: string, forUpdate: boolean): Promise<ReviewRetentionFacts> {
    const review = await this.reviews.find(user.partnershipId, reviewId, forUpdate);
    if (!review) throw new NotFoundProblem('No review with that id.');
    return review;
  }

  private async boardsOf(review: ReviewRetentionFacts): Promise<string[]> {
    return (await this.rulesets.get(review.rulesetKey)).definition.requiredSignOffs;
  }

  private holds() {
    return this.txHost.tx.getRepository(LegalHold);
  }

  private async views(holds: LegalHold[]): Promise<LegalHoldView[]> {
    const names = await namesOf(
      this.txHost.tx,
      holds.flatMap((hold) => [hold.placedBy, hold.liftedBy]),
    );
    const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
    return holds.map((hold) => ({
      id: hold.id,
      reviewId: hold.reviewId,
      reason: hold.reason,
      placedAt: hold.placedAt.toISOString(),
      placedBy: person(hold.placedBy),
      active: hold.liftedAt === null,
      liftedAt: hold.liftedAt?.toISOString() ?? null,
      liftedBy: person(hold.liftedBy),
      liftReason: hold.liftReason,
    }));
  }
}

/** The routes say who may too; this keeps the rule when a web page calls the service. */
export function mayDo(user: AuthenticatedUser, permission: Permission): void {
  if (!can(user, permission)) {
    throw new ForbiddenProblem(`You may not ${WHAT[permission] ?? permission}.`, { requiredRoles: rolesWith(permission) });
  }
}
