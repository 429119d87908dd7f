import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { DeliverJob, JOBS, MAIL_QUEUE } from '@app/queues';
import { MAIL_CONCURRENCY, MailDelivery } from './mail-delivery';
import { OutboxService } from './outbox.service';

const SWEEP_BATCH = 5000;

@Processor(MAIL_QUEUE, { concurrency: MAIL_CONCURRENCY })
export class MailProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MailProcessor.name);

  constructor(
    private readonly delivery: MailDelivery,
    private readonly outbox: OutboxService,
    @InjectQueue(MAIL_QUEUE) private readonly queue: Queue,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === JOBS.deliver) {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return this.delivery.deliver((job.data as DeliverJob).outboxId, finalAttempt);
    }
    if (job.name === JOBS.sweepOutbox) return this.sweep();
    throw new Error(`Unknown mail job ${job.name}`);
  }

  /** Graceful shutdown: take no more jobs and finish the mail in hand before the SMTP pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  /** Queues every row still waiting; job ids make a row already queued a no-op. */
  async sweep(): Promise<number> {
    const ids = await this.delivery.undelivered(SWEEP_BATCH);
    if (ids.length) {
      // A finished job for the same row would block the id; only failed ones linger, and those rows were put back on purpose.
      await this.queue.addBulk(ids.map((outboxId) => ({ name: JOBS.deliver, data: { outboxId }, opts: this.outbox.deliveryOptions(outboxId) })));
    }
    return ids.length;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    if (job && job.name !== JOBS.deliver) this.logger.error({ err: error, job: job.name }, 'Mail job failed');
  }
}
