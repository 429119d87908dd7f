import { Module } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuditApiModule, AuditModule } from '@app/audit';
import { BoardsModule } from '@app/boards';
import { ClockModule, loggerModule } from '@app/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule, NO_SCOPE } from '@app/database';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { ExportsModule } from '@app/exports';
import { IdentityModule } from '@app/identity';
import { MeetingsModule } from '@app/meetings';
import { NotificationsApiModule } from '@app/notifications';
import { PartnershipsApiModule, PartnershipsModule } from '@app/partnerships';
import { ProceedingsModule } from '@app/proceedings';
import { queuesRoot } from '@app/queues';
import { RecommendationsModule } from '@app/recommendations';
import { RemindersApiModule } from '@app/reminders';
import { RetentionApiModule } from '@app/retention';
import { AnonymisationApiModule } from '@app/anonymisation';
import { FamilyApiModule } from '@app/family';
import { ImportsApiModule } from '@app/imports';
import { SubjectAccessModule } from '@app/subject-access';
import { ReviewsModule } from '@app/reviews';
import { RulesetsApiModule } from '@app/rulesets';
import { ScanningModule } from '@app/scanning';
import { ApiIndexController } from './api-index.controller';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { DemoReviews } from './bootstrap/demo-reviews';
import { ClamdHealthIndicator } from './clamd.health';
import { HealthController } from './health.controller';
import { WebModule } from './web/web.module';

/**
 * The modules that serve the JSON API. Each is mounted under /api (below); the web pages
 * (WebModule) are served from the root, so /reviews/:id is a page and /api/reviews/:id its JSON.
 */
const JSON_API_MODULES = [
  IdentityModule,
  PartnershipsApiModule,
  RulesetsApiModule,
  DeadlinesModule,
  AuditApiModule,
  ReviewsModule,
  NotificationsApiModule,
  RemindersApiModule,
  BoardsModule,
  RecommendationsModule,
  ExportsModule,
  RetentionApiModule,
  DocumentsModule,
  AnonymisationApiModule,
  MeetingsModule,
  ProceedingsModule,
  FamilyApiModule,
  ImportsApiModule,
  SubjectAccessModule,
];

@Module({
  imports: [
    AppConfigModule,
    loggerModule(),
    ClockModule,
    DatabaseModule.forRoot(NO_SCOPE),
    TerminusModule,
    ScanningModule,
    PartnershipsModule,
    PartnershipsApiModule,
    IdentityModule,
    RulesetsApiModule,
    DeadlinesModule,
    AuditModule,
    AuditApiModule,
    ReviewsModule,
    queuesRoot(),
    NotificationsApiModule,
    RemindersApiModule,
    BoardsModule,
    RecommendationsModule,
    ExportsModule,
    RetentionApiModule,
    DocumentsModule,
    AnonymisationApiModule,
    MeetingsModule,
    ProceedingsModule,
    FamilyApiModule,
    ImportsApiModule,
    SubjectAccessModule,
    WebModule,
    RouterModule.register([{ path: 'api', module: ApiModule, children: JSON_API_MODULES }]),
  ],
  controllers: [ApiIndexController, HealthController],
  providers: [BootstrapService, DemoReviews, ClamdHealthIndicator],
})
export class ApiModule {}
