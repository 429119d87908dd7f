import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { GuardFailure, Review, ReviewGuard, ReviewGuardHandler } from '@app/reviews';
import { Proceeding } from './entities/proceeding.entity';

/** `proceeding-recorded`: the review has a parallel proceeding to change (so update-proceeding is offered only then). */
@ReviewGuard()
@Injectable()
export class ProceedingRecordedGuard extends ReviewGuardHandler {
  readonly name = 'proceeding-recorded';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    const any = await this.txHost.tx.getRepository(Proceeding).existsBy({ reviewId: review.id });
    return any ? null : { detail: 'The review has no parallel proceeding recorded yet: record one first (the action record-proceeding).' };
  }
}
