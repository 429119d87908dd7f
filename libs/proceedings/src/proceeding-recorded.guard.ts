import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ConditionGuardHandler, GuardFailure, ReviewGuard } from '@app/reviews';

/** `proceeding-recorded`: the review has a parallel proceeding to change (so update-proceeding is offered only then). */
@ReviewGuard()
@Injectable()
export class ProceedingRecordedGuard extends ConditionGuardHandler {
  readonly name = 'proceeding-recorded';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  protected get asker() {
    return this.txHost.tx;
  }

  condition(r: string): string {
    return `EXISTS (SELECT 1 FROM proceedings p WHERE p.review_id = ${r}.id)`;
  }

  refusal(): GuardFailure {
    return { detail: 'The review has no parallel proceeding recorded yet: record one first (the action record-proceeding).' };
  }
}
