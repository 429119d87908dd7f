import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ClockModule, loggerModule } from '@app/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthController } from './health.controller';
import { RedisHealthIndicator } from './redis.health';

/**
 * The worker process: queue processors and schedulers (reminders, escalations, outgoing mail)
 * run here, apart from the api, so they can be scaled and restarted on their own.
 */
@Module({
  imports: [AppConfigModule, loggerModule(), ClockModule, DatabaseModule, TerminusModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator],
})
export class WorkerModule {}
