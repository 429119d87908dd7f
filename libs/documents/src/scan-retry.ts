import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { ClsService } from 'nestjs-cls';
import { CORRELATION_KEY } from '@app/common';
import { Environment } from '@app/config';
import { JOBS, SCANS_QUEUE } from '@app/queues';
import { RescanRound, VersionScans } from './version-scans';

/** Runs the worker's re-scan rounds, one at a time per worker. */
@Processor(SCANS_QUEUE, { concurrency: 1 })
export class ScanRetryProcessor extends WorkerHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ScanRetryProcessor.name);

  constructor(
    private readonly scans: VersionScans,
    private readonly cls: ClsService,
  ) {
    super();
  }

  process(job: Job): Promise<RescanRound> {
    return this.cls.run(async () => {
      this.cls.set(CORRELATION_KEY, job.id ?? null);
      if (job.name === JOBS.rescanPending) return this.scans.rescanDue();
      throw new Error(`Unknown scans job ${job.name}`);
    });
  }

  /** Graceful shutdown: finish the round in hand while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.close();
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ err: error, job: job?.name, jobId: job?.id }, 'Re-scan round failed; the next round tries again');
  }

  /** Redis trouble (e.g. it lost a round's job while it ran): the versions are in PostgreSQL, and the next round carries on. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    this.logger.warn({ err: error }, 'The re-scan queue had a problem with Redis; the next round carries on');
  }
}

/**
 * The re-scan's clockwork: a round on start and every SCAN_RETRY_INTERVAL_MS, queued from the
 * process rather than as a BullMQ repeatable job, so a Redis that lost everything (a restart
 * without persistence) cannot lose the schedule too; PostgreSQL says what is pending and when
 * each version is due. A job id per period keeps several workers from queueing the same round
 * twice, and the rounds claim the versions they scan. Without a configured clamd there is
 * nothing to do and nothing is scheduled.
 */
@Injectable()
export class ScanRetryTimers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ScanRetryTimers.name);
  private interval: NodeJS.Timeout | undefined;

  constructor(
    private readonly env: Environment,
    private readonly scans: VersionScans,
    @InjectQueue(SCANS_QUEUE) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.scans.enabled) {
      this.logger.log('No virus scanner is configured (CLAMD_URL, CLAMD_SOCKET): document versions are not scanned, so none is re-scanned');
      return;
    }
    const every = this.env.SCAN_RETRY_INTERVAL_MS;
    await this.queueRound(`start.${process.pid}.${Date.now()}`);
    this.interval = setInterval(() => void this.queueRound(String(Math.floor(Date.now() / every))), every).unref();
  }

  onModuleDestroy(): void {
    if (this.interval) clearInterval(this.interval);
  }

  private async queueRound(tag: string): Promise<void> {
    try {
      await this.queue.add(JOBS.rescanPending, {}, { jobId: `rescan.${tag}`, removeOnComplete: true, removeOnFail: { age: 24 * 3600 } });
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not queue a re-scan round; trying again at the next one');
    }
  }
}
