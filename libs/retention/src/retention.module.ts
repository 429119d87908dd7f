import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnonymisationModule } from '@app/anonymisation';
import { AuditModule } from '@app/audit';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { MeetingsModule } from '@app/meetings';
import { FamilyModule } from '@app/family';
import { NotificationsModule } from '@app/notifications';
import { ProceedingsModule } from '@app/proceedings';
import { RecommendationsModule } from '@app/recommendations';
import { ReviewsModule } from '@app/reviews';
import { RulesetsModule } from '@app/rulesets';
import { Disposal } from './disposal.service';
import { LegalHold } from './entities/legal-hold.entity';
import { RetentionOverride } from './entities/retention-override.entity';
import { LegalHolds } from './legal-holds.service';
import { LegalHoldsController, RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

/**
 * Retention and disposal: each review type's retention rule (its ruleset's, or the partnership's
 * own period), legal holds, the reviews due for disposal, and disposal on an administrator's
 * confirmation. In the api only: nothing is disposed of by a job.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([RetentionOverride, LegalHold]),
    AuditModule,
    RulesetsModule,
    ReviewsModule,
    RecommendationsModule,
    DeadlinesModule,
    DocumentsModule,
    MeetingsModule,
    ProceedingsModule,
    NotificationsModule,
    AnonymisationModule,
    FamilyModule,
  ],
  providers: [RetentionService, LegalHolds, Disposal],
  exports: [RetentionService, LegalHolds, Disposal],
})
export class RetentionModule {}

/** The JSON API of retention, mounted under /api. */
@Module({ imports: [RetentionModule], controllers: [RetentionController, LegalHoldsController] })
export class RetentionApiModule {}
