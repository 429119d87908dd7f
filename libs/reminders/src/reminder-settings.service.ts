import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Queue } from 'bullmq';
import { AuditService } from '@app/audit';
import { Clock } from '@app/common';
import { JOBS, REMINDERS_QUEUE } from '@app/queues';
import { ReminderSettingsBody } from './dto/reminder-settings.dto';
import { ReminderSettings } from './entities/reminder-settings.entity';
import { DEFAULT_REMINDER_SETTINGS, ReminderSettingsValue } from './reminder-plan';

@Injectable()
export class ReminderSettingsService {
  private readonly logger = new Logger(ReminderSettingsService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue,
  ) {}

  async get(partnershipId: string): Promise<ReminderSettingsValue> {
    const row = await this.txHost.tx.getRepository(ReminderSettings).findOneBy({ partnershipId });
    return row ? { offsetsDays: row.offsetsDays, sendTime: row.sendTime, escalationEveryDays: row.escalationEveryDays } : { ...DEFAULT_REMINDER_SETTINGS };
  }

  /** Saves new settings (audited); every timer is then brought in line by a reconcile. */
  async update(partnershipId: string, body: ReminderSettingsBody): Promise<ReminderSettingsValue> {
    const saved = await this.txHost.withTransaction(() => this.save(partnershipId, body));
    try {
      await this.queue.add(JOBS.reconcile, {}, { removeOnComplete: true, removeOnFail: 100 });
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not queue a reconcile now; the scheduled one will apply the settings');
    }
    return saved;
  }

  private async save(partnershipId: string, body: ReminderSettingsBody): Promise<ReminderSettingsValue> {
    const before = await this.get(partnershipId);
    const value = { offsetsDays: [...body.offsetsDays].sort((a, b) => b - a), sendTime: body.sendTime, escalationEveryDays: body.escalationEveryDays };
    await this.txHost.tx.getRepository(ReminderSettings).upsert({ partnershipId, ...value, updatedAt: this.clock.now() }, ['partnershipId']);
    await this.audit.record({ action: 'reminder-settings.updated', partnershipId, changes: { before, after: value } });
    return value;
  }
}
