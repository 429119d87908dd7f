import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ClsService } from 'nestjs-cls';
import { CORRELATION_KEY } from '@app/common';
import { JOBS, REMINDERS_QUEUE, SyncReviewJob } from './queues';

const HAND_OVER_TIMEOUT_MS = 1000;

/**
 * Tells the worker, after a change has committed, that a review's deadlines may need their
 * reminders redone. Best effort by design: if Redis is away the request is not held up, and the
 * worker's scheduled reconcile brings the timers back in line from PostgreSQL.
 */
@Injectable()
export class ReviewSignals {
  private readonly logger = new Logger(ReviewSignals.name);

  constructor(
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue<SyncReviewJob>,
    private readonly cls: ClsService,
  ) {}

  async reviewChanged(reviewId: string): Promise<void> {
    const correlationId = this.cls.isActive() ? (this.cls.get<string>(CORRELATION_KEY) ?? null) : null;
    const handOver = this.queue.add(JOBS.syncReview, { reviewId, correlationId }, { removeOnComplete: true, removeOnFail: { age: 24 * 3600 } });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Redis did not answer in time')), HAND_OVER_TIMEOUT_MS).unref());
    try {
      await Promise.race([handOver, timeout]);
    } catch (error) {
      handOver.catch(() => undefined);
      this.logger.warn({ err: error, reviewId, correlationId }, 'Could not signal the worker now; the scheduled reconcile will catch up');
    }
  }
}
