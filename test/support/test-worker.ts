import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Queue } from 'bullmq';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { Clock } from '@app/common';
import { MAIL_QUEUE, REMINDERS_QUEUE, SCANS_QUEUE } from '@app/queues';
import { ReminderEngine } from '@app/reminders';
import { TestApi } from './test-app';

/**
 * The worker app as it runs, on the same database, queues and clock as a TestApi, sending mail
 * to the given SMTP server. Several may run at once, as several worker processes would.
 */
export class TestWorker {
  private constructor(readonly app: INestApplication) {}

  static async start(api: TestApi, smtpUrl: string, env: Record<string, string> = {}): Promise<TestWorker> {
    Object.assign(process.env, { SMTP_URL: smtpUrl, MAIL_RETRY_BASE_MS: '50', MAIL_ATTEMPTS: '8', ...env });
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
      .overrideProvider(Clock)
      .useValue(api.clock)
      .compile();
    const app = moduleRef.createNestApplication();
    // A test that turns the logs on (support/log-capture) reads the worker's lines as production writes them: pino's JSON.
    if (process.env.LOG_LEVEL !== 'silent') app.useLogger(app.get(Logger));
    await app.init();
    return new TestWorker(app);
  }

  get engine(): ReminderEngine {
    return this.app.get(ReminderEngine);
  }

  queue(name: typeof REMINDERS_QUEUE | typeof MAIL_QUEUE | typeof SCANS_QUEUE): Queue {
    return this.app.get<Queue>(getQueueToken(name));
  }

  /** Waits until neither queue has a job waiting or running: everything due has been done. */
  async settle(timeoutMs = 20000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietRounds = 0;
    while (quietRounds < 3) {
      if (Date.now() > deadline) throw new Error('the worker did not settle');
      let busy = 0;
      for (const name of [REMINDERS_QUEUE, MAIL_QUEUE] as const) {
        const counts = await this.queue(name).getJobCounts('waiting', 'active', 'prioritized');
        busy += counts.waiting + counts.active + counts.prioritized;
      }
      // Retries wait as delayed jobs with a short backoff: count a mail queue retry as busy too.
      const retrying = (await this.queue(MAIL_QUEUE).getJobCounts('delayed')).delayed;
      quietRounds = busy + retrying === 0 ? quietRounds + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A reconcile as the schedule would run it, then wait for what it set off. */
  async reconcileAndSettle() {
    const result = await this.engine.reconcile();
    await this.settle();
    return result;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }
}
