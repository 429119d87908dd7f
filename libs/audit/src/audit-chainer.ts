import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { Environment } from '@app/config';
import { SYSTEM_ROLE } from '@app/database';
import { auditEntryHash, GENESIS_HASH } from './audit-hash';

/** Serialises appends to the chain; held to the end of the appending transaction. */
export const AUDIT_CHAIN_LOCK = 7_402_164_002;
/** Journal entries chained in one transaction at most. */
const CHAIN_BATCH = 2000;
/** How often each app also chains what a stopped process left in the journal. */
const SWEEP_EVERY_MS = 5000;

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
 * Moves committed entries from the audit journal into the hash chain, in batches: one lock, one
 * transaction and one flush to disk for every entry committed since the last batch, however many
 * requests wrote them. A request that wrote entries waits (`flush`) until a batch that began
 * after its commit has finished, so its entries are in the chain before it answers.
 *
 * It has a connection of its own, as the system role: it is called when a transaction commits,
 * while that transaction's pooled connection is still held, and must never wait on the pool.
 */
@Injectable()
export class AuditChainer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditChainer.name);
  private readonly pool: Pool;
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private sweeper?: NodeJS.Timeout;

  constructor(env: Environment) {
    this.pool = new Pool({ connectionString: env.DATABASE_URL, max: 1, options: `-c role=${SYSTEM_ROLE}` });
    // An idle connection the server dropped is replaced at the next use; it must not crash the app.
    this.pool.on('error', (error) => this.logger.warn(`Audit chainer connection lost: ${error.message}`));
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.flush().catch((error: Error) => this.logger.warn(`Chaining audit entries failed, will retry: ${error.message}`)), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await this.next?.catch(() => undefined);
    await this.running?.catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Resolves once every journal entry committed before the call is in the chain. Calls while a
   * batch runs share the one batch that starts when it ends.
   */
  flush(): Promise<void> {
    if (!this.running) {
      this.running = this.chainAll().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.flush();
      });
    return this.next;
  }

  private async chainAll(): Promise<void> {
    const client = await this.pool.connect();
    try {
      while ((await this.chainBatch(client)) === CHAIN_BATCH);
    } finally {
      client.release();
    }
  }

  /** Chains up to one batch of the journal, oldest first; returns how many entries it moved. */
  private async chainBatch(client: PoolClient): Promise<number> {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
      const { rows } = await client.query<JournalRow>(
        `SELECT id, occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards
         FROM audit_journal ORDER BY id LIMIT $1`,
        [CHAIN_BATCH],
      );
      if (rows.length === 0) {
        await client.query('COMMIT');
        return 0;
      }
      const [head] = (await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_chain_head()')).rows;
      let seq = head ? Number(head.seq) : 0;
      let prevHash = head ? head.hash : GENESIS_HASH;
      const chained = { ids: [] as number[], seqs: [] as number[], prevHashes: [] as string[], hashes: [] as string[] };
      for (const row of rows) {
        seq += 1;
        // Hashed as the chain will be read back: the journal's stored values, not the caller's.
        const hash = auditEntryHash({
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
        chained.ids.push(row.id);
        chained.seqs.push(seq);
        chained.prevHashes.push(prevHash);
        chained.hashes.push(hash);
        prevHash = hash;
      }
      // The stored values are copied by the database itself, so what was hashed is what is kept.
      await client.query(
        `INSERT INTO audit_entries (seq, occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards, prev_hash, hash)
         SELECT c.seq, j.occurred_at, j.actor_id, j.action, j.review_id, j.partnership_id, j.changes, j.correlation_id, j.boards, c.prev_hash, c.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS c(id, seq, prev_hash, hash)
         JOIN audit_journal j ON j.id = c.id
         ORDER BY c.seq`,
        [chained.ids, chained.seqs, chained.prevHashes, chained.hashes],
      );
      await client.query('DELETE FROM audit_journal WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
