import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import request from 'supertest';
import { MailProcessor } from '@app/notifications';
import { BUNDLED_RULESETS, RulesetDefinition } from '@app/rulesets';
import { SmtpSink } from './support/smtp-sink';
import { notification, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';
import { until } from './support/until';

/**
 * Reminders and mail survive what Redis, the SMTP server and a second worker can do to them:
 * a FLUSHDB (Redis forgetting every timer and queued delivery), a mail server that refuses for a
 * while or for good, and two workers racing over the same deadlines. PostgreSQL (reminder_log and
 * outbox_messages) is the truth; Redis only holds timers.
 *
 * Every test opens reviews of its own, on dates chosen so that no other test's reminder falls due
 * in between, and pauses them at its end so they send nothing more while later tests move the clock.
 * A pause stops only the clocks its ruleset says (the law keeps statutory notices running), so the
 * reviews here run under a local edition of the 2016 rules whose pause stops every clock.
 */

interface OutboxRow {
  id: string;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  recipient_id: string | null;
  subject: string;
  sent_at: Date | null;
}

describe('Reminders and mail when Redis, the mail server or a second worker misbehave', () => {
  let api: TestApi;
  let worker: TestWorker;
  let sink: SmtpSink;
  let redis: Redis;
  let cspChair: TestUser, manager: TestUser;
  /** Reviews opened by the running test, paused when it ends. */
  let opened: { id: string; reference: string }[] = [];

  const open = async (notifiedOn: string, dateOfDeath: string) => {
    const res = await api.post(manager, '/api/reviews', notification({ notifiedOn, dateOfDeath })).expect(201);
    const review = { id: res.body.id as string, reference: res.body.reference as string };
    opened.push(review);
    return review;
  };
  const decisionDeadlineId = async (reviewId: string): Promise<string> => {
    const { rows } = await api.db.query(`SELECT id FROM deadlines WHERE review_id = $1 AND key = 'decision'`, [reviewId]);
    expect(rows).toHaveLength(1);
    return rows[0].id;
  };
  const outbox = async (reviewId: string, subjectContains = ''): Promise<OutboxRow[]> =>
    (
      await api.db.query(
        `SELECT id, status, attempts, last_error, recipient_id, subject, sent_at FROM outbox_messages
         WHERE review_id = $1 AND subject LIKE '%' || $2 || '%' ORDER BY created_at, recipient_id`,
        [reviewId, subjectContains],
      )
    ).rows;
  /** Mail the sink accepted for this person about this review (and occurrence, by a piece of its subject). */
  const mails = (user: TestUser, reference: string, subjectContains = '') =>
    sink.to(user.email).filter((m) => m.subject?.startsWith(`${reference}:`) && m.subject.includes(subjectContains));
  const allMails = (reference: string) => sink.messages.filter((m) => m.subject?.startsWith(`${reference}:`));
  const flushRedis = () => redis.flushdb();

  let rulesetsDir: string;

  beforeAll(async () => {
    const dhr = BUNDLED_RULESETS.find((r) => r.file.endsWith('dhr-2016-v4.json'))!.definition as RulesetDefinition;
    const pausable: RulesetDefinition = {
      ...structuredClone(dhr),
      key: 'dhr-test-pause-stops-all',
      supersedes: undefined,
      pause: { moves: Object.keys(dhr.deadlines), source: [{ kind: 'local-practice', cite: 'Fictional, for the test: a pause stops every clock' }] },
    };
    delete pausable.supersedes;
    rulesetsDir = mkdtempSync(join(tmpdir(), 'rulesets-resilience-'));
    writeFileSync(join(rulesetsDir, 'dhr-test-pause-stops-all.json'), JSON.stringify(pausable));
    process.env.RULESETS_DIR = rulesetsDir;
    // A Redis database of this file's own: FLUSHDB here cannot touch another test file's queues.
    process.env.REDIS_URL = `redis://127.0.0.1:6379/${8 + Number(process.env.JEST_WORKER_ID ?? 1)}`;
    redis = new Redis(process.env.REDIS_URL);
    sink = await SmtpSink.start();
    api = await TestApi.start({ today: '2026-06-01' });
    cspChair = await api.user(['csp-chair'], undefined, 'Riley Resilience-Chair');
    manager = await api.user(['csp-manager'], undefined, 'Jordan Resilience-Manager');
    worker = await TestWorker.start(api, sink.url);
    await worker.settle();
  });

  afterEach(async () => {
    // Stop this test's reviews sending anything more as later tests move the clock on.
    sink.refusing = false;
    const today = api.clock.now().toISOString().slice(0, 10);
    for (const review of opened) {
      await api
        .action(cspChair, review.id, 'pause', { reason: 'Fictional pause to end a test.', startedOn: today, category: 'criminal-proceedings' })
        .expect(200);
    }
    opened = [];
    await worker.settle();
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await sink?.stop();
    await redis?.quit();
    delete process.env.RULESETS_DIR;
    rmSync(rulesetsDir, { recursive: true, force: true });
  });

  it('sends nothing twice and loses nothing when Redis forgets everything (FLUSHDB), timers and mail alike', async () => {
    api.clock.setDate('2026-06-01');
    const review = await open('2026-06-01', '2026-05-28'); // decision due Wednesday 1 July 2026
    const deadlineId = await decisionDeadlineId(review.id);
    await worker.settle();

    // The first reminder (28 days before) goes at 09:00 London on 3 June.
    api.clock.set('2026-06-03T08:30:00Z');
    await worker.reconcileAndSettle();
    expect(mails(cspChair, review.reference, '28 days')).toHaveLength(1);
    expect(mails(manager, review.reference, '28 days')).toHaveLength(1);
    expect(allMails(review.reference)).toHaveLength(2);
    const sentBefore = sink.messages.length;

    // Redis forgets everything; a reconcile (as a worker start runs) at the same moment sends nothing again...
    await flushRedis();
    await worker.reconcileAndSettle();
    expect(sink.messages.length).toBe(sentBefore);
    expect(await outbox(review.id)).toHaveLength(2);
    // ...and sets the timer for the next reminder again.
    const timer = await worker.queue('reminders').getJob(`remind.${deadlineId}.2026-07-01.before-14`);
    expect(timer).toBeDefined();
    expect(await timer!.getState()).toBe('delayed');

    // That timer does its work when its moment comes: one mail each, 14 days before.
    api.clock.set('2026-06-17T08:30:00Z');
    await worker.reconcileAndSettle();
    expect(sink.messages.length).toBe(sentBefore + 2);
    expect(mails(cspChair, review.reference, '14 days')).toHaveLength(1);
    expect(mails(manager, review.reference, '14 days')).toHaveLength(1);

    // Mail waiting for a retry when Redis forgets (its retry jobs gone) is still delivered, once.
    sink.refusing = true;
    api.clock.set('2026-06-24T08:30:00Z'); // 7 days before
    await worker.engine.reconcile();
    const waiting = await until(
      'the 7-day reminders to have failed once and be waiting for a retry',
      () => outbox(review.id, '7 days'),
      (rows) => rows.length === 2 && rows.every((r) => r.attempts >= 1 && r.status === 'pending'),
    );
    await flushRedis();
    // An attempt already under way when Redis was flushed finishes (and writes its outcome) first.
    await until(
      'no 7-day reminder to be mid-send',
      () => outbox(review.id, '7 days'),
      (rows) => rows.every((r) => r.status !== 'sending'),
    );
    sink.refusing = false;
    await worker.app.get(MailProcessor).sweep();
    await worker.settle();

    expect(mails(cspChair, review.reference, '7 days')).toHaveLength(1);
    expect(mails(manager, review.reference, '7 days')).toHaveLength(1);
    const delivered = await outbox(review.id, '7 days');
    expect(delivered.map((r) => r.id).sort()).toEqual(waiting.map((r) => r.id).sort());
    expect(delivered.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(new Set(delivered.map((r) => r.recipient_id))).toEqual(new Set([cspChair.id, manager.id]));
    // In all: three reminders, to two people, each once.
    expect(allMails(review.reference)).toHaveLength(6);
    expect(await outbox(review.id)).toHaveLength(6);
  });

  it('delivers every mail exactly once after the SMTP server refuses it for a while and then accepts it', async () => {
    api.clock.setDate('2026-06-24');
    const review = await open('2026-06-24', '2026-06-20'); // decision due Friday 24 July; first reminder Friday 26 June
    await worker.settle();
    const refusalsBefore = sink.refusals;

    sink.refusing = true;
    api.clock.set('2026-06-26T08:30:00Z');
    await worker.engine.reconcile();
    await until(
      'the SMTP server to have refused at least 4 times',
      async () => sink.refusals - refusalsBefore,
      (n) => n >= 4,
    );
    const refused = await until(
      'both reminders to have been tried at least twice and refused',
      () => outbox(review.id),
      (rows) => rows.length === 2 && rows.every((r) => r.attempts >= 2 && /451|try again/i.test(r.last_error ?? '')),
    );
    expect(refused.every((r) => r.status !== 'sent' && r.status !== 'failed')).toBe(true);
    expect(allMails(review.reference)).toHaveLength(0);

    sink.refusing = false;
    await worker.settle();

    expect(mails(cspChair, review.reference, '28 days')).toHaveLength(1);
    expect(mails(manager, review.reference, '28 days')).toHaveLength(1);
    expect(allMails(review.reference)).toHaveLength(2);
    const rows = await outbox(review.id);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.status).toBe('sent');
      expect(row.sent_at).toBeInstanceOf(Date);
      expect(row.last_error).toBeNull();
    }
    const messageIds = allMails(review.reference).map((m) => m.messageId);
    expect(messageIds.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(messageIds).size).toBe(messageIds.length);
    expect(new Set(messageIds)).toEqual(new Set(rows.map((r) => `<${r.id}@outbox.death-reviews>`)));
  });

  it('marks a mail that fails for good as failed with the reason, lists it for an administrator, and lets them retry it', async () => {
    await worker.stop();
    worker = await TestWorker.start(api, sink.url, { MAIL_ATTEMPTS: '2' });
    try {
      api.clock.setDate('2026-06-29');
      const review = await open('2026-06-29', '2026-06-25'); // decision due Wednesday 29 July; first reminder Wednesday 1 July
      await worker.settle();

      sink.refusing = true;
      api.clock.set('2026-07-01T08:30:00Z');
      await worker.reconcileAndSettle();
      const failed = await outbox(review.id);
      expect(failed).toHaveLength(2);
      for (const row of failed) {
        expect(row.status).toBe('failed');
        expect(row.attempts).toBe(2);
        expect(row.last_error).toEqual(expect.stringMatching(/\S/));
      }
      expect(allMails(review.reference)).toHaveLength(0);

      const admin = await api.admin();
      const list = await api.get(admin, '/api/admin/outbox?status=failed&pageSize=100').expect(200);
      for (const row of failed) {
        expect(list.body.items).toContainEqual(
          expect.objectContaining({ id: row.id, status: 'failed', attempts: 2, lastError: row.last_error, reviewId: review.id }),
        );
      }
      expect(list.body.items.every((item: { status: string }) => item.status === 'failed')).toBe(true);
      await api.get(manager, '/api/admin/outbox?status=failed').expect(403);
      await api.get(cspChair, '/api/admin/outbox?status=failed').expect(403);
      await api.post(manager, `/api/admin/outbox/${failed[0].id}/retry`, {}).expect(403);

      sink.refusing = false;
      for (const row of failed) {
        const retried = await api.post(admin, `/api/admin/outbox/${row.id}/retry`, {}).expect(200);
        expect(retried.body).toMatchObject({ id: row.id, status: 'pending', attempts: 0, lastError: null });
      }
      await worker.settle();

      expect(mails(cspChair, review.reference, '28 days')).toHaveLength(1);
      expect(mails(manager, review.reference, '28 days')).toHaveLength(1);
      expect(allMails(review.reference)).toHaveLength(2);
      const sent = await outbox(review.id);
      expect(sent.map((r) => r.status)).toEqual(['sent', 'sent']);
      expect(sent.map((r) => r.last_error)).toEqual([null, null]);

      const again = await api.post(admin, `/api/admin/outbox/${failed[0].id}/retry`, {}).expect(409);
      expect(JSON.stringify(again.body)).toMatch(/sent/);
      await api.post(admin, `/api/admin/outbox/${randomUUID()}/retry`, {}).expect(404);
      await worker.settle();
      expect(allMails(review.reference)).toHaveLength(2);
    } finally {
      sink.refusing = false;
      await worker.stop();
      worker = await TestWorker.start(api, sink.url);
      await worker.settle();
    }
  });

  it('sends each mail once when two workers run at once over the same deadlines', async () => {
    const worker2 = await TestWorker.start(api, sink.url);
    try {
      api.clock.setDate('2026-07-06');
      const reviews = [];
      for (let i = 0; i < 5; i += 1) reviews.push(await open('2026-07-06', '2026-07-02')); // due Thursday 6 August; first reminder Thursday 9 July
      const deadlineIds: string[] = [];
      for (const review of reviews) deadlineIds.push(await decisionDeadlineId(review.id));
      await Promise.all([worker.settle(), worker2.settle()]);
      for (const review of reviews) expect(allMails(review.reference)).toHaveLength(0);

      api.clock.set('2026-07-09T08:30:00Z');
      await Promise.all([
        worker.engine.reconcile(),
        worker2.engine.reconcile(),
        ...deadlineIds.flatMap((id) => [worker.engine.syncDeadline(id), worker2.engine.syncDeadline(id)]),
      ]);
      await Promise.all([worker.settle(), worker2.settle()]);

      for (const review of reviews) {
        expect(mails(cspChair, review.reference, '28 days')).toHaveLength(1);
        expect(mails(manager, review.reference, '28 days')).toHaveLength(1);
        expect(allMails(review.reference)).toHaveLength(2);
      }
      const references = new Set(reviews.map((r) => r.reference));
      expect(sink.messages.filter((m) => references.has(m.subject?.split(':')[0] ?? ''))).toHaveLength(10);

      const { rows: log } = await api.db.query(
        `SELECT deadline_id, occurrence, recipient_id, count(*)::int AS n FROM reminder_log WHERE deadline_id = ANY($1::uuid[])
         GROUP BY deadline_id, occurrence, recipient_id ORDER BY deadline_id, recipient_id`,
        [deadlineIds],
      );
      expect(log).toHaveLength(10);
      for (const entry of log) expect(entry).toMatchObject({ occurrence: 'before-28', n: 1 });
      expect(new Set(log.map((l: { recipient_id: string }) => l.recipient_id))).toEqual(new Set([cspChair.id, manager.id]));

      const { rows: mailRows } = await api.db.query(
        `SELECT review_id, recipient_id, subject, status, count(*)::int AS n FROM outbox_messages WHERE review_id = ANY($1::uuid[])
         GROUP BY review_id, recipient_id, subject, status`,
        [reviews.map((r) => r.id)],
      );
      expect(mailRows).toHaveLength(10);
      for (const row of mailRows) expect(row).toMatchObject({ status: 'sent', n: 1 });
    } finally {
      // Stopping one worker leaves the api and the other worker working: afterEach's pauses commit through the api.
      await worker2.stop();
    }
  });

  it('shows each queue’s counts on the worker’s /health', async () => {
    api.clock.setDate('2026-07-09');
    const reviews = [await open('2026-07-09', '2026-07-05'), await open('2026-07-09', '2026-07-06')]; // due Sunday 9 August; first reminder Friday 10 July
    await worker.reconcileAndSettle();
    const now = api.clock.now();

    const res = await request(worker.app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { queues: { status: 'up' } } });
    for (const queue of ['reminders', 'mail']) {
      expect(res.body.details.queues[queue]).toEqual(
        expect.objectContaining({ waiting: expect.any(Number), delayed: expect.any(Number), active: expect.any(Number), failed: expect.any(Number) }),
      );
    }

    // Every outstanding decision deadline of a running review has its next reminder to come, each a delayed timer.
    const { rows } = await api.db.query(
      `SELECT d.id, s.send_at FROM deadlines d JOIN reviews r ON r.id = d.review_id LEFT JOIN reminder_schedule s ON s.deadline_id = d.id
       WHERE d.key = 'decision' AND d.completed_on IS NULL AND r.status <> 'paused'`,
    );
    const future = rows.filter((r: { send_at: Date | null }) => r.send_at && r.send_at > now);
    expect(future.length).toBe(rows.length);
    expect(future.length).toBeGreaterThanOrEqual(reviews.length);
    expect(res.body.details.queues.reminders.delayed).toBeGreaterThanOrEqual(future.length);
    for (const review of reviews) {
      const deadlineId = await decisionDeadlineId(review.id);
      const timer = await worker.queue('reminders').getJob(`remind.${deadlineId}.2026-08-09.before-28`);
      expect(timer).toBeDefined();
      expect(await timer!.getState()).toBe('delayed');
    }
  });
});
