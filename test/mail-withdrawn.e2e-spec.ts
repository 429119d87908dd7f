// Import first: it turns the app's logs on and keeps them here, to read what the worker told the console.
import { capturedLogs } from './support/log-capture';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_RULESETS, RulesetDefinition } from '@app/rulesets';
import { SmtpSink } from './support/smtp-sink';
import { ADMIN, notification, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';
import { until } from './support/until';
import { WebClient } from './support/web-client';

/**
 * Mail that is no longer true is not sent (issue 17.8), and a missing mail server is said once
 * (issue 17.7). The worker's mail server is a sink on a fixed port that the tests stop (nothing
 * listens: connections are refused) and start again (the server is back).
 *
 * As in reminders-resilience, the reviews run under a local edition of the 2016 rules whose pause
 * stops every clock, and each test pauses the reviews it opened when it ends so they send nothing
 * more while later tests move the clock on.
 */

interface OutboxItem {
  id: string;
  kind: string;
  reviewId: string | null;
  recipientId: string | null;
  subject: string;
  status: string;
  attempts: number;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  sentAt: string | null;
}

interface LogLine {
  level: number;
  msg: string;
  context?: string;
}

const WARN = 40;

/** A port nothing listens on (for now): the mail server's, while it is down. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Mail that is no longer true is withdrawn, not sent late; a missing mail server is said once', () => {
  let api: TestApi;
  let worker: TestWorker;
  let sink: SmtpSink | null = null;
  let port: number;
  let admin: TestUser, cspChair: TestUser, manager: TestUser, chair: TestUser;
  let rulesetsDir: string;
  let opened: { id: string; reference: string }[] = [];

  const serverUp = async () => {
    sink = await SmtpSink.start({ port, closeTimeoutMs: 50 });
  };
  const serverDown = async () => {
    await sink?.stop();
    sink = null;
  };
  const delivered = (reference: string, subjectContains = '') =>
    (sink?.messages ?? []).filter((m) => m.subject?.startsWith(`${reference}:`) && m.subject.includes(subjectContains));
  const open = async (notifiedOn: string, dateOfDeath: string) => {
    const res = await api.post(manager, '/api/reviews', notification({ notifiedOn, dateOfDeath })).expect(201);
    const review = { id: res.body.id as string, reference: res.body.reference as string };
    opened.push(review);
    return review;
  };
  /** The review's mail as an administrator sees it over the API. */
  const outbox = async (reviewId: string, query = ''): Promise<OutboxItem[]> => {
    const res = await api.get(admin, `/api/admin/outbox?pageSize=100${query}`).expect(200);
    return (res.body.items as OutboxItem[]).filter((m) => m.reviewId === reviewId);
  };
  const waitingAfterTries = (reviewId: string, kind: string, count: number, tries: number) =>
    until(
      `${count} ${kind} mail(s) to have been tried ${tries} times and to be waiting`,
      async () => (await outbox(reviewId)).filter((m) => m.kind === kind),
      (rows) => rows.length === count && rows.every((r) => r.attempts >= tries && (r.status === 'pending' || r.status === 'sending')),
    );
  const logs = (): LogLine[] => capturedLogs.map((line) => JSON.parse(line) as LogLine);
  const noServerWarnings = () =>
    logs().filter((l) => l.level === WARN && l.msg === `No mail server at smtp://127.0.0.1:${port}: mail waits in the outbox and is retried`);

  beforeAll(async () => {
    const dhr = BUNDLED_RULESETS.find((r) => r.file.endsWith('dhr-2016-v4.json'))!.definition as RulesetDefinition;
    const pausable: RulesetDefinition = {
      ...structuredClone(dhr),
      key: 'dhr-test-pause-stops-all',
      pause: { moves: Object.keys(dhr.deadlines), source: [{ kind: 'local-practice', cite: 'Fictional, for the test: a pause stops every clock' }] },
    };
    delete pausable.supersedes;
    rulesetsDir = mkdtempSync(join(tmpdir(), 'rulesets-withdrawn-'));
    writeFileSync(join(rulesetsDir, 'dhr-test-pause-stops-all.json'), JSON.stringify(pausable));
    process.env.RULESETS_DIR = rulesetsDir;
    port = await freePort();
    // Retries come quickly and there are plenty of them: a mail waits, it does not fail for good, while the server is down.
    // The api reads these too: they set the delivery jobs it queues after a change commits.
    Object.assign(process.env, { MAIL_ATTEMPTS: '20', MAIL_RETRY_BASE_MS: '50' });
    api = await TestApi.start({ today: '2026-06-01' });
    admin = await api.admin();
    cspChair = await api.user(['csp-chair'], undefined, 'Riley Withdrawn-Chair');
    manager = await api.user(['csp-manager'], undefined, 'Jordan Withdrawn-Manager');
    chair = await api.user(['independent-chair'], undefined, 'Indigo Withdrawn-Independent');
    worker = await TestWorker.start(api, `smtp://127.0.0.1:${port}`, { MAIL_ATTEMPTS: '20', MAIL_RETRY_BASE_MS: '50' });
    await serverUp();
    await worker.settle();
  });

  afterEach(async () => {
    if (!sink) await serverUp();
    const today = api.clock.now().toISOString().slice(0, 10);
    for (const review of opened) {
      await api
        .action(cspChair, review.id, 'pause', { reason: 'Fictional pause to end a test.', startedOn: today, category: 'criminal-proceedings' })
        .expect(200);
    }
    opened = [];
    await worker.settle(60000);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await sink?.stop();
    delete process.env.RULESETS_DIR;
    rmSync(rulesetsDir, { recursive: true, force: true });
  });

  it('never sends a reminder for a deadline met while the mail server was down: the outbox shows it withdrawn, with the reason', async () => {
    api.clock.setDate('2026-06-01');
    const review = await open('2026-06-01', '2026-05-28'); // decision due Wednesday 1 July; first reminder 09:00 London on 3 June
    await worker.settle();

    await serverDown();
    api.clock.set('2026-06-03T08:30:00Z');
    await worker.engine.reconcile();
    const waiting = await waitingAfterTries(review.id, 'reminder', 2, 2);
    expect(waiting.every((m) => m.subject.includes('28 days'))).toBe(true);

    // The decision is made (the deadline met) while the reminders wait for the mail server.
    await api.action(cspChair, review.id, 'decide', { outcome: 'hold', decidedOn: '2026-06-03', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await until(
      'both reminders to be withdrawn',
      async () => (await outbox(review.id)).filter((m) => waiting.some((w) => w.id === m.id)),
      (rows) => rows.every((r) => r.status === 'withdrawn'),
    );

    await serverUp();
    await worker.settle(60000);
    expect(delivered(review.reference, '28 days')).toEqual([]);

    const withdrawn = await outbox(review.id, '&status=withdrawn');
    expect(withdrawn.map((m) => m.id).sort()).toEqual(waiting.map((m) => m.id).sort());
    expect(new Set(withdrawn.map((m) => m.recipientId))).toEqual(new Set([cspChair.id, manager.id]));
    for (const mail of withdrawn) {
      expect(mail).toMatchObject({
        kind: 'reminder',
        status: 'withdrawn',
        sentAt: null,
        withdrawnReason: 'The deadline was met on 3 June 2026 before this reminder could be sent.',
      });
      expect(mail.withdrawnAt).toEqual(expect.any(String));
    }
    // Filtering by another status leaves them out; an unknown status is refused, naming the field.
    expect((await outbox(review.id, '&status=pending')).filter((m) => waiting.some((w) => w.id === m.id))).toEqual([]);
    const refused = await api.get(admin, '/api/admin/outbox?status=recalled').expect(400);
    expect(refused.body).toMatchObject({ code: 'invalid-input' });
    expect(JSON.stringify(refused.body.errors)).toMatch(/status.*withdrawn/);

    // The administrators' mail page lists them under "withdrawn", with the reason.
    const web = new WebClient(api);
    await web.signIn(ADMIN.email, ADMIN.password);
    const page = await web.get('/admin/mail?status=withdrawn');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Why it was withdrawn');
    expect(page.text).toContain('The deadline was met on 3 June 2026 before this reminder could be sent.');
  });

  it('never sends a reminder whose clock a pause stopped while the mail server was down', async () => {
    api.clock.setDate('2026-06-24');
    const review = await open('2026-06-24', '2026-06-20'); // decision due Friday 24 July; first reminder Friday 26 June
    await worker.settle();

    await serverDown();
    api.clock.set('2026-06-26T08:30:00Z');
    await worker.engine.reconcile();
    const waiting = await waitingAfterTries(review.id, 'reminder', 2, 2);

    await api
      .action(cspChair, review.id, 'pause', { reason: 'Fictional: criminal proceedings.', startedOn: '2026-06-26', category: 'criminal-proceedings' })
      .expect(200);
    opened = opened.filter((r) => r.id !== review.id); // already paused
    await serverUp();
    await worker.settle(60000);

    expect(delivered(review.reference)).toEqual([]);
    const rows = (await outbox(review.id)).filter((m) => waiting.some((w) => w.id === m.id));
    expect(rows).toHaveLength(2);
    for (const mail of rows) {
      expect(mail).toMatchObject({
        status: 'withdrawn',
        sentAt: null,
        withdrawnReason: "The review was paused before this reminder could be sent; the deadline's clock stands still until the review resumes.",
      });
    }
  });

  it('still delivers a mail tied to no deadline (a meeting invitation) once the server is back, even on a paused review', async () => {
    api.clock.setDate('2026-07-06');
    const review = await open('2026-07-06', '2026-07-02');
    await api.action(cspChair, review.id, 'decide', { outcome: 'hold', decidedOn: '2026-07-06', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.action(manager, review.id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-07-06' }).expect(200);
    await worker.settle(60000);

    await serverDown();
    await api
      .action(chair, review.id, 'schedule-panel-meeting', {
        date: '2026-07-20',
        startTime: '10:00',
        endTime: '12:00',
        place: 'Fictional: Committee Room 2',
        agenda: 'Fictional: terms of reference.',
      })
      .expect(200);
    const [invitation] = await waitingAfterTries(review.id, 'panel-meeting-invitation', 1, 2);
    await api
      .action(cspChair, review.id, 'pause', { reason: 'Fictional: criminal proceedings.', startedOn: '2026-07-06', category: 'criminal-proceedings' })
      .expect(200);
    opened = opened.filter((r) => r.id !== review.id);

    await serverUp();
    await until(
      'the invitation to be delivered',
      async () => delivered(review.reference, 'panel meeting invitation'),
      (mails) => mails.length === 1,
      60000,
    );
    const [row] = (await outbox(review.id)).filter((m) => m.id === invitation.id);
    expect(row).toMatchObject({ status: 'sent', withdrawnReason: null, withdrawnAt: null });
  });

  it('says once, not on every retry, that there is no mail server; once it is back and has delivered, a new outage is said once more', async () => {
    api.clock.setDate('2026-07-13');
    const first = await open('2026-07-13', '2026-07-09'); // decision due Thursday 13 August; first reminder Thursday 16 July
    await worker.settle(60000);
    const warningsBefore = noServerWarnings().length;

    await serverDown();
    api.clock.set('2026-07-16T08:30:00Z');
    await worker.engine.reconcile();
    const outageStarts = capturedLogs.length;
    await waitingAfterTries(first.id, 'reminder', 2, 5);
    // Two mails tried five times each and more: one warning, and no warning per retry.
    expect(noServerWarnings().length - warningsBefore).toBe(1);
    expect(
      logs()
        .slice(outageStarts)
        .filter((l) => l.level >= WARN && l.msg === 'Mail not delivered; will retry'),
    ).toEqual([]);

    await serverUp();
    await until(
      'the reminders to be delivered',
      async () => delivered(first.reference, '28 days'),
      (mails) => mails.length === 2,
      60000,
    );
    expect(logs().some((l) => l.msg === 'The mail server answers again: waiting mail is being delivered')).toBe(true);
    expect(noServerWarnings().length - warningsBefore).toBe(1);

    // A new outage, after mail got through, is said again: once.
    await serverDown();
    api.clock.set('2026-07-30T08:30:00Z'); // 14 days before
    await worker.engine.reconcile();
    await until(
      'the 14-day reminders to have been tried three times',
      async () => (await outbox(first.id)).filter((m) => m.subject.includes('14 days')),
      (rows) => rows.length === 2 && rows.every((r) => r.attempts >= 3),
    );
    expect(noServerWarnings().length - warningsBefore).toBe(2);
    for (const line of noServerWarnings()) expect(JSON.stringify(line)).not.toMatch(/Withdrawn-|Riley|Jordan|Indigo/);
    await serverUp();
    await until(
      'the 14-day reminders to be delivered',
      async () => delivered(first.reference, '14 days'),
      (mails) => mails.length === 2,
      60000,
    );
  });
});
