import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { AuditChainer } from './audit-chainer';

const AUDIT_WRITTEN = 'auditJournalWritten';

/** Notes on a transaction's query runner that it wrote to the audit journal. */
export function markAuditWritten(queryRunner: QueryRunner | undefined): void {
  if (queryRunner) queryRunner.data = { ...queryRunner.data, [AUDIT_WRITTEN]: true };
}

/**
 * When a transaction that wrote audit entries commits, has them chained before the code that
 * committed it goes on; TypeORM awaits this as part of the commit. A rollback leaves nothing in
 * the journal, so there is nothing to chain.
 */
@Injectable()
export class AuditCommitSubscriber implements EntitySubscriberInterface {
  private readonly logger = new Logger(AuditCommitSubscriber.name);

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly chainer: AuditChainer,
  ) {
    dataSource.subscribers.push(this);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    if (!event.queryRunner.data?.[AUDIT_WRITTEN]) return;
    delete event.queryRunner.data[AUDIT_WRITTEN];
    // The change and its journal entry have committed together, so the entry is kept whatever
    // happens here; if chaining fails now, the chainer's sweep chains it shortly.
    await this.chainer
      .flush()
      .catch((error: Error) => this.logger.warn(`Chaining audit entries after a commit failed, the sweep will retry: ${error.message}`));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner.data) delete event.queryRunner.data[AUDIT_WRITTEN];
  }
}
