import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { MAIL_QUEUE, REMINDERS_QUEUE, SCANS_QUEUE } from '@app/queues';

/** Each queue's waiting, delayed, active and failed counts: up while Redis answers. */
@Injectable()
export class QueuesHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @InjectQueue(REMINDERS_QUEUE) private readonly reminders: Queue,
    @InjectQueue(MAIL_QUEUE) private readonly mail: Queue,
    @InjectQueue(SCANS_QUEUE) private readonly scans: Queue,
  ) {}

  async isHealthy(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const counts = async (queue: Queue) => queue.getJobCounts('waiting', 'delayed', 'active', 'failed');
      return indicator.up({
        [REMINDERS_QUEUE]: await counts(this.reminders),
        [MAIL_QUEUE]: await counts(this.mail),
        [SCANS_QUEUE]: await counts(this.scans),
      });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}
