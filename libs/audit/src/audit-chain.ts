import { Client } from 'pg';
import { GENESIS_HASH } from './audit-hash';

/**
 * Verification of the audit chain, with no Nest: the api's `GET /api/audit/verify`, the
 * `audit:verify` command line and the benchmark all run exactly this, each handing it a way to
 * open a database connection.
 *
 * Each entry keeps the canonical text its hash was taken over (`audit_entries.canonical`), and
 * every column readers see is generated from that text (migration
 * AuditCanonicalBytes1765400000000). So verifying the chain is hashing stored bytes and following
 * links, which PostgreSQL does where the bytes are, instead of sending a million rows to Node to
 * rebuild each text from its columns:
 * - one parallel scan hashes every entry's canonical text and compares it with its stored hash;
 * - at the same time, on a second connection in the same snapshot, one walk in sequence order
 *   checks that each entry follows the one before (no gap, no repeat) and names its hash;
 * - the catalogue is checked first: every column readers see must still be generated from the
 *   canonical text by the expression the migration gave it, else the columns could say what the
 *   hashed bytes do not, and no entry is trusted.
 */

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
  /**
   * Set only when the table itself was changed so that its columns no longer follow from the
   * hashed text (an expression dropped or replaced): then nothing in it is trusted.
   */
  reason?: string;
}

/** What the stored chain turned out to be, before any checkpoint is weighed. */
export interface ChainFindings {
  /** Entries that verified, from seq 1 on. */
  entries: number;
  /** The first entry that does not verify (the first missing one, for a gap); null when none. */
  firstBrokenSeq: number | null;
  /** Hash of the last entry that verified. */
  headHash: string | null;
  /** The hash of each entry a checkpoint names, among those that verified. */
  hashAt: ReadonlyMap<number, string>;
  reason?: string;
}

/**
 * The verdict: the chain's findings, and each checkpoint against them. A checkpoint passes only
 * when its entry was reached by an unbroken chain and has exactly the hash kept. One beyond the
 * last entry fails: the chain up to there may verify on its own, but entries a board saw have gone.
 */
export function chainVerdict(findings: ChainFindings, checkpoints: CheckpointClaim[]): ChainVerification {
  const results = checkpoints.map((checkpoint) =>
    checkCheckpoint(checkpoint, findings.hashAt.get(checkpoint.seq), findings.entries, findings.firstBrokenSeq, findings.reason),
  );
  return {
    ok: findings.firstBrokenSeq === null && results.every((result) => result.ok),
    entries: findings.entries,
    headHash: findings.headHash,
    firstBrokenSeq: findings.firstBrokenSeq,
    checkpoints: results,
    ...(findings.reason === undefined ? {} : { reason: findings.reason }),
  };
}

function checkCheckpoint(
  checkpoint: CheckpointClaim,
  hashFound: string | undefined,
  verified: number,
  firstBrokenSeq: number | null,
  untrusted: string | undefined,
): CheckpointCheck {
  const fail = (reason: string): CheckpointCheck => ({ ...checkpoint, ok: false, reason });
  if (!Number.isSafeInteger(checkpoint.seq) || checkpoint.seq < 1) return fail('no entry can have that sequence number');
  if (untrusted !== undefined) return fail(untrusted);
  if (hashFound !== undefined) {
    return hashFound === checkpoint.hash ? { ...checkpoint, ok: true } : fail(`entry ${checkpoint.seq} now has hash ${hashFound}, not the one kept`);
  }
  if (firstBrokenSeq !== null) return fail(`the chain is broken at entry ${firstBrokenSeq}, before this checkpoint's entry could be checked`);
  return fail(`the chain ends at entry ${verified}: entry ${checkpoint.seq} and any after it are missing`);
}

/** Runs one SQL statement with positional parameters and returns its rows (pg, TypeORM). */
export type RunSql = (sql: string, parameters: unknown[]) => Promise<Record<string, unknown>[]>;

/** Every checkpoint the boards recorded, oldest first. */
export async function storedCheckpoints(runSql: RunSql): Promise<CheckpointClaim[]> {
  const rows = await runSql('SELECT board_key AS board, seq, hash FROM board_checkpoint_claims ORDER BY recorded_at, seq', []);
  return rows.map((row) => ({ board: row.board as string, seq: Number(row.seq), hash: row.hash as string }));
}

