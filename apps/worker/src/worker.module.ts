import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { BoardsWorkerModule } from '@app/boards';
import { ClockModule, loggerModule } from '@app/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule, SYSTEM_SCOPE } from '@app/database';
import { DocumentsWorkerModule } from '@app/documents';
import { NotificationsWorkerModule } from '@app/notifications';
import { queuesRoot, registerQueues } from '@app/queues';
import { RemindersWorkerModule } from '@app/reminders';
import { HealthController } from './health.controller';
import { QueuesHealthIndicator } from './queues.health';
import { RedisHealthIndicator } from './redis.health';

/**
 * The worker process: reminder timers, escalations, outgoing mail, the re-scan of document
 * versions left pending and the boards' scheduled audit checkpoints run here, apart from the api,
 * so they can be scaled and restarted on their own.
 */
@Module({
  imports: [
    AppConfigModule,
    loggerModule(),
    ClockModule,
    DatabaseModule.forRoot(SYSTEM_SCOPE),
    TerminusModule,
    queuesRoot(),
    registerQueues(),
    NotificationsWorkerModule,
    RemindersWorkerModule,
    DocumentsWorkerModule,
    BoardsWorkerModule,
  ],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, QueuesHealthIndicator],
})
export class WorkerModule {}
