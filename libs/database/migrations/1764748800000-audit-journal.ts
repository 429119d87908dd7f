import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries are written to a journal in the transaction of the change (or read) they record,
 * with no lock, and chained from it in batches (issue 7). Before, every audited request took the
 * chain's one lock and held it through its commit, so every reader and writer of every
 * partnership queued behind each other's disk flush.
 *
 * - `audit_journal` holds entries committed but not yet chained: the application role may only
 *   add to it (no reading, changing or removing), so an entry, once its change commits, is bound
 *   for the chain.
 * - The chainer (`libs/audit/src/audit-chainer.ts`) runs as the system role: under the chain's
 *   lock it moves every committed journal entry into `audit_entries`, in journal order, hashing
 *   each onto the one before, in one transaction per batch; the request that wrote an entry waits
 *   for its batch before it answers, so the trail a caller reads next already has it.
 * - Only the chainer appends to `audit_entries` now: the application role loses INSERT on it.
 */
export class AuditJournal1764748800000 implements MigrationInterface {
  name = 'AuditJournal1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_journal (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        action text NOT NULL,
        review_id uuid,
        partnership_id uuid,
        changes jsonb NOT NULL,
        correlation_id text,
        boards text[] NOT NULL
      )`);
    await q.query(`GRANT INSERT ON audit_journal TO dhr_app`);
    await q.query(`GRANT USAGE ON SEQUENCE audit_journal_id_seq TO dhr_app, dhr_system`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON audit_journal TO dhr_system`);
    await q.query(`REVOKE INSERT ON audit_entries FROM dhr_app`);

    await q.query(`ALTER TABLE audit_journal ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY system_scope ON audit_journal TO dhr_system USING (true) WITH CHECK (true)`);
    // The same rule as an entry of the chain: about the partnership's own things, or a review it sees.
    await q.query(`
      CREATE POLICY tenant_insert ON audit_journal FOR INSERT TO dhr_app WITH CHECK (
        partnership_id = app_partnership() OR review_id = ANY ((SELECT app_review_ids())::uuid[])
        OR partnership_id IN (SELECT partnership_id FROM reviews))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT INSERT ON audit_entries TO dhr_app`);
    await q.query(`DROP TABLE audit_journal`);
  }
}
