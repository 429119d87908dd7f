import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { PartnershipsModule } from '@app/partnerships';
import { ReviewsModule } from '@app/reviews';
import { ScanningModule } from '@app/scanning';
import { DocumentStorage, PostgresDocumentStorage } from './document-storage';
import { AnswerInformationRequestAction } from './answer-information-request.action';
import { DocumentsController, InformationAnswersController } from './documents.controller';
import { DocumentsService } from './documents.service';
import { DocumentVersion, ReviewDocument } from './entities/document.entity';

/**
 * Documents on a review and their versions. The content goes to a `DocumentStorage`:
 * PostgreSQL by default; an object store would be another provider of the same class.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ReviewDocument, DocumentVersion]), ReviewsModule, PartnershipsModule, AuditModule, ScanningModule],
  controllers: [DocumentsController, InformationAnswersController],
  providers: [DocumentsService, AnswerInformationRequestAction, { provide: DocumentStorage, useClass: PostgresDocumentStorage }],
  exports: [DocumentsService],
})
export class DocumentsModule {}
