import { Client } from 'pg';
import { testDatabaseUrl } from './support/databases';
import { notification, TestApi, TestUser } from './support/test-app';

describe('The audit trail', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser;
  let reviewId: string;

  const verify = async () => (await api.get(admin, '/api/audit/verify').expect(200)).body;
  const count = async () => Number((await api.db.query('SELECT count(*) AS n FROM audit_entries')).rows[0].n);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-10' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    reviewId = (await api.post(manager, '/api/reviews', notification()).expect(201)).body.id;
    await api.get(manager, `/api/reviews/${reviewId}`).expect(200);
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-09', rationale: 'Criteria met.' }).expect(200);
  });
  afterAll(() => api.stop());

  it('records every change and every read of a review, with actor, before and after, and correlation id', async () => {
    await api.get(manager, `/api/reviews/${reviewId}/audit`).set('X-Correlation-Id', 'trail-read-1').expect(200);
    // The read of the trail records itself once read: it shows in the next read.
    const trail = (await api.get(manager, `/api/reviews/${reviewId}/audit`).expect(200)).body;
    const [created, viewed, decided] = trail.items;
    expect(trail.items.map((e: { action: string }) => e.action)).toEqual(['review.created', 'review.viewed', 'review.action.decide', 'review.audit-viewed']);
    expect(created).toMatchObject({
      actorId: manager.id,
      reviewId,
      boards: ['csp', 'dab'],
      changes: { after: { stage: 'decision', status: 'open', version: 1 } },
    });
    expect(viewed).toMatchObject({ actorId: manager.id, reviewId });
    expect(decided).toMatchObject({
      actorId: cspChair.id,
      changes: { before: { stage: 'decision', version: 1 }, after: { stage: 'set-up', version: 2, decisionOutcome: 'hold' } },
    });
    expect(decided.changes.input).toEqual({ outcome: 'hold', decidedOn: '2026-02-09', rationale: 'Criteria met.' });
    expect(trail.items[3].correlationId).toBe('trail-read-1');
    // Each entry links to the one before it.
    for (let i = 1; i < trail.items.length; i += 1) expect(trail.items[i].prevHash).toBe(trail.items[i - 1].hash);
  });

  it('writes the audit entry in the same transaction as the change: a refused action leaves no trace', async () => {
    const before = await count();
    const version = (await api.db.query('SELECT version FROM reviews WHERE id = $1', [reviewId])).rows[0].version;
    // Appointing a user who is not an independent chair fails after the stage and role checks passed.
    await api.action(manager, reviewId, 'appoint-chair', { userId: manager.id, appointedOn: '2026-02-10' }).expect(400);
    await api.action(manager, reviewId, 'agree-terms-of-reference', { agreedOn: '2026-02-10' }).expect(409);
    expect(await count()).toBe(before);
    expect((await api.db.query('SELECT count(*) AS n FROM audit_journal')).rows[0].n).toBe(0);
    expect((await api.db.query('SELECT version FROM reviews WHERE id = $1', [reviewId])).rows[0].version).toBe(version);
    expect(Number((await api.db.query("SELECT count(*) AS n FROM review_events WHERE action = 'appoint-chair'")).rows[0].n)).toBe(0);
  });

  it('chains what a stopped process left in the journal with the next batch, in journal order', async () => {
    // As if an app committed a change and stopped before its entries were chained.
    await api.db.query(
      `INSERT INTO audit_journal (occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards)
       SELECT now(), $1, 'test.left-in-journal', $2, partnership_id, '{"n": 1}', 'left-1', '{csp}' FROM reviews WHERE id = $2`,
      [manager.id, reviewId],
    );
    await api.get(manager, `/api/reviews/${reviewId}`).expect(200);
    expect((await api.db.query('SELECT count(*) AS n FROM audit_journal')).rows[0].n).toBe(0);
    const tail = (await api.db.query('SELECT action, correlation_id FROM audit_entries ORDER BY seq DESC LIMIT 2')).rows.reverse();
    expect(tail).toEqual([
      { action: 'test.left-in-journal', correlation_id: 'left-1' },
      { action: 'review.viewed', correlation_id: expect.any(String) },
    ]);
    expect((await verify()).ok).toBe(true);
  });

  it('keeps one unbroken chain under concurrent writers and readers', async () => {
    const others = await Promise.all([1, 2, 3, 4, 5].map(() => api.post(manager, '/api/reviews', notification()).then((r) => r.body.id as string)));
    await Promise.all(
      others.flatMap((id) => [
        api.get(manager, `/api/reviews/${id}`),
        api.action(cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-02-10', rationale: 'Held.' }),
      ]),
    );
    const result = await verify();
    expect(result).toEqual({ ok: true, entries: await count(), headHash: expect.stringMatching(/^[0-9a-f]{64}$/), firstBrokenSeq: null, checkpoints: [] });
    const head = (await api.db.query('SELECT hash FROM audit_entries ORDER BY seq DESC LIMIT 1')).rows[0].hash;
    expect(result.headHash).toBe(head);
  });

  it('cannot be changed through the application role, nor by anyone while the trigger stands', async () => {
    // As the application role, scoped to the whole system (as the worker is): it reads every entry and changes none.
    const asApp = new Client({ connectionString: testDatabaseUrl(api.databaseName), options: '-c role=dhr_system' });
    await asApp.connect();
    try {
      await expect(asApp.query("UPDATE audit_entries SET hash = 'x' WHERE seq = 1")).rejects.toMatchObject({ code: '42501' });
      await expect(asApp.query('DELETE FROM audit_entries WHERE seq = 1')).rejects.toMatchObject({ code: '42501' });
      await expect(asApp.query('TRUNCATE audit_entries')).rejects.toMatchObject({ code: '42501' });
      expect((await asApp.query('SELECT count(*) AS n FROM audit_entries')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await asApp.end();
    }
    await expect(api.db.query("UPDATE audit_entries SET hash = 'x' WHERE seq = 1")).rejects.toThrow(/append-only/);
    // The columns readers see follow from the hashed text: nobody may write them, even past the trigger.
    await expect(api.db.query("UPDATE audit_entries SET action = 'x' WHERE seq = 1")).rejects.toThrow(/can only be updated to DEFAULT/);
    await expect(api.db.query('DELETE FROM audit_entries WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(api.db.query('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
    expect((await verify()).ok).toBe(true);
  });

  it('reports the first broken entry when a row is altered behind the app’s back', async () => {
    expect((await verify()).ok).toBe(true);
    // A superuser switching triggers off is the only way left to alter the table.
    await api.db.query('SET session_replication_role = replica');
    await api.db.query(`UPDATE audit_entries SET canonical = replace(canonical, '"action":"', '"action":"tampered.') WHERE seq = 3`);
    await api.db.query('SET session_replication_role = DEFAULT');
    // What readers see changed with it, and the verifier says where.
    expect((await api.db.query('SELECT action FROM audit_entries WHERE seq = 3')).rows[0].action).toMatch(/^tampered\./);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 3, entries: 2 });
  });

  it('reports a removed entry as a break in the sequence', async () => {
    // A fresh database, so the alteration above does not mask this one.
    const other = await TestApi.start({ today: '2026-02-10' });
    try {
      const otherAdmin = await other.admin();
      const otherManager = await other.user(['csp-manager']);
      for (let i = 0; i < 3; i += 1) await other.post(otherManager, '/api/reviews', notification()).expect(201);
      const total = Number((await other.db.query('SELECT count(*) AS n FROM audit_entries')).rows[0].n);
      await other.db.query('SET session_replication_role = replica');
      await other.db.query('DELETE FROM audit_entries WHERE seq = 4');
      await other.db.query('SET session_replication_role = DEFAULT');
      const result = (await other.get(otherAdmin, '/api/audit/verify').expect(200)).body;
      expect(total).toBeGreaterThan(5);
      expect(result).toMatchObject({ ok: false, firstBrokenSeq: 4, entries: 3 });
    } finally {
      await other.stop();
    }
  });
});
