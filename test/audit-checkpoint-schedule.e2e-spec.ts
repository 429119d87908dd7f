import { capturedLogs } from './support/log-capture';
import { Client } from 'pg';
import { ScheduledCheckpoints } from '@app/boards';
import { testDatabaseUrl } from './support/databases';
import { SmtpSink } from './support/smtp-sink';
import { notification, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';
import { until } from './support/until';

interface Checkpoint {
  board: string;
  seq: number;
  hash: string;
  note: string | null;
  recordedBy: string | null;
  recordedAt: Date;
}

/**
 * Issue 19, point 4: the chain's tail is anchored by itself. The worker checkpoints the head for
 * every board on a schedule (by default once a day) when the trail has moved, mails it to the
 * board's members, checks each board's latest checkpoint first, and makes one per board per
 * period however many workers run; and no application role can change or remove a checkpoint.
 */
describe('Scheduled audit checkpoints, which no one can change', () => {
  let api: TestApi;
  let sink: SmtpSink;
  let worker: TestWorker;
  let admin: TestUser, manager: TestUser, cspMember: TestUser, dabMember: TestUser;
  let boardNames: Record<string, string>;

  const scheduled = async (): Promise<Checkpoint[]> =>
    (
      await api.db.query(
        `SELECT b.key AS board, c.seq, c.hash, c.note, c.recorded_by AS "recordedBy", c.recorded_at AS "recordedAt"
         FROM board_checkpoints c JOIN boards b ON b.id = c.board_id WHERE c.recorded_by IS NULL ORDER BY c.recorded_at, c.seq, b.key`,
      )
    ).rows.map((row) => ({ ...row, seq: Number(row.seq) }));
  /** The newest entry that is not a checkpoint's own: what a round anchors when nothing else is going on. */
  const lastMove = async () =>
    (await api.db.query(`SELECT seq, hash FROM audit_entries WHERE action NOT LIKE 'board.checkpoint-%' ORDER BY seq DESC LIMIT 1`)).rows[0] as {
      seq: string;
      hash: string;
    };
  const round = (on: TestWorker = worker) => on.app.get(ScheduledCheckpoints).run();
  const verify = async () => (await api.get(admin, '/api/audit/verify').expect(200)).body;
  const mailsTo = (user: TestUser, subject: string) => sink.to(user.email).filter((mail) => mail.subject === subject);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    sink = await SmtpSink.start();
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspMember = await api.boardMember(['csp'], 'Ottilie Fictional-Member');
    dabMember = await api.boardMember(['dab'], 'Barnaby Fictional-Member');
    await api.post(manager, '/api/reviews', notification()).expect(201);
    const boards = (await api.get(admin, '/api/boards').expect(200)).body as { key: string; name: string }[];
    boardNames = Object.fromEntries(boards.map((board) => [board.key, board.name]));
    // The worker's schedule runs a round as it starts.
    worker = await TestWorker.start(api, sink.url);
  });

  afterAll(async () => {
    await worker.stop();
    await sink.stop();
    await api.stop();
  });

  it('checkpoints the head for every board as the worker starts, written into the chain and listed with the board', async () => {
    const head = await lastMove();
    const rows = await scheduled();
    expect(rows).toEqual(
      ['csp', 'dab'].map((board) => ({
        board,
        seq: Number(head.seq),
        hash: head.hash,
        note: 'Recorded on schedule',
        recordedBy: null,
        recordedAt: new Date('2026-03-02T12:00:00Z'),
      })),
    );
    const entries = (await api.db.query(`SELECT actor_id, boards, changes FROM audit_entries WHERE action = 'board.checkpoint-recorded' ORDER BY seq`)).rows;
    expect(entries).toEqual(
      ['csp', 'dab'].map((board) => ({
        actor_id: null,
        boards: [board],
        changes: { board, checkpointId: expect.any(String), seq: Number(head.seq), hash: head.hash, note: 'Recorded on schedule', scheduled: true },
      })),
    );
    for (const board of ['csp', 'dab']) {
      const listed = (await api.get(admin, `/api/boards/${board}/checkpoints`).expect(200)).body;
      expect(listed.items).toEqual([
        { id: expect.any(String), board, seq: Number(head.seq), hash: head.hash, note: 'Recorded on schedule', recordedAt: '2026-03-02T12:00:00.000Z' },
      ]);
    }
    const result = await verify();
    expect(result.ok).toBe(true);
    expect(result.checkpoints).toEqual(['csp', 'dab'].map((board) => ({ board, seq: Number(head.seq), hash: head.hash, ok: true })));
  });

  it('mails each scheduled checkpoint to the members of its board, through the outbox, naming no one', async () => {
    const { seq, hash } = (await scheduled())[0];
    for (const [member, board] of [
      [cspMember, 'csp'],
      [dabMember, 'dab'],
    ] as const) {
      const subject = `${boardNames[board]}: audit checkpoint ${seq}`;
      const [mail] = await until(
        `the ${board} checkpoint mail`,
        async () => mailsTo(member, subject),
        (mails) => mails.length > 0,
      );
      expect(mailsTo(member, subject)).toHaveLength(1);
      for (const body of [mail.text!, mail.html as string]) {
        expect(body).toContain(hash);
        expect(body).toContain(`npm run audit:verify -- --checkpoint ${seq}:${hash}`);
        expect(body).toContain('The service recorded it by itself');
        for (const name of ['Ottilie', 'Barnaby', 'Fictional']) expect(body).not.toContain(name);
      }
    }
    // Each member gets only their own board's.
    expect(sink.to(cspMember.email).filter((mail) => mail.subject?.startsWith(boardNames.dab))).toEqual([]);
    const outbox = (await api.db.query(`SELECT count(*) AS n FROM outbox_messages WHERE kind = 'audit-checkpoint'`)).rows[0];
    expect(Number(outbox.n)).toBe(2);
  });

  it('makes no second checkpoint in the same period: not another round, another worker, nor a restart', async () => {
    await api.post(manager, '/api/reviews', notification()).expect(201);
    expect(await round()).toMatchObject({ recorded: 0, mismatched: 0, failed: 0 });
    const second = await TestWorker.start(api, sink.url);
    try {
      expect(await Promise.all([round(), round(second)])).toEqual([expect.objectContaining({ recorded: 0 }), expect.objectContaining({ recorded: 0 })]);
    } finally {
      await second.stop();
    }
    expect(await scheduled()).toHaveLength(2);
  });

  it('in the next period, checkpoints each board once however many workers run the round at once', async () => {
    // Started in the old period, so its own start round has nothing to do.
    const second = await TestWorker.start(api, sink.url);
    api.clock.advanceDays(1);
    try {
      const rounds = await Promise.all([round(), round(second)]);
      expect(rounds.map((r) => r.recorded).sort()).toEqual([0, 2]);
    } finally {
      await second.stop();
    }
    const head = await lastMove();
    const today = (await scheduled()).filter((row) => row.recordedAt.getTime() === new Date('2026-03-03T12:00:00Z').getTime());
    expect(today.map((row) => [row.board, row.seq])).toEqual([
      ['csp', Number(head.seq)],
      ['dab', Number(head.seq)],
    ]);
    await until(
      'the second day’s mails',
      async () => mailsTo(cspMember, `${boardNames.csp}: audit checkpoint ${head.seq}`),
      (mails) => mails.length === 1,
    );
  });

  it('records none when nothing but the checkpoints themselves moved the trail since', async () => {
    api.clock.advanceDays(1);
    expect(await round()).toMatchObject({ recorded: 0, mismatched: 0 });
    expect(await scheduled()).toHaveLength(4);
  });

  it('catches the newest entries removed after a checkpoint: verification fails, and the next round says so loudly', async () => {
    await api.post(manager, '/api/reviews', notification()).expect(201);
    api.clock.advanceDays(1);
    expect(await round()).toMatchObject({ recorded: 2, mismatched: 0 });
    const { seq: cut, hash: kept } = (await scheduled()).at(-1)!;
    await worker.settle();
    sink.clear();

    // The newest entries, the checkpointed one among them, are removed behind the app's back.
    await api.db.query('SET session_replication_role = replica');
    await api.db.query('DELETE FROM audit_entries WHERE seq >= $1', [cut]);
    await api.db.query('SET session_replication_role = DEFAULT');
    const result = await verify();
    expect(result).toMatchObject({ ok: false, firstBrokenSeq: null, entries: cut - 1 });
    expect(result.checkpoints.filter((c: { ok: boolean }) => !c.ok)).toEqual(
      ['csp', 'dab'].map((board) => ({
        board,
        seq: cut,
        hash: kept,
        ok: false,
        reason: `the chain ends at entry ${cut - 1}: entry ${cut} and any after it are missing`,
      })),
    );

    // The next round, an hour later in the same period, finds each board's latest checkpoint gone from the chain.
    api.clock.set('2026-03-05T13:00:00Z');
    expect(await round()).toMatchObject({ recorded: 2, mismatched: 2, failed: 0 });
    const warnings = (await api.db.query(`SELECT actor_id, boards, changes FROM audit_entries WHERE action = 'board.checkpoint-mismatch' ORDER BY seq`)).rows;
    expect(warnings).toEqual(
      ['csp', 'dab'].map((board) => ({
        actor_id: null,
        boards: [board],
        changes: { board, checkpointId: expect.any(String), seq: cut, hash: kept, found: null },
      })),
    );
    for (const [member, board] of [
      [cspMember, 'csp'],
      [dabMember, 'dab'],
    ] as const) {
      const subject = `${boardNames[board]}: the audit trail no longer matches checkpoint ${cut}`;
      const [warning] = await until(
        `the ${board} warning`,
        async () => mailsTo(member, subject),
        (mails) => mails.length > 0,
      );
      expect(warning.text).toContain(`audit entry ${cut} is no longer in the audit trail`);
      expect(warning.text).toContain(`npm run audit:verify -- --checkpoint ${cut}:${kept}`);
      for (const name of ['Ottilie', 'Barnaby', 'Fictional']) expect(`${warning.text} ${warning.html}`).not.toContain(name);
    }
    const logged = capturedLogs.filter((line) => line.includes('A board checkpoint no longer matches the audit trail'));
    expect(logged.length).toBeGreaterThanOrEqual(2);
    expect(logged.every((line) => JSON.parse(line).level >= 50)).toBe(true);
    expect(capturedLogs.some((line) => /Ottilie|Barnaby/.test(line))).toBe(false);

    // Said once: the boards' new checkpoints match the chain as it now stands.
    expect(await round()).toMatchObject({ recorded: 0, mismatched: 0 });
    // The removed checkpoint stays, failing verification, for anyone to see.
    expect((await verify()).checkpoints.filter((c: { ok: boolean }) => !c.ok).map((c: { seq: number }) => c.seq)).toEqual([cut, cut]);
  });

  describe('checkpoints cannot be changed or removed', () => {
    it.each(['dhr_app', 'dhr_system'])('refuses UPDATE, DELETE and TRUNCATE to the application role %s, which may still add them', async (role) => {
      const asRole = new Client({ connectionString: testDatabaseUrl(api.databaseName), options: `-c role=${role}` });
      await asRole.connect();
      try {
        await expect(asRole.query(`UPDATE board_checkpoints SET hash = 'rewritten'`)).rejects.toMatchObject({ code: '42501' });
        await expect(asRole.query('DELETE FROM board_checkpoints')).rejects.toMatchObject({ code: '42501' });
        await expect(asRole.query('TRUNCATE board_checkpoints')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await asRole.end();
      }
      const privileges = (
        await api.db.query(
          `SELECT has_table_privilege($1, 'board_checkpoints', 'INSERT') AS add, has_table_privilege($1, 'board_checkpoints', 'SELECT') AS read`,
          [role],
        )
      ).rows[0];
      expect(privileges).toEqual({ add: true, read: true });
    });

    it('refuses them to the owner too while the trigger stands', async () => {
      const before = Number((await api.db.query('SELECT count(*) AS n FROM board_checkpoints')).rows[0].n);
      await expect(api.db.query(`UPDATE board_checkpoints SET hash = 'rewritten'`)).rejects.toThrow(
        /board checkpoints cannot be changed or removed: UPDATE refused/,
      );
      await expect(api.db.query('DELETE FROM board_checkpoints')).rejects.toThrow(/DELETE refused/);
      await expect(api.db.query('TRUNCATE board_checkpoints')).rejects.toThrow(/TRUNCATE refused/);
      expect(Number((await api.db.query('SELECT count(*) AS n FROM board_checkpoints')).rows[0].n)).toBe(before);
      // A board member's checkpoint is still recorded, by the same code as the schedule's.
      await api.post(cspMember, '/api/boards/csp/checkpoints', { note: 'Board meeting' }).expect(201);
    });
  });
});
