import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { visibleReviews } from '@app/access';
import { AuthenticatedUser, Clock, NotFoundProblem } from '@app/common';
import { Ruleset, RulesetsService } from '@app/rulesets';
import { DeathIdentities } from './deaths/death-identities';
import { Review } from './entities/review.entity';
import { appointmentsOf, mayTake } from './review-access';

/**
 * What other capabilities (recommendations, exports, the web pages) use of a review: the review
 * as a person may see it, whether they hold a role for it, and the approvals a change takes back.
 * Nothing else of libs/reviews is theirs to call for this.
 */
@Injectable()
export class ReviewAccessPort {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly rulesets: RulesetsService,
    private readonly identities: DeathIdentities,
  ) {}

  /** The review as this person may see it (a 404 otherwise), locked for the rest of the caller's transaction when `forUpdate`. */
  async find(user: AuthenticatedUser, id: string, forUpdate = false): Promise<Review> {
    const access = visibleReviews(user, 'r');
    const qb = this.txHost.tx
      .getRepository(Review)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.death', 'death')
      .where('r.id = :id', { id })
      .andWhere(access.sql, access.params);
    if (forUpdate) qb.setLock('pessimistic_write', undefined, ['r']);
    const review = await qb.getOne();
    if (!review) throw new NotFoundProblem('No review with that id.');
    return review;
  }

  /** The review and its ruleset, as `find`. For capabilities built on a review, such as its recommendations. */
  async visibleReview(user: AuthenticatedUser, id: string, forUpdate = false): Promise<{ review: Review; ruleset: Ruleset }> {
    const review = await this.find(user, id, forUpdate);
    return { review, ruleset: await this.rulesets.get(review.rulesetKey) };
  }

  /** Whether this person holds one of the rule's roles for this review, appointments included. */
  async holdsRole(rule: { roles: string[] }, review: Review, user: AuthenticatedUser): Promise<boolean> {
    return mayTake(rule, review, user, await appointmentsOf(this.txHost.tx, review.id));
  }

  /**
   * The victim's real name recorded for the review's death, or null when none is. For checks that
   * must look for it (libs/anonymisation) and never show it: the caller decides who sees it.
   */
  async victimNameOf(review: Pick<Review, 'deathId'>): Promise<string | null> {
    return this.identities.nameOf(review.deathId);
  }

  /**
   * For subject access: the victims whose recorded real name (or a part of it) has this blind
   * index entry, each with every review of the death the scope's partnership holds (oldest
   * first). Not need-to-know filtered: the caller decides who may ask. In the caller's transaction.
   */
  async victimsNamed(searchIndex: string): Promise<{ deathId: string; victimName: string; recordedAt: Date; reviews: Review[] }[]> {
    const victims = await this.identities.named(searchIndex);
    return Promise.all(
      victims.map(async (victim) => ({
        ...victim,
        reviews: await this.txHost.tx
          .getRepository(Review)
          .find({ where: { deathId: victim.deathId }, relations: { death: true }, order: { createdAt: 'ASC' } }),
      })),
    );
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
}