/** A connection the verifier holds for one verification, then gives back. */
export interface VerifierConnection {
  run: RunSql;
  close(): Promise<void>;
}

/** Opens plain `pg` connections to the database at `url`, for a verifier run outside the api. */
export function verifierConnectionsTo(url: string): () => Promise<VerifierConnection> {
  return async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    return { run: async (sql, parameters) => (await client.query(sql, parameters)).rows, close: () => client.end() };
  };
}

/**
 * Verifies the stored chain and every checkpoint the boards recorded, plus any `kept` elsewhere.
 * It opens two connections (`connect` must give ones that may read the whole chain) and reads
 * through both in one snapshot, read only, so checkpoints and chain are seen at one moment.
 */
export async function verifyStoredAuditChain(connect: () => Promise<VerifierConnection>, kept: CheckpointClaim[] = []): Promise<ChainVerification> {
  const opened: VerifierConnection[] = [];
  // `joining`: a snapshot to share, which must be set before anything else in the transaction.
  const open = async (joining?: string): Promise<VerifierConnection> => {
    const connection = await connect();
    opened.push(connection);
    await connection.run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', []);
    if (joining) await connection.run(joining, []);
    // Compiling these two queries costs more than it saves: their time is hashing and walking.
    await connection.run('SET LOCAL jit = off', []);
    return connection;
  };
  try {
    const walker = await open();
    // Its snapshot is taken here, before the second connection joins it.
    const checkpoints = [...(await storedCheckpoints(walker.run)), ...kept];
    const changed = await derivationChanges(walker.run);
    if (changed.length > 0) {
      const reason = `the audit table's columns no longer all follow from the hashed text (${changed.join('; ')}), so no entry can be trusted`;
      return chainVerdict({ entries: 0, firstBrokenSeq: 1, headHash: null, hashAt: new Map(), reason }, checkpoints);
    }
    const [{ snapshot }] = await walker.run('SELECT pg_export_snapshot() AS snapshot', []);
    // A snapshot name is made by PostgreSQL (hex digits and dashes); SET takes no parameters.
    if (!/^[0-9A-F-]+$/i.test(String(snapshot))) throw new Error(`Unexpected snapshot name ${String(snapshot)}`);
    const hasher = await open(`SET TRANSACTION SNAPSHOT '${String(snapshot)}'`);
    const [[hashed], links] = await Promise.all([hasher.run(MISFIT_SQL, []), walker.run(LINKS_SQL, [GENESIS_HASH])]);
    return chainVerdict(await findings(walker.run, hashed, links[0], checkpoints), checkpoints);
  } finally {
    // Both transactions only read: ending them keeps nothing and loses nothing.
    await Promise.all(
      opened.map(async (connection) => {
        await connection.run('ROLLBACK', []).catch(() => undefined);
        await connection.close();
      }),
    );
  }
}

/**
 * Every entry whose canonical text does not hash to its stored hash: the first of them, and how
 * many entries there are. A plain aggregate over the table, so PostgreSQL spreads it across its
 * parallel workers. The text is hashed as UTF-8, as the chainer hashed it.
 */
const MISFIT_SQL = `
  SELECT count(*) AS entries,
         min(seq) FILTER (WHERE encode(sha256(convert_to(canonical, 'UTF8')), 'hex') IS DISTINCT FROM hash) AS first_misfit
  FROM audit_entries WHERE seq > 0`;

/**
 * The first place, walking in sequence order, where an entry is not the next number or does not
 * name the hash of the entry before it (the first names the genesis hash); `before` is the hash
 * of the entry before that place.
 */
const LINKS_SQL = `
  SELECT place, before FROM (
    SELECT seq, prev_hash, row_number() OVER walk AS place, lag(hash, 1, $1) OVER walk AS before
    FROM audit_entries WHERE seq > 0 WINDOW walk AS (ORDER BY seq)
  ) chain
  WHERE seq <> place OR prev_hash IS DISTINCT FROM before
  LIMIT 1`;

