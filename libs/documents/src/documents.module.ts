import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { PartnershipsModule } from '@app/partnerships';
import { registerQueues } from '@app/queues';
import { ReviewsModule } from '@app/reviews';
import { ScanningModule } from '@app/scanning';
import { CompleteDraftAction } from './actions/complete-draft.action';
import { DraftReports } from './actions/draft-reports';
import { IssueRevisedDraftAction } from './actions/issue-revised-draft.action';
import { OverviewReportUploadedGuard } from './actions/report-guards';
import { DocumentStorage, PostgresDocumentStorage } from './document-storage';
import { AnswerInformationRequestAction } from './answer-information-request.action';
import { DocumentsController, InformationAnswersController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DocumentVersion, ReviewDocument } from './entities/document.entity';
import { ScanRetryProcessor, ScanRetryTimers } from './scan-retry';
import { VersionScans } from './version-scans';

/**
 * Documents on a review and their versions. The content goes to a `DocumentStorage`:
 * PostgreSQL by default; an object store would be another provider of the same class.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ReviewDocument, DocumentVersion]), ReviewsModule, PartnershipsModule, AuditModule, ScanningModule],
  controllers: [DocumentsController, InformationAnswersController],
  providers: [
    DocumentsService,
    AnswerInformationRequestAction,
    VersionScans,
    { provide: DocumentStorage, useClass: PostgresDocumentStorage },
    DraftReports,
    CompleteDraftAction,
    IssueRevisedDraftAction,
    OverviewReportUploadedGuard,
  ],
  exports: [DocumentsService],
})
export class DocumentsModule {}

/**
 * The background re-scan of versions left pending, in the worker: only the scanning of stored
 * versions (no routes, no reviews), on the same `VersionScans` the upload and content requests use.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DocumentVersion]), AuditModule, ScanningModule, registerQueues()],
  providers: [VersionScans, ScanRetryProcessor, ScanRetryTimers, { provide: DocumentStorage, useClass: PostgresDocumentStorage }],
  exports: [VersionScans],
})
export class DocumentsWorkerModule {}
