import canonicalize from 'canonicalize';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each audit entry keeps the exact text its hash was taken over (issue 19, point 3).
 *
 * - `audit_entries.canonical` (libs/audit): the entry's RFC 8785 canonical JSON, byte for byte what
 *   SHA-256 was run over when it was chained. A verifier then hashes stored bytes instead of
 *   rebuilding the text from a dozen columns, which is what made verification slow.
 * - Every column the application reads (seq, occurred_at, actor_id, action, review_id,
 *   partnership_id, changes, correlation_id, boards, prev_hash) becomes GENERATED ALWAYS AS (...)
 *   STORED from `canonical`, so it can never say something the hashed bytes do not. Only
 *   `canonical` and `hash` are written.
 * - The primary key on `seq` also carries `prev_hash` and `hash` (INCLUDE), for the verifier's
 *   walk along the chain.
 * - Two helper functions, because PostgreSQL calls its text-to-timestamptz and array casts
 *   STABLE: `audit_entry_instant` reads the ISO instant ending in Z that the canonical text holds
 *   (the same whatever the session's time zone or date style) and `audit_entry_boards` turns the
 *   JSON list of board keys into text[].
 *
 * Existing entries are given their canonical text in batches, built from their columns exactly as
 * it was when they were hashed: RFC 8785 (the canonicalize library, which defines the text) over the
 * same ten fields. An entry changed before this migration keeps the text its columns give now,
 * which no longer hashes to its stored hash, so the verifier reports it as before.
 */
export class AuditCanonicalBytes1765400000000 implements MigrationInterface {
  name = 'AuditCanonicalBytes1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_entries ADD COLUMN canonical text`);
    // The table refuses UPDATE to everyone; this one-off backfill is the only exception, in this transaction.
    await q.query(`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete`);
    await backfillCanonical(q);
    await q.query(`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update_delete`);
    await q.query(`ALTER TABLE audit_entries ALTER COLUMN canonical SET NOT NULL`);

    await q.query(`
      CREATE FUNCTION audit_entry_instant(iso text) RETURNS timestamptz LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT iso::timestamptz $$`);
    await q.query(`
      CREATE FUNCTION audit_entry_boards(boards json) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT ARRAY(SELECT json_array_elements_text(boards)) $$`);

    // The policies, the primary key and the review index name columns about to be replaced: kept
    // as they are now and put back on the derived columns.
    const policies = await policiesOfAuditEntries(q);
    for (const policy of policies) await q.query(`DROP POLICY ${policy.policyname} ON audit_entries`);
    await q.query(`DROP INDEX audit_entries_review`);
    await q.query(`ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_pkey`);
    await q.query(`ALTER TABLE audit_entries ${DERIVED.map(([column]) => `DROP COLUMN ${column}`).join(', ')}`);
    // One statement, so the table is rewritten once.
    await q.query(`ALTER TABLE audit_entries ${DERIVED.map(([column, definition]) => `ADD COLUMN ${column} ${definition}`).join(', ')}`);
    // The key carries each entry's links, so the verifier's walk in sequence order reads them from
    // the index alone, not from the wide rows (about half the time of that walk, measured).
    await q.query(`ALTER TABLE audit_entries ADD PRIMARY KEY (seq) INCLUDE (prev_hash, hash)`);
    await q.query(`CREATE INDEX audit_entries_review ON audit_entries (review_id, seq) WHERE review_id IS NOT NULL`);
    for (const policy of policies) await q.query(createPolicy(policy));
  }

  async down(q: QueryRunner): Promise<void> {
    const policies = await policiesOfAuditEntries(q);
    for (const policy of policies) await q.query(`DROP POLICY ${policy.policyname} ON audit_entries`);
    await q.query(`DROP INDEX audit_entries_review`);
    await q.query(`ALTER TABLE audit_entries DROP CONSTRAINT audit_entries_pkey`);
    // Turning a generated column back into a plain one keeps its values.
    for (const [column] of DERIVED) await q.query(`ALTER TABLE audit_entries ALTER COLUMN ${column} DROP EXPRESSION`);
    await q.query(`ALTER TABLE audit_entries DROP COLUMN canonical`);
    await q.query(`ALTER TABLE audit_entries ADD PRIMARY KEY (seq)`);
    await q.query(`CREATE INDEX audit_entries_review ON audit_entries (review_id, seq) WHERE review_id IS NOT NULL`);
    for (const policy of policies) await q.query(createPolicy(policy));
    await q.query(`DROP FUNCTION audit_entry_instant(text)`);
    await q.query(`DROP FUNCTION audit_entry_boards(json)`);
  }
}

