import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { DocumentsModule } from '@app/documents';
import { IdentityVaultModule } from '@app/identity-vault';
import { ReviewsModule } from '@app/reviews';
import { AnonymisationCheck } from './anonymisation-check.service';
import { AnonymisationController } from './anonymisation.controller';
import { AnonymisationAcknowledgement, AnonymisationCheckRecord } from './entities/anonymisation-check.entity';
import { ProtectedIdentity } from './entities/protected-identity.entity';
import { ProtectedIdentities } from './protected-identities.service';
import { ProtectedNameSources } from './protected-name-sources';
import { ReportAnonymisedGuard } from './report-anonymised.guard';
import { ReportChecks } from './report-checks.service';

/**
 * Anonymisation (nothing identifying leaves): the protected names of a review, text extraction
 * from its documents, and the check for protected names and dates of birth, with its record;
 * each new version of a report checked as it is stored (`ReportChecks`, told by the documents
 * library), and the guard `report-anonymised` on the actions that send or publish the report.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ProtectedIdentity, AnonymisationCheckRecord, AnonymisationAcknowledgement]),
    AuditModule,
    ReviewsModule,
    DocumentsModule,
    IdentityVaultModule,
  ],
  providers: [ProtectedIdentities, ProtectedNameSources, AnonymisationCheck, ReportChecks, ReportAnonymisedGuard],
  exports: [ProtectedIdentities, ProtectedNameSources, AnonymisationCheck, ReportChecks],
})
export class AnonymisationModule {}

/** The JSON API of anonymisation, mounted under /api. */
@Module({ imports: [AnonymisationModule], controllers: [AnonymisationController] })
export class AnonymisationApiModule {}
