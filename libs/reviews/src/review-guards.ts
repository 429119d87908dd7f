import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ConflictProblem } from '@app/common';
import { DeadlinesService } from '@app/deadlines';
import { PartnershipsService } from '@app/partnerships';
import { Ruleset } from '@app/rulesets';
import { Review } from './entities/review.entity';
import { SignOff } from './entities/sign-off.entity';
import { ReviewPartnerSignOff } from './entities/review-partner.entity';
import { boardSignOff, BoardSignOffStatus } from './sign-off-rules';

/**
 * The preconditions a ruleset can name for an action (`guards`). Each answers with the reason
 * the action cannot be taken yet, or null when it can.
 */
@Injectable()
export class ReviewGuards {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly deadlines: DeadlinesService,
    private readonly partnerships: PartnershipsService,
  ) {}

  /** Throws a 409 naming the first unmet precondition. */
  async check(guards: string[], review: Review, ruleset: Ruleset): Promise<void> {
    for (const guard of guards) {
      const failure = await this.failure(guard, review, ruleset);
      if (failure) throw new ConflictProblem(failure.detail, { guard, ...failure.extensions }, 'guard-failed');
    }
  }

  /** Each board the ruleset needs, with where its sign-off of the current draft stands. */
  async signOffStatus(review: Review, ruleset: Ruleset): Promise<(BoardSignOffStatus & { board: string; name: string; quorum: number })[]> {
    const votes = await this.txHost.tx.getRepository(SignOff).findBy({ reviewId: review.id, round: review.signOffRound });
    const boards = await this.partnerships.listBoards(review.partnershipId);
    return ruleset.definition.requiredSignOffs.map((key) => {
      const board = boards.find((b) => b.key === key);
      const mine = votes.filter((v) => v.boardKey === key).map((v) => ({ memberId: v.signedBy, decision: v.decision, withdrawn: v.withdrawnAt !== null }));
      return {
        board: key,
        name: board?.name ?? key,
        quorum: board?.quorum ?? 1,
        ...boardSignOff(mine, { quorum: board?.quorum ?? 1, chairUserId: board?.chairUserId ?? null }),
      };
    });
  }

  async allMet(guards: string[], review: Review, ruleset: Ruleset): Promise<boolean> {
    for (const guard of guards) if (await this.failure(guard, review, ruleset)) return false;
    return true;
  }

  private async failure(guard: string, review: Review, ruleset: Ruleset): Promise<{ detail: string; extensions?: Record<string, unknown> } | null> {
    const [kind, argument] = guard.split(':');
    switch (kind) {
      case 'chair-appointed':
        return review.chairUserId ? null : { detail: 'Appoint the independent chair first (the action appoint-chair).' };
      case 'sign-offs-complete': {
        const status = await this.signOffStatus(review, ruleset);
        const waiting = status.filter((board) => !board.complete);
        if (waiting.length === 0) return null;
        return { detail: `Still waiting for sign-off by: ${waiting.map((b) => b.name).join(', ')}.`, extensions: { waitingFor: waiting.map((b) => b.board) } };
      }
      case 'partner-sign-offs-complete': {
        const votes = await this.txHost.tx.getRepository(ReviewPartnerSignOff).find({ where: { reviewId: review.id }, order: { recordedAt: 'ASC' } });
        const latest = new Map(votes.map((v) => [v.partner, v.decision]));
        const waiting = (ruleset.definition.reviewPartners ?? []).filter((p) => latest.get(p.key) !== 'approve');
        if (waiting.length === 0) return null;
        return {
          detail: `Still waiting for the review partners' approval: ${waiting.map((p) => p.label).join(', ')}.`,
          extensions: { waitingFor: waiting.map((p) => p.key) },
        };
      }
      case 'actions-complete': {
        const [{ open }] = await this.txHost.tx.query(
          `SELECT count(*)::int AS open FROM recommendation_actions WHERE review_id = $1 AND status NOT IN ('complete', 'cannot-complete')`,
          [review.id],
        );
        return open === 0
          ? null
          : {
              detail: `${open} action(s) of the action plan are still open: each must be complete, or recorded as unable to complete with a reason.`,
              extensions: { openActions: open },
            };
      }
      case 'deadline-outstanding':
        return (await this.deadlines.findOutstanding(review.id, argument))
          ? null
          : { detail: `Nothing is outstanding for '${ruleset.deadlineRule(argument)?.label ?? argument}': it is already recorded.` };
      default:
        throw new Error(`Ruleset ${ruleset.key} names a guard the product does not know: ${guard}`);
    }
  }
}
