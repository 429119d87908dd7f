import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ReviewsModule } from '@app/reviews';
import { AnonymisationCheck } from './anonymisation-check.service';
import { AnonymisationController } from './anonymisation.controller';
import { AnonymisationAcknowledgement, AnonymisationCheckRecord } from './entities/anonymisation-check.entity';
import { ProtectedIdentity } from './entities/protected-identity.entity';
import { ProtectedIdentities } from './protected-identities.service';

/**
 * Anonymisation (nothing identifying leaves): the protected names of a review, text extraction
 * from its documents, and the check for protected names and dates of birth, with its record.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ProtectedIdentity, AnonymisationCheckRecord, AnonymisationAcknowledgement]), AuditModule, ReviewsModule],
  providers: [ProtectedIdentities, AnonymisationCheck],
  exports: [ProtectedIdentities, AnonymisationCheck],
})
export class AnonymisationModule {}

/** The JSON API of anonymisation, mounted under /api. */
@Module({ imports: [AnonymisationModule], controllers: [AnonymisationController] })
export class AnonymisationApiModule {}
