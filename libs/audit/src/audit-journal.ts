import { Client, PoolClient } from 'pg';
import { canonicalEntry, GENESIS_HASH, hashOfCanonical } from './audit-hash';

/** Serialises appends to the chain; held to the end of the appending transaction. */
export const AUDIT_CHAIN_LOCK = 7_402_164_002;

interface JournalRow {
  id: number;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  review_id: string | null;
  partnership_id: string | null;
  changes: unknown;
  correlation_id: string | null;
  boards: string[];
}

/**
 * Chains up to one batch of the journal, oldest first, in a transaction of its own on `client`
 * (which must act as the system role); returns how many entries it moved. Plain `pg`, so the
 * benchmark's framework-free baseline runs exactly this too.
 */
export async function chainJournalBatch(client: PoolClient | Client, batchSize: number): Promise<number> {
  await client.query('BEGIN');
  try {
    // Named statements: this runs after every audited request, so each is planned once per connection.
    await client.query({ name: 'audit-chain-lock', text: 'SELECT pg_advisory_xact_lock($1)', values: [AUDIT_CHAIN_LOCK] });
    const { rows } = await client.query<JournalRow>({
      name: 'audit-journal-batch',
      text: `SELECT id, occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards
       FROM audit_journal ORDER BY id LIMIT $1`,
      values: [batchSize],
    });
    if (rows.length === 0) {
      await client.query('COMMIT');
      return 0;
    }
    const [head] = (await client.query<{ seq: string; hash: string }>({ name: 'audit-chain-head', text: 'SELECT seq, hash FROM audit_chain_head()' })).rows;
    let seq = head ? Number(head.seq) : 0;
    let prevHash = head ? head.hash : GENESIS_HASH;
    const chained = { canonicals: [] as string[], hashes: [] as string[] };
    for (const row of rows) {
      seq += 1;
      // Hashed as the chain will be read back: the journal's stored values, not the caller's.
      const canonical = canonicalEntry({
        seq,
        occurredAt: row.occurred_at,
        actorId: row.actor_id,
        action: row.action,
        reviewId: row.review_id,
        partnershipId: row.partnership_id,
        changes: row.changes,
        correlationId: row.correlation_id,
        boards: row.boards,
        prevHash,
      });
      const hash = hashOfCanonical(canonical);
      chained.canonicals.push(canonical);
      chained.hashes.push(hash);
      prevHash = hash;
    }
    // The exact text hashed is what is kept; every column readers see is derived from it by the
    // database (GENERATED ... STORED, migration AuditCanonicalBytes1765400000000).
    await client.query({
      name: 'audit-chain-append',
      text: `INSERT INTO audit_entries (canonical, hash)
       SELECT c.canonical, c.hash FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS c(canonical, hash, n) ORDER BY c.n`,
      values: [chained.canonicals, chained.hashes],
    });
    await client.query({ name: 'audit-journal-clear', text: 'DELETE FROM audit_journal WHERE id = ANY($1::bigint[])', values: [rows.map((row) => row.id)] });
    await client.query('COMMIT');
    return rows.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Chains the whole journal with one connection, one batch at a time, and shares the work: a call
 * while a run is under way resolves after the next run, which starts when that one ends, so every
 * entry committed before the call is chained when it resolves, and any number of callers cost one
 * run. `connect` lends a connection acting as the system role.
 */
export function journalChainer(connect: () => Promise<PoolClient>, batchSize: number): () => Promise<void> {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const runOnce = async () => {
    const client = await connect();
    try {
      while ((await chainJournalBatch(client, batchSize)) === batchSize);
    } finally {
      client.release();
    }
  };
  const flush = (): Promise<void> => {
    if (!running) {
      running = runOnce().finally(() => {
        running = null;
      });
      return running;
    }
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return flush();
      });
    return next;
  };
  return flush;
}
