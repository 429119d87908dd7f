import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { GuardFailure, Review, ReviewGuard, ReviewGuardHandler } from '@app/reviews';

/**
 * `actions-complete`: every action of the review's action plan is complete, or recorded as unable
 * to complete with a reason. The action plan is this lib's, so the guard is too: it registers
 * with the review's pipeline from here.
 */
@ReviewGuard()
@Injectable()
export class ActionsCompleteGuard extends ReviewGuardHandler {
  readonly name = 'actions-complete';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    const [{ open }] = await this.txHost.tx.query(
      `SELECT count(*)::int AS open FROM recommendation_actions WHERE review_id = $1 AND status NOT IN ('complete', 'cannot-complete') AND withdrawn_at IS NULL`,
      [review.id],
    );
    if (open === 0) return null;
    return {
      detail: `${open} action(s) of the action plan are still open: each must be complete, or recorded as unable to complete with a reason.`,
      extensions: { openActions: open },
    };
  }
}
