import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { ClsService } from 'nestjs-cls';
import { CORRELATION_KEY } from '@app/common';
import { JOBS, REMINDERS_QUEUE, RemindJob, SyncReviewJob } from '@app/queues';
import { ReminderEngine } from './reminder-engine';

@Processor(REMINDERS_QUEUE, { concurrency: 4 })
export class RemindersProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly engine: ReminderEngine,
    private readonly cls: ClsService,
  ) {
    super();
  }

  /** Each job runs in a context of its own, as a request does, carrying a correlation id for its logs and mail. */
  process(job: Job): Promise<unknown> {
    return this.cls.run(async () => {
      this.cls.set(CORRELATION_KEY, (job.data as SyncReviewJob).correlationId ?? job.id ?? null);
      switch (job.name) {
        case JOBS.remind:
          return this.engine.syncDeadline((job.data as RemindJob).deadlineId, job.id);
        case JOBS.syncReview:
          return this.engine.syncReview((job.data as SyncReviewJob).reviewId);
        case JOBS.reconcile:
          return this.engine.reconcile();
        default:
          throw new Error(`Unknown reminders job ${job.name}`);
      }
    });
  }

  /** Graceful shutdown: finish the job in hand while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ err: error, job: job?.name, jobId: job?.id }, 'Reminders job failed');
  }
}
