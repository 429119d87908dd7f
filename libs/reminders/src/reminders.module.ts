import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { NotificationsModule } from '@app/notifications';
import { QueuesModule } from '@app/queues';
import { RulesetsModule } from '@app/rulesets';
import { ReminderSettings } from './entities/reminder-settings.entity';
import { ReminderEngine } from './reminder-engine';
import { ReminderSettingsController } from './reminder-settings.controller';
import { ReminderSettingsService } from './reminder-settings.service';
import { ReminderTimers } from './reminder-timers';
import { ReminderWithdrawals } from './reminder-withdrawals';
import { RemindersProcessor } from './reminders.processor';

@Module({
  imports: [TypeOrmModule.forFeature([ReminderSettings]), AuditModule, QueuesModule],
  providers: [ReminderSettingsService],
  exports: [ReminderSettingsService],
})
export class RemindersModule {}

/** Reminder settings for administrators, in the api. */
@Module({ imports: [RemindersModule], controllers: [ReminderSettingsController] })
export class RemindersApiModule {}

/** The reminder engine and its clockwork, in the worker. */
@Module({
  imports: [RemindersModule, QueuesModule, NotificationsModule, RulesetsModule],
  providers: [ReminderEngine, RemindersProcessor, ReminderTimers, ReminderWithdrawals],
  exports: [ReminderEngine],
})
export class RemindersWorkerModule {}
