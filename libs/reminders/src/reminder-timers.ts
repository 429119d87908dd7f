import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Environment } from '@app/config';
import { JOBS, MAIL_QUEUE, REMINDERS_QUEUE } from '@app/queues';

const SWEEP_EVERY_MS = 30_000;

/**
 * The worker's own clockwork: a reconcile on start and every RECONCILE_EVERY_MINUTES, and an
 * outbox sweep every 30 seconds. Kept in the process rather than as BullMQ repeatable jobs, so a
 * Redis that lost everything cannot lose them too; job ids per period keep several workers from
 * doing the same round twice.
 */
@Injectable()
export class ReminderTimers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReminderTimers.name);
  private readonly intervals: NodeJS.Timeout[] = [];

  constructor(
    private readonly env: Environment,
    @InjectQueue(REMINDERS_QUEUE) private readonly reminders: Queue,
    @InjectQueue(MAIL_QUEUE) private readonly mail: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queueRound(true);
    const every = this.env.RECONCILE_EVERY_MINUTES * 60_000;
    this.intervals.push(setInterval(() => void this.queue(this.reminders, JOBS.reconcile, `reconcile.${Math.floor(Date.now() / every)}`), every).unref());
    this.intervals.push(
      setInterval(() => void this.queue(this.mail, JOBS.sweepOutbox, `sweep.${Math.floor(Date.now() / SWEEP_EVERY_MS)}`), SWEEP_EVERY_MS).unref(),
    );
  }

  onModuleDestroy(): void {
    this.intervals.forEach(clearInterval);
  }

  private async queueRound(atStart: boolean): Promise<void> {
    const tag = atStart ? `start.${process.pid}.${Date.now()}` : String(Date.now());
    await this.queue(this.reminders, JOBS.reconcile, `reconcile.${tag}`);
    await this.queue(this.mail, JOBS.sweepOutbox, `sweep.${tag}`);
  }

  private async queue(queue: Queue, name: string, jobId: string): Promise<void> {
    try {
      await queue.add(name, {}, { jobId, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } });
    } catch (error) {
      this.logger.warn({ err: error, job: name }, 'Could not queue a scheduled round; trying again at the next one');
    }
  }
}
