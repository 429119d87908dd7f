/**
 * Reminder and mail throughput, on this machine, against the real PostgreSQL and Redis:
 *   1. reconcile N open deadlines into queued reminder timers, starting from an empty Redis;
 *   2. deliver M mails from the outbox to a local SMTP sink.
 * Prints the seconds and the per-item rate, and writes them to bench/results/.
 */
import 'reflect-metadata';
import { getQueueToken } from '@nestjs/bullmq';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { ROLES } from '@app/access';
import { prepareDatabase, withDatabase } from '@app/database';
import { MailProcessor } from '@app/notifications';
import { MAIL_QUEUE, REMINDERS_QUEUE } from '@app/queues';
import { ReminderEngine } from '@app/reminders';
import { BUNDLED_ACTION_NAMES, BUNDLED_RULESETS, RulesetsService } from '@app/rulesets';

const HELP = `Usage: npm run bench:reminders -- [--deadlines 100000] [--mails 10000] [--out <file>]

Seeds a throw-away database (dhr_bench_reminders) with that many open deadlines, then measures
a reconcile from an empty Redis (database 15) and delivery of that many mails to an SMTP sink
in this process. Needs PostgreSQL and Redis as for the tests; BENCH_DATABASE_SERVER_URL and
BENCH_REDIS_URL point elsewhere. The figures go to --out (default bench/results/reminders.json).`;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number, got ${process.argv[at + 1]}`);
  return value;
}

function outFile(): string {
  const at = process.argv.indexOf('--out');
  if (at < 0) return join(__dirname, 'results', 'reminders.json');
  const value = process.argv[at + 1];
  if (!value || value.startsWith('--')) throw new Error('--out needs a file name');
  return value;
}

const log = (message: string) => process.stdout.write(`${message}\n`);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    log(HELP);
    return;
  }
  const deadlines = option('deadlines', 100_000);
  const mails = option('mails', 10_000);
  const server = process.env.BENCH_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
  const databaseUrl = withDatabase(server, 'dhr_bench_reminders');

  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS dhr_bench_reminders WITH (FORCE)');
  await admin.end();
  await prepareDatabase(databaseUrl);
  const redis = new Redis(redisUrl);
  await redis.flushdb();

  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _s, done) => stream.on('data', () => undefined).on('end', () => done()),
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const smtpPort = (sink.server.address() as { port: number }).port;

  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    QUEUE_PREFIX: 'bench',
    LOG_LEVEL: 'warn',
    RECONCILE_EVERY_MINUTES: '1440',
  });
  const app = await NestFactory.createApplicationContext((await import('../apps/worker/src/worker.module')).WorkerModule, { logger: ['error', 'warn'] });
  await app.get(RulesetsService).install(BUNDLED_RULESETS, BUNDLED_ACTION_NAMES, new Set(ROLES));

  log(`Seeding ${deadlines} open deadlines...`);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  await seed(db, deadlines);

  const reminders = app.get<Queue>(getQueueToken(REMINDERS_QUEUE));
  await waitFor(async () => (await reminders.getJobCounts('waiting', 'active')).waiting === 0);
  await redis.flushdb();
  log('Reconciling from an empty Redis...');
  let started = process.hrtime.bigint();
  const result = await app.get(ReminderEngine).reconcile();
  const reconcileSeconds = seconds(started);
  const delayed = (await reminders.getJobCounts('delayed')).delayed;
  if (delayed !== result.deadlines) throw new Error(`expected ${result.deadlines} timers, found ${delayed}`);

  log(`Delivering ${mails} mails...`);
  await db.query(
    `INSERT INTO outbox_messages (to_address, subject, text_body, html_body, kind, created_at)
     SELECT 'bench' || g || '@bench.example', 'Bench mail ' || g, 'A fictional reminder.', '<p>A fictional reminder.</p>', 'bench', now()
     FROM generate_series(1, $1) g`,
    [mails],
  );
  const mail = app.get<Queue>(getQueueToken(MAIL_QUEUE));
  started = process.hrtime.bigint();
  await app.get(MailProcessor).sweep();
  await waitFor(async () => Number((await db.query(`SELECT count(*) AS n FROM outbox_messages WHERE status = 'sent'`)).rows[0].n) >= mails);
  const mailSeconds = seconds(started);
  const failed = (await mail.getJobCounts('failed')).failed;

  const figures = {
    machine: { cores: (await import('node:os')).cpus().length, node: process.version },
    reconcile: {
      deadlines: result.deadlines,
      timersQueued: delayed,
      seconds: round(reconcileSeconds),
      perSecond: Math.round(result.deadlines / reconcileSeconds),
    },
    mail: { mails, failedJobs: failed, seconds: round(mailSeconds), perSecond: Math.round(mails / mailSeconds) },
    at: new Date().toISOString(),
  };
  log('');
  log('| measure | items | seconds | per second |');
  log('| --- | ---: | ---: | ---: |');
  log(
    `| reconcile open deadlines into timers (empty Redis) | ${figures.reconcile.deadlines} | ${figures.reconcile.seconds} | ${figures.reconcile.perSecond} |`,
  );
  log(`| deliver outbox mail to a local SMTP sink | ${mails} | ${figures.mail.seconds} | ${figures.mail.perSecond} |`);
  const out = outFile();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(figures, null, 2)}\n`);
  log(`\nWritten to ${out}`);

  await db.end();
  await app.close();
  await redis.flushdb();
  redis.disconnect();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
}

async function seed(db: Client, count: number): Promise<void> {
  const partnership = (await db.query(`INSERT INTO partnerships (name) VALUES ('Bench Partnership') RETURNING id`)).rows[0].id;
  const agency = (await db.query(`INSERT INTO agencies (partnership_id, code, name) VALUES ($1, 'bench-police', 'Bench Police') RETURNING id`, [partnership]))
    .rows[0].id;
  await db.query(
    `INSERT INTO users (partnership_id, email, name, password_hash, roles) VALUES
     ($1, 'manager@bench.example', 'Bench Manager', 'x', '{csp-manager}'), ($1, 'chair@bench.example', 'Bench Chair', 'x', '{csp-chair}')`,
    [partnership],
  );
  // Due between five weeks and four months away, so every first reminder is still to come and the
  // reconcile only sets timers (nothing is caught up and sent while the mail is measured).
  await db.query(
    `WITH deaths_made AS (
       INSERT INTO deaths (partnership_id, date_of_death, victim_pseudonym, victim_age_at_death, victim_sex, created_at, updated_at)
       SELECT $1, current_date - 2, 'Adult ' || g, 30, 'female', now(), now() FROM generate_series(1, $3) g
       RETURNING id)
     INSERT INTO reviews (partnership_id, reference, type, ruleset_key, stage, status, stages_reached, stage_entered_on, notified_on,
                          notifying_agency_id, death_id, circumstances, created_at, updated_at)
     SELECT $1, 'DHR-BENCH-' || row_number() OVER (), 'DHR', 'dhr-2016-v4', 'decision', 'open', '{notification,decision}', current_date, current_date, $2,
            id, 'Fictional.', now(), now()
     FROM deaths_made`,
    [partnership, agency, count],
  );
  await db.query(
    `INSERT INTO deadlines (review_id, key, label, due_on, original_due_on, created_at)
     SELECT id, 'decision', 'Decide whether to hold a review', due, due, now()
     FROM (SELECT id, current_date + 35 + (row_number() OVER () % 90)::int AS due FROM reviews) planned`,
  );
}

async function waitFor(done: () => Promise<boolean>): Promise<void> {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 100));
}

const round = (n: number) => Math.round(n * 100) / 100;

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