// Each column parses the text on its own (PostgreSQL cannot share one parse between generated
// columns); plain json, which only checks the text, is cheaper to parse than jsonb, which builds
// it. `changes` is jsonb, as before, so it is parsed as jsonb.
const entry = `(canonical::json)`;

/** Each column the application reads, and how it follows from the hashed text. */
const DERIVED: [string, string][] = [
  ['seq', `bigint NOT NULL GENERATED ALWAYS AS ((${entry} ->> 'seq')::bigint) STORED`],
  ['occurred_at', `timestamptz NOT NULL GENERATED ALWAYS AS (audit_entry_instant(${entry} ->> 'occurredAt')) STORED`],
  ['actor_id', `uuid GENERATED ALWAYS AS ((${entry} ->> 'actorId')::uuid) STORED`],
  ['action', `text NOT NULL GENERATED ALWAYS AS (${entry} ->> 'action') STORED`],
  ['review_id', `uuid GENERATED ALWAYS AS ((${entry} ->> 'reviewId')::uuid) STORED`],
  ['partnership_id', `uuid GENERATED ALWAYS AS ((${entry} ->> 'partnershipId')::uuid) STORED`],
  ['changes', `jsonb NOT NULL GENERATED ALWAYS AS ((canonical::jsonb) -> 'changes') STORED`],
  ['correlation_id', `text GENERATED ALWAYS AS (${entry} ->> 'correlationId') STORED`],
  ['boards', `text[] NOT NULL GENERATED ALWAYS AS (audit_entry_boards(${entry} -> 'boards')) STORED`],
  ['prev_hash', `text NOT NULL GENERATED ALWAYS AS (${entry} ->> 'prevHash') STORED`],
];

interface PolicyRow {
  policyname: string;
  permissive: string;
  cmd: string;
  roles: string[];
  qual: string | null;
  with_check: string | null;
}

function policiesOfAuditEntries(q: QueryRunner): Promise<PolicyRow[]> {
  return q.query(
    `SELECT policyname, permissive, cmd, roles::text[] AS roles, qual, with_check FROM pg_policies WHERE schemaname = 'public' AND tablename = 'audit_entries'`,
  );
}

function createPolicy(policy: PolicyRow): string {
  return (
    `CREATE POLICY ${policy.policyname} ON audit_entries AS ${policy.permissive} FOR ${policy.cmd} TO ${policy.roles.join(', ')}` +
    (policy.qual === null ? '' : ` USING (${policy.qual})`) +
    (policy.with_check === null ? '' : ` WITH CHECK (${policy.with_check})`)
  );
}

const BACKFILL_BATCH = 5000;

interface StoredRow {
  seq: string | number;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  review_id: string | null;
  partnership_id: string | null;
  changes: unknown;
  correlation_id: string | null;
  boards: string[];
  prev_hash: string;
}

async function backfillCanonical(q: QueryRunner): Promise<void> {
  let after = 0;
  for (;;) {
    const rows: StoredRow[] = await q.query(
      `SELECT seq, occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards, prev_hash
       FROM audit_entries WHERE seq > $1 ORDER BY seq LIMIT $2`,
      [after, BACKFILL_BATCH],
    );
    if (rows.length === 0) return;
    const texts = rows.map(
      (row) =>
        // The fields and forms the entry was hashed with when it was chained (auditEntryHash).
        canonicalize({
          seq: Number(row.seq),
          occurredAt: row.occurred_at.toISOString(),
          actorId: row.actor_id,
          action: row.action,
          reviewId: row.review_id,
          partnershipId: row.partnership_id,
          changes: row.changes,
          correlationId: row.correlation_id,
          boards: row.boards,
          prevHash: row.prev_hash,
        }) ?? '',
    );
    await q.query(
      `UPDATE audit_entries SET canonical = c.canonical FROM unnest($1::bigint[], $2::text[]) AS c(seq, canonical) WHERE audit_entries.seq = c.seq`,
      [rows.map((row) => row.seq), texts],
    );
    after = Number(rows[rows.length - 1].seq);
  }
}
