import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuditApiModule, AuditModule } from '@app/audit';
import { BoardsModule } from '@app/boards';
import { ClockModule, loggerModule } from '@app/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule, NO_SCOPE } from '@app/database';
import { DeadlinesModule } from '@app/deadlines';
import { ExportsModule } from '@app/exports';
import { IdentityModule } from '@app/identity';
import { NotificationsApiModule } from '@app/notifications';
import { PartnershipsModule } from '@app/partnerships';
import { queuesRoot } from '@app/queues';
import { RecommendationsModule } from '@app/recommendations';
import { RemindersApiModule } from '@app/reminders';
import { ReviewsModule } from '@app/reviews';
import { RulesetsApiModule } from '@app/rulesets';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { HealthController } from './health.controller';

@Module({
  imports: [
    AppConfigModule,
    loggerModule(),
    ClockModule,
    DatabaseModule.forRoot(NO_SCOPE),
    TerminusModule,
    PartnershipsModule,
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
  ],
  controllers: [HealthController],
  providers: [BootstrapService],
})
export class ApiModule {}
