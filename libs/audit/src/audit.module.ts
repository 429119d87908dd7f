import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityVaultModule } from '@app/identity-vault';
import { AuditController } from './audit.controller';
import { AuditChainer } from './audit-chainer';
import { AuditCommitSubscriber } from './audit-commit.subscriber';
import { AuditDataKeys } from './audit-data-keys';
import { AuditService } from './audit.service';
import { AuditEntry } from './entities/audit-entry.entity';

/** The audit trail, for any app that changes or reads what is recorded. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry]), IdentityVaultModule],
  providers: [AuditService, AuditChainer, AuditCommitSubscriber, AuditDataKeys],
  exports: [AuditService, AuditChainer],
})
export class AuditModule {}

/** Verification over HTTP, in the api only: the worker serves nothing but /health. */
@Module({ imports: [AuditModule], controllers: [AuditController] })
export class AuditApiModule {}
