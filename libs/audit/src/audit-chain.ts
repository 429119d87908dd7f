import { auditEntryHash, GENESIS_HASH, HashedAuditFields } from './audit-hash';

/**
 * Verification of the audit chain, with no Nest and no database: the api's `GET /api/audit/verify`
 * and the `audit:verify` command line both run exactly this, each handing it a way to run SQL.
 */

/** An entry as stored: the fields its hash covers and the hash it claims. */
export interface StoredAuditEntry extends HashedAuditFields {
  hash: string;
}

/** A chain head someone kept: the entry with this seq must still exist and have this hash. */
export interface CheckpointClaim {
  /** The board that recorded it; absent for one given on the command line. */
  board?: string;
  seq: number;
  hash: string;
}

export interface CheckpointCheck extends CheckpointClaim {
  ok: boolean;
  /** Why it failed. */
  reason?: string;
}

export interface ChainVerification {
  ok: boolean;
  /** Entries that verified, from seq 1 on. */
  entries: number;
  headHash: string | null;
  firstBrokenSeq: number | null;
  checkpoints: CheckpointCheck[];
}

/**
 * Walks the chain in sequence order: each entry must follow the one before (no gap), point at its
 * hash and hash to what it says; the walk stops at the first entry that does not. A checkpoint
 * passes only when its entry was reached by an unbroken chain and has exactly the hash kept. One
 * beyond the last entry fails: the chain up to there may verify on its own, but entries a board
 * saw have gone.
 */
export async function verifyAuditChain(
  entries: AsyncIterable<StoredAuditEntry> | Iterable<StoredAuditEntry>,
  checkpoints: CheckpointClaim[] = [],
): Promise<ChainVerification> {
  const checkpointSeqs = new Set(checkpoints.map((checkpoint) => checkpoint.seq));
  const hashAtCheckpoint = new Map<number, string>();
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let firstBrokenSeq: number | null = null;
  for await (const entry of entries) {
    const intact = entry.seq === expectedSeq && entry.prevHash === previousHash && auditEntryHash(entry) === entry.hash;
    if (!intact) {
      firstBrokenSeq = expectedSeq;
      break;
    }
    if (checkpointSeqs.has(entry.seq)) hashAtCheckpoint.set(entry.seq, entry.hash);
    previousHash = entry.hash;
    expectedSeq += 1;
  }
  const verified = expectedSeq - 1;
  const results = checkpoints.map((checkpoint) => checkCheckpoint(checkpoint, hashAtCheckpoint.get(checkpoint.seq), verified, firstBrokenSeq));
  return {
    ok: firstBrokenSeq === null && results.every((result) => result.ok),
    entries: verified,
    headHash: verified > 0 ? previousHash : null,
    firstBrokenSeq,
    checkpoints: results,
  };
}

function checkCheckpoint(checkpoint: CheckpointClaim, hashFound: string | undefined, verified: number, firstBrokenSeq: number | null): CheckpointCheck {
  const fail = (reason: string): CheckpointCheck => ({ ...checkpoint, ok: false, reason });
  if (!Number.isSafeInteger(checkpoint.seq) || checkpoint.seq < 1) return fail('no entry can have that sequence number');
  if (hashFound !== undefined) {
    return hashFound === checkpoint.hash ? { ...checkpoint, ok: true } : fail(`entry ${checkpoint.seq} now has hash ${hashFound}, not the one kept`);
  }
  if (firstBrokenSeq !== null) return fail(`the chain is broken at entry ${firstBrokenSeq}, before this checkpoint's entry could be checked`);
  return fail(`the chain ends at entry ${verified}: entry ${checkpoint.seq} and any after it are missing`);
}

/** Runs one SQL statement with positional parameters and returns its rows (pg, TypeORM). */
export type RunSql = (sql: string, parameters: unknown[]) => Promise<Record<string, unknown>[]>;

const CHAIN_BATCH_SQL = `
  SELECT seq, occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards, prev_hash, hash
  FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2`;

/**
 * The chain in sequence order, read in batches by seq so that a chain of millions of entries is
 * never held in memory at once. The next batch is asked for before this one is checked, so the
 * database reads while the hashes are worked out.
 */
export async function* auditEntriesInOrder(runSql: RunSql, batchSize = 5000): AsyncGenerator<StoredAuditEntry> {
  let batch = runSql(CHAIN_BATCH_SQL, [0, batchSize]);
  for (;;) {
    const rows = await batch;
    const full = rows.length === batchSize;
    if (full) {
      batch = runSql(CHAIN_BATCH_SQL, [Number(rows[rows.length - 1].seq), batchSize]);
      // Awaited on the next turn; marked handled now in case the walk stops at a broken entry first.
      batch.catch(() => undefined);
    }
    for (const row of rows) yield storedEntry(row);
    if (!full) return;
  }
}

// Read straight from the row, so nothing the application holds stands between table and check.
function storedEntry(row: Record<string, unknown>): StoredAuditEntry {
  return {
    // bigint arrives as a string from a plain pg client.
    seq: Number(row.seq),
    occurredAt: row.occurred_at as Date,
    actorId: row.actor_id as string | null,
    action: row.action as string,
    reviewId: row.review_id as string | null,
    partnershipId: row.partnership_id as string | null,
    changes: row.changes,
    correlationId: row.correlation_id as string | null,
    boards: row.boards as string[],
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}

/** Every checkpoint the boards recorded, oldest first. */
export async function storedCheckpoints(runSql: RunSql): Promise<CheckpointClaim[]> {
  const rows = await runSql('SELECT board_key AS board, seq, hash FROM board_checkpoint_claims ORDER BY recorded_at, seq', []);
  return rows.map((row) => ({ board: row.board as string, seq: Number(row.seq), hash: row.hash as string }));
}
