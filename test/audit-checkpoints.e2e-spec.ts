import { randomUUID } from 'node:crypto';
import { auditVerifyCommand } from './support/audit-verify';
import { notification, TestApi, TestUser } from './support/test-app';

interface Entry {
  seq: number;
  action: string;
  boards: string[];
  changes: { board?: string; userId?: string };
}

describe("Boards' line of sight into the audit trail, and checkpoints either board can verify", () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, auditor: TestUser, panel: TestUser;
  let cspMember: TestUser, dabMember: TestUser, dabChair: TestUser;
  let boardNames: Record<string, string>;
  let dabBoardId: string;
  let dabCheckpoint: { seq: number; hash: string };

  const addMember = (board: string, member: TestUser) => api.post(admin, `/api/boards/${board}/members`, { userId: member.id }).expect(201);
  const view = async (user: TestUser, board: string): Promise<{ items: Entry[]; total: number }> =>
    (await api.get(user, `/api/boards/${board}/audit?pageSize=100`).expect(200)).body;
  const verify = async () => (await api.get(admin, '/api/audit/verify').expect(200)).body;
  const head = async () => (await api.db.query('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1')).rows[0] as { seq: number; hash: string };

  const auditVerify = (...args: string[]) => auditVerifyCommand(api.databaseName, ...args);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    auditor = await api.user(['auditor']);
    panel = await api.user(['panel-member'], 'cheshire-police');
    cspMember = await api.user(['board-member'], undefined, 'Ottilie Fictional-Member');
    dabMember = await api.user(['board-member'], undefined, 'Barnaby Fictional-Member');
    dabChair = await api.user(['board-member'], undefined, 'Clementine Fictional-Chair');
    await addMember('csp', cspMember);
    await addMember('dab', dabMember);
    await addMember('dab', dabChair);
    await api.http().put('/api/boards/dab').set('Authorization', `Bearer ${admin.token}`).send({ chairUserId: dabChair.id }).expect(200);
    await api.post(manager, '/api/reviews', notification()).expect(201);
    const boards = (await api.get(admin, '/api/boards').expect(200)).body as { id: string; key: string; name: string }[];
    boardNames = Object.fromEntries(boards.map((board) => [board.key, board.name]));
    dabBoardId = boards.find((board) => board.key === 'dab')!.id;
  });
  afterAll(() => api.stop());

  describe('the board audit view', () => {
    it('shows each board the entries marked for it, oldest first, and none marked only for the other', async () => {
      const csp = await view(cspMember, 'csp');
      const dab = await view(dabMember, 'dab');
      const membersAdded = (trail: { items: Entry[] }, board: string) =>
        trail.items.filter((e) => e.action === 'board.member-added' && e.changes.board === board).map((e) => e.changes.userId);

      expect(membersAdded(csp, 'csp')).toEqual([cspMember.id]);
      expect(membersAdded(csp, 'dab')).toEqual([]);
      expect(membersAdded(dab, 'dab')).toEqual([dabMember.id, dabChair.id]);
      expect(membersAdded(dab, 'csp')).toEqual([]);
      // An entry for both boards (a review logged) is in both views.
      for (const trail of [csp, dab]) expect(trail.items.map((e) => e.action)).toContain('review.created');
      expect(csp.items.every((e) => e.boards.includes('csp'))).toBe(true);
      expect(dab.items.every((e) => e.boards.includes('dab'))).toBe(true);
      expect(dab.items.map((e) => e.action)).toContain('board.updated');
      expect(csp.items.map((e) => e.action)).not.toContain('board.updated');
      const seqs = csp.items.map((e) => e.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(csp.total).toBe(csp.items.length);

      // Nothing marked for a board is left out of its view.
      const marked = await api.db.query(`SELECT seq FROM audit_entries WHERE 'dab' = ANY(boards) AND partnership_id IS NOT NULL ORDER BY seq`);
      // (The read records itself once read, so its own entry shows from the next read on.)
      expect((await view(dabMember, 'dab')).items.map((e) => e.seq)).toEqual(marked.rows.map((r: { seq: number }) => r.seq));
    });

    it('gives entries in the shape of the review audit trail, paginated, and finds a board by id as well as key', async () => {
      const page = (await api.get(dabMember, `/api/boards/${dabBoardId}/audit?page=2&pageSize=2`).expect(200)).body;
      expect(page).toMatchObject({ page: 2, pageSize: 2, total: expect.any(Number) });
      expect(page.items).toHaveLength(2);
      expect(Object.keys(page.items[0]).sort()).toEqual([
        'action',
        'actorId',
        'boards',
        'changes',
        'correlationId',
        'hash',
        'occurredAt',
        'prevHash',
        'reviewId',
        'seq',
      ]);
    });

    it('lets the board’s members, auditors, CSP managers and the CSP chair read it, and refuses anyone else by name', async () => {
      const cspChair = await api.user(['csp-chair']);
      for (const reader of [dabMember, dabChair, auditor, manager, cspChair]) await api.get(reader, '/api/boards/dab/audit').expect(200);

      for (const outsider of [panel, cspMember, admin]) {
        const refused = await api.get(outsider, '/api/boards/dab/audit').expect(403);
        expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(refused.body).toMatchObject({ status: 403, reason: 'not-a-board-member', detail: expect.stringContaining(`members of the ${boardNames.dab}`) });
      }
      await api.get(auditor, '/api/boards/parish-council/audit').expect(404);
      await api.get(auditor, `/api/boards/${randomUUID()}/audit`).expect(404);
    });

    it('records each reading of the board’s audit trail, for that board only', async () => {
      await api.get(auditor, '/api/boards/dab/audit').set('X-Correlation-Id', 'board-read-1').expect(200);
      const read = (
        await api.db.query(`SELECT actor_id, boards, changes FROM audit_entries WHERE action = 'board.audit-viewed' AND correlation_id = 'board-read-1'`)
      ).rows;
      expect(read).toEqual([{ actor_id: auditor.id, boards: ['dab'], changes: { board: 'dab' } }]);
      expect((await view(cspMember, 'csp')).items.some((e) => e.action === 'board.audit-viewed' && e.changes.board === 'dab')).toBe(false);
    });
  });

  describe('checkpoints', () => {
    it("records the chain head as the board's checkpoint, writes it into the chain, and answers 201", async () => {
      const before = await head();
      const res = await api.post(dabChair, '/api/boards/dab/checkpoints', { note: 'March board meeting' }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        board: 'dab',
        seq: before.seq,
        hash: before.hash,
        note: 'March board meeting',
        recordedAt: '2026-03-02T12:00:00.000Z',
      });
      dabCheckpoint = { seq: res.body.seq, hash: res.body.hash };
      const recorded = (await api.db.query('SELECT action, actor_id, boards, changes FROM audit_entries WHERE seq = $1', [before.seq + 1])).rows[0];
      expect(recorded).toEqual({
        action: 'board.checkpoint-recorded',
        actor_id: dabChair.id,
        boards: ['dab'],
        changes: { board: 'dab', checkpointId: res.body.id, seq: before.seq, hash: before.hash, note: 'March board meeting' },
      });
    });

    it('mails the checkpoint to every member of the board, naming no one', async () => {
      const mails = (
        await api.db.query(
          `SELECT recipient_id, to_address, subject, text_body, html_body FROM outbox_messages WHERE kind = 'audit-checkpoint' ORDER BY to_address`,
        )
      ).rows;
      expect(mails.map((m: { recipient_id: string }) => m.recipient_id).sort()).toEqual([dabMember.id, dabChair.id].sort());
      const { seq, hash } = dabCheckpoint;
      for (const mail of mails) {
        expect(mail.subject).toBe(`${boardNames.dab}: audit checkpoint ${seq}`);
        for (const body of [mail.text_body, mail.html_body]) {
          expect(body).toContain(hash);
          expect(body).toContain(`npm run audit:verify -- --checkpoint ${seq}:${hash}`);
          expect(body).toContain('2 March 2026');
          for (const name of ['Barnaby', 'Clementine', 'Ottilie', 'Fictional', 'March board meeting']) expect(body).not.toContain(name);
        }
      }
    });

    it('lets the chair, members and administrators record one, no one else; validates the note', async () => {
      await api.post(dabMember, '/api/boards/dab/checkpoints', {}).expect(201);
      const adminCheckpoint = (await api.post(admin, '/api/boards/csp/checkpoints', {}).expect(201)).body;
      expect(adminCheckpoint).toMatchObject({ board: 'csp', note: null });
      const cspMail = (
        await api.db.query(`SELECT recipient_id, subject FROM outbox_messages WHERE kind = 'audit-checkpoint' AND subject LIKE $1`, [`${boardNames.csp}:%`])
      ).rows;
      expect(cspMail).toEqual([{ recipient_id: cspMember.id, subject: `${boardNames.csp}: audit checkpoint ${adminCheckpoint.seq}` }]);

      for (const outsider of [cspMember, panel, auditor, manager]) {
        const refused = await api.post(outsider, '/api/boards/dab/checkpoints', {}).expect(403);
        expect(refused.body).toMatchObject({ reason: 'not-a-board-member', detail: expect.stringContaining(`chair and members of the ${boardNames.dab}`) });
      }
      const invalid = await api.post(dabChair, '/api/boards/dab/checkpoints', { note: 42 }).expect(400);
      expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'note' })]);
      await api.post(admin, '/api/boards/parish-council/checkpoints', {}).expect(404);
    });

    it("lists a board's checkpoints newest first, to those who may read its audit trail and to administrators", async () => {
      const list = (await api.get(dabMember, '/api/boards/dab/checkpoints').expect(200)).body;
      expect(list).toMatchObject({ total: 2, page: 1, pageSize: 20 });
      expect(list.items.map((c: { seq: number }) => c.seq)).toEqual([dabCheckpoint.seq + 1, dabCheckpoint.seq]);
      expect(list.items.every((c: { board: string }) => c.board === 'dab')).toBe(true);
      await api.get(auditor, '/api/boards/dab/checkpoints').expect(200);
      await api.get(admin, '/api/boards/dab/checkpoints').expect(200);
      await api.get(panel, '/api/boards/dab/checkpoints').expect(403);
    });
  });

  describe('verification with checkpoints', () => {
    it('passes the chain and every stored checkpoint when nothing has changed, in the api and on the command line', async () => {
      const result = await verify();
      expect(result).toMatchObject({ ok: true, firstBrokenSeq: null, entries: (await head()).seq });
      expect(result.checkpoints).toHaveLength(3);
      expect(result.checkpoints).toContainEqual({ board: 'dab', seq: dabCheckpoint.seq, hash: dabCheckpoint.hash, ok: true });
      expect(result.checkpoints.every((c: { ok: boolean }) => c.ok)).toBe(true);

      const cli = await auditVerify();
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain(`Chain: ${result.entries} entries verified, unbroken. Head: entry ${result.entries}, hash ${result.headHash}.`);
      expect(cli.stdout).toContain('Checkpoints: 3 checked, all match.');
      expect(cli.stdout).toContain(`ok    entry ${dabCheckpoint.seq}  ${dabCheckpoint.hash}  (board dab)`);
      expect(cli.stdout).toContain('Result: OK');
    });

    it('checks a checkpoint a board kept itself: the right hash passes, a wrong one fails', async () => {
      const right = await auditVerify('--checkpoint', `${dabCheckpoint.seq}:${dabCheckpoint.hash}`);
      expect(right.code).toBe(0);
      expect(right.stdout).toContain(`ok    entry ${dabCheckpoint.seq}  ${dabCheckpoint.hash}  (given)`);

      const other = (await api.db.query('SELECT hash FROM audit_entries WHERE seq = 1')).rows[0].hash;
      const wrong = await auditVerify('--checkpoint', `${dabCheckpoint.seq}:${dabCheckpoint.hash}`, '--checkpoint', `${dabCheckpoint.seq}:${other}`);
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toContain(
        `FAIL  entry ${dabCheckpoint.seq}  ${other}  (given): entry ${dabCheckpoint.seq} now has hash ${dabCheckpoint.hash}, not the one kept`,
      );
      expect(wrong.stdout).toContain('Result: FAILED');

      const malformed = await auditVerify('--checkpoint', 'twelve:abc');
      expect(malformed.code).toBe(1);
      expect(malformed.stdout).toContain('--checkpoint must be <seq>:<hash>');
    });

    it('fails a checkpoint beyond the end when the last entries are removed, though what is left still verifies', async () => {
      // The newest checkpoint's entry and everything after it go, behind the app's back.
      const newest = Math.max(...(await verify()).checkpoints.map((c: { seq: number }) => c.seq));
      await api.db.query('SET session_replication_role = replica');
      await api.db.query('DELETE FROM audit_entries WHERE seq >= $1', [newest]);
      await api.db.query('SET session_replication_role = DEFAULT');

      const result = await verify();
      expect(result).toMatchObject({ ok: false, firstBrokenSeq: null, entries: newest - 1 });
      const cut = result.checkpoints.find((c: { seq: number }) => c.seq === newest);
      expect(cut).toMatchObject({ board: 'csp', ok: false, reason: `the chain ends at entry ${newest - 1}: entry ${newest} and any after it are missing` });
      expect(result.checkpoints.filter((c: { ok: boolean }) => !c.ok)).toHaveLength(1);

      const cli = await auditVerify();
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain(`Chain: ${newest - 1} entries verified, unbroken.`);
      expect(cli.stdout).toContain(`FAIL  entry ${newest}`);
      expect(cli.stdout).toContain('Result: FAILED');
    });

    it('names the first broken entry when a row is changed behind the app’s back', async () => {
      await api.db.query('SET session_replication_role = replica');
      await api.db.query(`UPDATE audit_entries SET canonical = replace(canonical, '"action":"', '"action":"tampered.') WHERE seq = 3`);
      await api.db.query('SET session_replication_role = DEFAULT');

      const result = await verify();
      expect(result).toMatchObject({ ok: false, firstBrokenSeq: 3, entries: 2 });
      expect(result.checkpoints.every((c: { ok: boolean; reason: string }) => !c.ok && c.reason.includes('broken at entry 3'))).toBe(true);

      const cli = await auditVerify('--checkpoint', `${dabCheckpoint.seq}:${dabCheckpoint.hash}`);
      expect(cli.code).toBe(1);
      expect(cli.stdout).toContain('Chain: BROKEN at entry 3');
      expect(cli.stdout).toContain('Result: FAILED');
    });
  });
});