/**
 * Where the chain first breaks, from the two scans. Before the first broken link every entry sits
 * at the place its number says, so the first entry whose hash is wrong, if it comes earlier, is
 * also the first place that breaks.
 */
async function findings(
  runSql: RunSql,
  hashed: Record<string, unknown>,
  link: Record<string, unknown> | undefined,
  checkpoints: CheckpointClaim[],
): Promise<ChainFindings> {
  const firstMisfit = hashed.first_misfit === null ? null : Number(hashed.first_misfit);
  const firstBadLink = link === undefined ? null : Number(link.place);
  const breaks = [firstMisfit, firstBadLink].filter((seq): seq is number => seq !== null);
  const firstBrokenSeq = breaks.length > 0 ? Math.min(...breaks) : null;
  const entries = firstBrokenSeq === null ? Number(hashed.entries) : firstBrokenSeq - 1;
  const wanted = [entries, ...checkpoints.map((checkpoint) => checkpoint.seq).filter((seq) => Number.isSafeInteger(seq) && seq >= 1 && seq <= entries)];
  const rows = entries > 0 ? await runSql('SELECT seq, hash FROM audit_entries WHERE seq = ANY($1::bigint[])', [wanted]) : [];
  const hashAt = new Map(rows.map((row) => [Number(row.seq), String(row.hash)]));
  // When the walk itself broke first, it already read the hash before the break.
  const headHash = entries === 0 ? null : firstBrokenSeq !== null && firstBrokenSeq === firstBadLink ? String(link?.before) : (hashAt.get(entries) ?? null);
  return { entries, firstBrokenSeq, headHash, hashAt };
}

/**
 * How each column readers see is generated from `canonical`, as PostgreSQL writes the expression
 * back (migration AuditCanonicalBytes1765400000000), and the helpers two of them call.
 */
const DERIVED_COLUMNS: Record<string, string> = {
  seq: `(canonical::json ->> 'seq'::text)::bigint`,
  occurred_at: `audit_entry_instant(canonical::json ->> 'occurredAt'::text)`,
  actor_id: `(canonical::json ->> 'actorId'::text)::uuid`,
  action: `canonical::json ->> 'action'::text`,
  review_id: `(canonical::json ->> 'reviewId'::text)::uuid`,
  partnership_id: `(canonical::json ->> 'partnershipId'::text)::uuid`,
  changes: `canonical::jsonb -> 'changes'::text`,
  correlation_id: `canonical::json ->> 'correlationId'::text`,
  boards: `audit_entry_boards(canonical::json -> 'boards'::text)`,
  prev_hash: `canonical::json ->> 'prevHash'::text`,
};
const DERIVATION_HELPERS: Record<string, string> = {
  'audit_entry_instant(text)': 'SELECT iso::timestamptz',
  'audit_entry_boards(json)': 'SELECT ARRAY(SELECT json_array_elements_text(boards))',
};

/** What no longer matches: a column not generated, or by another expression; a helper changed. */
async function derivationChanges(runSql: RunSql): Promise<string[]> {
  const columns = await runSql(
    `SELECT a.attname AS name, a.attgenerated = 's' AS generated, pg_get_expr(d.adbin, d.adrelid, true) AS expression
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = 'audit_entries'::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
    [],
  );
  const helpers = await runSql(
    `SELECT h.signature, p.prosrc AS source, p.provolatile = 'i' AS immutable
     FROM unnest($1::text[]) AS h(signature) LEFT JOIN pg_proc p ON p.oid = to_regprocedure(h.signature)`,
    [Object.keys(DERIVATION_HELPERS)],
  );
  const byName = new Map(columns.map((column) => [String(column.name), column]));
  const changes = Object.entries(DERIVED_COLUMNS).flatMap(([name, expression]) => {
    const column = byName.get(name);
    if (!column) return [`${name}: missing`];
    if (column.generated !== true) return [`${name}: no longer generated`];
    return column.expression === expression ? [] : [`${name}: generated by another expression`];
  });
  for (const helper of helpers) {
    const signature = String(helper.signature);
    if (typeof helper.source !== 'string' || helper.source.trim() !== DERIVATION_HELPERS[signature] || helper.immutable !== true) {
      changes.push(`${signature}: missing or changed`);
    }
  }
  return changes;
}
