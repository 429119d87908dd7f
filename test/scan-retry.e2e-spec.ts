import { createHash } from 'node:crypto';
import { VersionScans } from '@app/documents';
import { SCANS_QUEUE } from '@app/queues';
import { EICAR, EICAR_SIGNATURE, freePort, RunningClamd, startClamd } from './support/clamd';
import { dropQueues } from './support/databases';
import { SmtpSink } from './support/smtp-sink';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';
import { pageText, WebClient } from './support/web-client';

interface Version {
  n: number;
  sha256: string;
  scanStatus: string;
  scanAttempts: number;
  lastScanAttemptAt: string | null;
  lastScanError: string | null;
  nextScanAttemptAt: string | null;
  contentUrl: string | null;
}
interface Document {
  id: string;
  title: string;
  versions: Version[];
}

/**
 * A version uploaded while clamd is unreachable stays pending (never served), and says when it
 * was last tried and why that failed; the worker scans it again in the background, with a
 * back-off, once clamd answers: a real clamd (test/support/clamd.ts, EICAR-only signatures) and
 * the worker app on the same database and queues. The api keeps the unreachable address it
 * started with; the worker, which does the re-scans, gets the real one.
 */
describe('Document versions left pending are re-scanned in the background', () => {
  const START = '2026-02-10T12:00:00.000Z';
  const CLEAN = Buffer.from('Fictional panel minutes: the panel met and agreed the terms of reference.\n');
  const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

  let api: TestApi;
  let sink: SmtpSink;
  let clamd: RunningClamd | undefined;
  let worker: TestWorker | undefined;
  let manager: TestUser;
  let reviewId: string;
  const uploaded: Record<'clean' | 'eicar', string> = { clean: '', eicar: '' };

  const upload = (title: string, file: Buffer) =>
    api
      .http()
      .post(`/api/reviews/${reviewId}/documents`)
      .set('Authorization', `Bearer ${manager.token}`)
      .field('kind', 'other')
      .field('title', title)
      .attach('file', file, { filename: 'note.txt', contentType: 'text/plain' });
  const documents = async (): Promise<Document[]> => (await api.get(manager, `/api/reviews/${reviewId}/documents`).expect(200)).body;
  const versionOf = async (documentId: string): Promise<Version> => (await documents()).find((d) => d.id === documentId)!.versions[0];
  const content = (documentId: string) => api.get(manager, `/api/reviews/${reviewId}/documents/${documentId}/versions/1/content`);
  /** Polls the document view until the version is no longer pending, or fails at the deadline. */
  const verdictOf = async (documentId: string, timeoutMs = 30000): Promise<Version> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const version = await versionOf(documentId);
      if (version.scanStatus !== 'pending') return version;
      if (Date.now() > deadline) throw new Error(`version of ${documentId} still pending after ${timeoutMs} ms: ${JSON.stringify(version)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const minutesAfterStart = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();

  /** A port nothing listens on: every scan the api tries is refused. */
  let deadPort: number;

  beforeAll(async () => {
    deadPort = await freePort();
    process.env.CLAMD_URL = `tcp://127.0.0.1:${deadPort}`;
    process.env.SCAN_RETRY_INTERVAL_MS = '200';
    process.env.SCAN_RETRY_MAX_INTERVAL_MS = '60000';
    sink = await SmtpSink.start();
    api = await TestApi.start();
    api.clock.set(START);
    manager = await api.user(['csp-manager']);
    reviewId = (await api.post(manager, '/api/reviews', notification()).expect(201)).body.id;
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await clamd?.stop();
    await sink?.stop();
    for (const name of ['CLAMD_URL', 'SCAN_RETRY_INTERVAL_MS', 'SCAN_RETRY_MAX_INTERVAL_MS']) delete process.env[name];
  });

  it('keeps versions uploaded while clamd is unreachable pending, unserved, showing when they were last tried and why it failed', async () => {
    for (const [which, title, file] of [
      ['clean', 'Fictional: panel minutes', CLEAN],
      ['eicar', 'Fictional: a test file', EICAR],
    ] as const) {
      const res = await upload(title, file).expect(201);
      uploaded[which] = res.body.id;
      expect(res.body.versions[0]).toMatchObject({
        scanStatus: 'pending',
        sha256: sha256(file),
        scanAttempts: 1,
        lastScanAttemptAt: START,
        lastScanError: 'The virus scanner could not be reached.',
        // The first wait is SCAN_RETRY_INTERVAL_MS.
        nextScanAttemptAt: new Date(Date.parse(START) + 200).toISOString(),
      });
    }
    // A content request tries again, is refused, and its failed attempt counts: the wait doubles.
    const refused = await content(uploaded.clean).expect(409);
    expect(refused.body).toMatchObject({ code: 'conflict', scanStatus: 'pending' });
    const listed = await versionOf(uploaded.clean);
    expect(listed).toMatchObject({
      scanStatus: 'pending',
      scanAttempts: 2,
      lastScanAttemptAt: START,
      lastScanError: 'The virus scanner could not be reached.',
      nextScanAttemptAt: new Date(Date.parse(START) + 400).toISOString(),
    });
    expect(await versionOf(uploaded.eicar)).toMatchObject({ scanStatus: 'pending', scanAttempts: 1, lastScanError: 'The virus scanner could not be reached.' });

    // The review page says it too, in words.
    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const page = pageText((await web.get(`/reviews/${reviewId}`)).text);
    expect(page).toContain('Scan pending. Last tried 10 February 2026 at 12:00: The virus scanner could not be reached.');
  });

  it('scans them in the worker once clamd answers: the clean one served as uploaded, the EICAR one infected, audited and never served', async () => {
    // The OS may hand the closed port out again: clamd must not take the api's dead address.
    clamd = await startClamd();
    while (clamd.port === deadPort) {
      await clamd.stop();
      clamd = await startClamd();
    }
    worker = await TestWorker.start(api, sink.url, { CLAMD_URL: clamd.url, SCAN_RETRY_INTERVAL_MS: '200', SCAN_RETRY_MAX_INTERVAL_MS: '60000' });

    // The clock has not moved: neither version's wait has run out, so a round (as the schedule runs it) takes on neither.
    expect(await worker.app.get(VersionScans).rescanDue()).toEqual({ tried: 0, clean: 0, infected: 0, stillPending: 0 });
    expect((await versionOf(uploaded.clean)).scanStatus).toBe('pending');
    expect((await versionOf(uploaded.eicar)).scanStatus).toBe('pending');

    // A minute on, both are due; the worker's own rounds (every 200 ms here) scan them.
    api.clock.set(minutesAfterStart(1));
    const clean = await verdictOf(uploaded.clean);
    const infected = await verdictOf(uploaded.eicar);

    expect(clean).toMatchObject({
      scanStatus: 'clean',
      scanAttempts: 3,
      lastScanAttemptAt: minutesAfterStart(1),
      lastScanError: null,
      nextScanAttemptAt: null,
      sha256: sha256(CLEAN),
    });
    expect(clean.contentUrl).not.toBeNull();
    const served = await content(uploaded.clean).expect(200);
    expect(sha256(Buffer.from(served.text))).toBe(clean.sha256);

    expect(infected).toMatchObject({ scanStatus: 'infected', scanAttempts: 2, lastScanError: null, nextScanAttemptAt: null, contentUrl: null });
    const refused = await content(uploaded.eicar).expect(409);
    expect(refused.body).toMatchObject({ code: 'conflict', scanStatus: 'infected' });

    const trail: { action: string; actorId: string | null; changes: Record<string, unknown> }[] = (
      await api.get(manager, `/api/reviews/${reviewId}/audit?pageSize=100`).expect(200)
    ).body.items;
    const findings = trail.filter((e) => e.action === 'document.infected');
    expect(findings).toHaveLength(1);
    // Recorded as the upload path records it, by the system (the worker) rather than a person.
    expect(findings[0]).toMatchObject({ actorId: null });
    expect(findings[0].changes).toMatchObject({
      documentId: uploaded.eicar,
      version: 1,
      scanStatus: 'infected',
      signature: EICAR_SIGNATURE,
      sha256: sha256(EICAR),
      filename: 'note.txt',
    });
    expect(findings[0].changes.engine).toMatch(/^ClamAV /);
    const downloads = trail.filter((e) => e.action === 'document.downloaded');
    expect(downloads.map((e) => e.changes.documentId)).toEqual([uploaded.clean]);
  });

  it('keeps re-scanning after Redis has lost the worker’s queues (as a restart without persistence would)', async () => {
    // Only this test file's keys: its queues have a prefix of their own (the database's name).
    await dropQueues(api.databaseName);

    const res = await upload('Fictional: a letter', Buffer.from('Fictional letter to the family.\n')).expect(201);
    expect(res.body.versions[0]).toMatchObject({ scanStatus: 'pending', lastScanError: 'The virus scanner could not be reached.' });
    api.clock.set(minutesAfterStart(2));
    expect(await verdictOf(res.body.id)).toMatchObject({ scanStatus: 'clean', scanAttempts: 2, lastScanAttemptAt: minutesAfterStart(2) });
  });

  it('does nothing in a worker with no clamd configured', async () => {
    await worker!.stop();
    // Whatever the last worker left queued goes, so what is queued from here on is this worker's.
    await dropQueues(api.databaseName);
    worker = await TestWorker.start(api, sink.url, { CLAMD_URL: '' });
    const res = await upload('Fictional: a chronology', Buffer.from('Fictional chronology.\n')).expect(201);
    expect(res.body.versions[0]).toMatchObject({ scanStatus: 'pending', scanAttempts: 1 });
    api.clock.set(minutesAfterStart(60));
    const scans = worker.app.get(VersionScans);
    expect(scans.enabled).toBe(false);
    expect(await scans.rescanDue()).toEqual({ tried: 0, clean: 0, infected: 0, stillPending: 0 });
    // No round was scheduled at all, and the version is untouched.
    expect(await worker.queue(SCANS_QUEUE).getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed')).toMatchObject({
      waiting: 0,
      active: 0,
      delayed: 0,
      completed: 0,
      failed: 0,
    });
    expect(await versionOf(res.body.id)).toMatchObject({ scanStatus: 'pending', scanAttempts: 1, lastScanAttemptAt: minutesAfterStart(2) });
  });
});
