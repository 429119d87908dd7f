import { auditEntryHash, hashOfCanonical } from '@app/audit';
import { auditVerifyCommand } from './support/audit-verify';
import { notification, TestApi, TestUser } from './support/test-app';

interface StoredEntry {
  seq: number;
  canonical: string;
  hash: string;
}

/**
 * The verifier hashes each entry's stored canonical text (issue 19, point 3): whatever is done to
 * the stored bytes behind the application's back (a byte changed, an entry removed, two swapped,
 * one slipped in, a column cut loose from the hashed text) it names where the chain breaks, in
 * the api and on the command line. Each case puts the chain back as it was before the next.
 */
describe('Verifying the audit chain from its stored canonical text', () => {
  let api: TestApi;
  let admin: TestUser, dabChair: TestUser;
  let original: StoredEntry[];

  const verify = async () => (await api.get(admin, '/api/audit/verify').expect(200)).body;
  const stored = async (): Promise<StoredEntry[]> => (await api.db.query('SELECT seq, canonical, hash FROM audit_entries ORDER BY seq')).rows;

  const auditVerify = (...args: string[]) => auditVerifyCommand(api.databaseName, ...args);

  /** Replaces the whole stored chain with these entries, as a superuser past the trigger would. */
  async function storeChain(entries: { canonical: string; hash: string }[]): Promise<void> {
    await api.db.query('BEGIN');
    await api.db.query('SET LOCAL session_replication_role = replica');
    await api.db.query('DELETE FROM audit_entries');
    await api.db.query(`INSERT INTO audit_entries (canonical, hash) SELECT * FROM unnest($1::text[], $2::text[])`, [
      entries.map((entry) => entry.canonical),
      entries.map((entry) => entry.hash),
    ]);
    await api.db.query('COMMIT');
  }

  /** The canonical text of an entry renumbered, and its hash taken again, as a forger would. */
  const renumbered = (entry: StoredEntry, seq: number) => {
    const canonical = entry.canonical.replace(/"seq":\d+}$/, `"seq":${seq}}`);
    return { canonical, hash: hashOfCanonical(canonical) };
  };

  const hashAt = (seq: number) => original[seq - 1].hash;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    admin = await api.admin();
    const manager = await api.user(['csp-manager']);
    dabChair = await api.user(['board-member'], undefined, 'Clementine Fictional-Chair');
    await api.post(admin, '/api/boards/dab/members', { userId: dabChair.id }).expect(201);
    for (let i = 0; i < 3; i += 1) await api.post(manager, '/api/reviews', notification()).expect(201);
    await api.post(dabChair, '/api/boards/dab/checkpoints', { note: 'Fictional board meeting' }).expect(201);
    // Reading the trail records itself: some entries after the checkpoint too.
    await api.get(dabChair, '/api/boards/dab/audit').expect(200);
    await api.get(dabChair, '/api/boards/dab/audit').expect(200);
    original = await stored();
  });
  afterAll(() => api.stop());

  afterEach(async () => {
    // Every case leaves the chain as it found it, so the next one starts intact.
    const now = await stored();
    if (JSON.stringify(now) !== JSON.stringify(original)) await storeChain(original);
  });

  it('passes an intact chain with the right count and head, and the stored text is exactly what was hashed', async () => {
    expect(original.length).toBeGreaterThan(10);
    const result = await verify();
    expect(result).toEqual({
      ok: true,
      entries: original.length,
      headHash: original[original.length - 1].hash,
      firstBrokenSeq: null,
      checkpoints: [expect.objectContaining({ board: 'dab', ok: true })],
    });
    // The columns readers see give back the very text hashed, through the product's own definition.
    const rows = (
      await api.db.query(
        'SELECT seq, occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards, prev_hash, hash, canonical FROM audit_entries ORDER BY seq',
      )
    ).rows;
    for (const row of rows) {
      expect(hashOfCanonical(row.canonical)).toBe(row.hash);
      const fields = {
        seq: Number(row.seq),
        occurredAt: row.occurred_at,
        actorId: row.actor_id,
        action: row.action,
        reviewId: row.review_id,
        partnershipId: row.partnership_id,
        changes: row.changes,
        correlationId: row.correlation_id,
        boards: row.boards,
        prevHash: row.prev_hash,
      };
      expect(auditEntryHash(fields)).toBe(row.hash);
    }

    const cli = await auditVerify();
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`Chain: ${original.length} entries verified, unbroken. Head: entry ${original.length}, hash ${result.headHash}.`);
  });

  it('catches one changed byte of an entry’s stored canonical text, and readers see the change too', async () => {
    const target = original[5];
    const at = target.canonical.indexOf('"action":"') + '"action":"'.length;
    const changedByte = target.canonical[at] === 'x' ? 'y' : 'x';
    await api.db.query('BEGIN');
    await api.db.query('SET LOCAL session_replication_role = replica');
    await api.db.query('UPDATE audit_entries SET canonical = overlay(canonical placing $1 from $2 for 1) WHERE seq = $3', [changedByte, at + 1, target.seq]);
    await api.db.query('COMMIT');
    expect((await api.db.query('SELECT action FROM audit_entries WHERE seq = $1', [target.seq])).rows[0].action[0]).toBe(changedByte);

    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 6, entries: 5, headHash: hashAt(5) });
    const cli = await auditVerify();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('Chain: BROKEN at entry 6');
  });

  it('catches a changed byte of an entry’s stored hash', async () => {
    const target = original[8];
    const changed = `${target.hash[0] === '0' ? '1' : '0'}${target.hash.slice(1)}`;
    await api.db.query('BEGIN');
    await api.db.query('SET LOCAL session_replication_role = replica');
    await api.db.query('UPDATE audit_entries SET hash = $1 WHERE seq = $2', [changed, target.seq]);
    await api.db.query('COMMIT');
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 9, entries: 8, headHash: hashAt(8) });
  });

  it('catches a removed entry as a gap, where it was', async () => {
    await storeChain(original.filter((entry) => entry.seq !== 4));
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 4, entries: 3, headHash: hashAt(3) });
    const cli = await auditVerify();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('Chain: BROKEN at entry 4');
  });

  it('catches a swapped pair, even when the forger renumbers both and hashes them again', async () => {
    const [fourth, fifth] = [original[3], original[4]];
    const swapped = [...original.slice(0, 3), renumbered(fifth, 4), renumbered(fourth, 5), ...original.slice(5)];
    await storeChain(swapped);
    // Each swapped entry hashes to its hash; the first no longer names the entry before it.
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 4, entries: 3, headHash: hashAt(3) });
  });

  it('catches an entry slipped into the middle, though it is itself correctly linked and hashed', async () => {
    const before = original[6];
    const forged = JSON.parse(before.canonical) as Record<string, unknown>;
    // Key order is unchanged, so this is still canonical text.
    const forgedText = JSON.stringify({ ...forged, action: 'board.updated', prevHash: before.hash, seq: 8 });
    const inserted = [
      ...original.slice(0, 7),
      { canonical: forgedText, hash: hashOfCanonical(forgedText) },
      ...original.slice(7).map((entry) => renumbered(entry, entry.seq + 1)),
    ];
    await storeChain(inserted);
    // The forged entry at 8 verifies on its own; the one after it still names the entry it followed.
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 9, entries: 8 });
  });

  it('passes the stored checkpoint while its entry is intact, fails it past a break, and checks one kept elsewhere', async () => {
    const intact = await verify();
    const [checkpoint] = intact.checkpoints;
    expect(checkpoint).toMatchObject({ board: 'dab', ok: true });
    expect(checkpoint.hash).toBe(hashAt(checkpoint.seq));
    const kept = await auditVerify('--checkpoint', `${checkpoint.seq}:${checkpoint.hash}`, '--checkpoint', `${checkpoint.seq}:${hashAt(1)}`);
    expect(kept.code).toBe(1);
    expect(kept.stdout).toContain(`ok    entry ${checkpoint.seq}  ${checkpoint.hash}  (given)`);
    expect(kept.stdout).toContain(
      `FAIL  entry ${checkpoint.seq}  ${hashAt(1)}  (given): entry ${checkpoint.seq} now has hash ${checkpoint.hash}, not the one kept`,
    );

    await storeChain(original.filter((entry) => entry.seq !== 2));
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, firstBrokenSeq: 2, entries: 1 });
    expect(broken.checkpoints).toEqual([
      { ...checkpoint, ok: false, reason: "the chain is broken at entry 2, before this checkpoint's entry could be checked" },
    ]);

    // Cut short at the checkpoint's entry: what is left verifies, the checkpoint does not.
    await storeChain(original.filter((entry) => entry.seq < checkpoint.seq));
    const cut = await verify();
    expect(cut).toMatchObject({ ok: false, firstBrokenSeq: null, entries: checkpoint.seq - 1 });
    expect(cut.checkpoints[0]).toMatchObject({ ok: false, reason: expect.stringContaining(`the chain ends at entry ${checkpoint.seq - 1}`) });
  });

  it('trusts nothing when a helper the columns are derived through is replaced, and again once it is put back', async () => {
    const definition = (await api.db.query(`SELECT pg_get_functiondef('audit_entry_instant(text)'::regprocedure) AS sql`)).rows[0].sql as string;
    await api.db.query(`CREATE OR REPLACE FUNCTION audit_entry_instant(iso text) RETURNS timestamptz LANGUAGE sql IMMUTABLE AS $$ SELECT now() $$`);
    const result = await verify();
    expect(result).toMatchObject({ ok: false, entries: 0, headHash: null, firstBrokenSeq: 1, reason: expect.stringContaining('audit_entry_instant(text)') });
    await api.db.query(definition);
    expect((await verify()).ok).toBe(true);
  });

  // Last: PostgreSQL cannot give a column its generation expression back.
  it('trusts nothing when a column is cut loose from the hashed text (its generation expression dropped)', async () => {
    await api.db.query('ALTER TABLE audit_entries ALTER COLUMN action DROP EXPRESSION');
    // Now the column could be rewritten without touching the hashed text or its hash.
    await api.db.query('BEGIN');
    await api.db.query('SET LOCAL session_replication_role = replica');
    await api.db.query(`UPDATE audit_entries SET action = 'board.updated' WHERE seq = 3`);
    await api.db.query('COMMIT');

    const result = await verify();
    expect(result).toMatchObject({ ok: false, entries: 0, headHash: null, firstBrokenSeq: 1, reason: expect.stringContaining('action: no longer generated') });
    expect(result.checkpoints).toEqual([expect.objectContaining({ ok: false, reason: result.reason })]);
    const cli = await auditVerify();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain("Chain: BROKEN: the audit table's columns no longer all follow from the hashed text (action: no longer generated)");
    expect(cli.stdout).toContain('Result: FAILED');
  });
});
