import { DynamicModule } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import type { RedisOptions } from 'ioredis';
import { AppConfigModule, Environment } from '@app/config';

/** Reminder timers and the jobs that keep them in step with PostgreSQL. */
export const REMINDERS_QUEUE = 'reminders';
/** Delivery of outbox rows. */
export const MAIL_QUEUE = 'mail';
/** Re-scans of document versions clamd gave no verdict on. */
export const SCANS_QUEUE = 'scans';

export const JOBS = {
  /** Bring one deadline's reminders up to date: send what is due, schedule what comes next. */
  remind: 'remind',
  /** A review changed: bring all of its deadlines up to date. */
  syncReview: 'sync-review',
  /** Compare every open deadline with the queued timers; add the missing, drop the stale. */
  reconcile: 'reconcile',
  deliver: 'deliver',
  /** Queue delivery for outbox rows that have none (after a Redis flush, say). */
  sweepOutbox: 'sweep-outbox',
  /** Scan again every document version still pending whose back-off has run out. */
  rescanPending: 'rescan-pending',
} as const;

export interface RemindJob {
  deadlineId: string;
}
export interface SyncReviewJob {
  reviewId: string;
  correlationId?: string | null;
}
export interface DeliverJob {
  outboxId: string;
}

/** ioredis settings from a redis:// URL (BullMQ takes options, not a URL). */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || 6379),
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ's workers wait on blocking commands and must not give up on a slow reply.
    maxRetriesPerRequest: null,
  };
}

/** The BullMQ connection shared by every queue of an app. */
export function queuesRoot(): DynamicModule {
  return BullModule.forRootAsync({
    imports: [AppConfigModule],
    inject: [Environment],
    useFactory: (env: Environment) => ({ connection: redisOptions(env.REDIS_URL), prefix: env.QUEUE_PREFIX }),
  });
}

export function registerQueues(): DynamicModule {
  return BullModule.registerQueue({ name: REMINDERS_QUEUE }, { name: MAIL_QUEUE }, { name: SCANS_QUEUE });
}
