import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention and disposal (issue 14.8).
 *
 * - `audit_data_keys` (libs/audit): one random data key per review or death, under which the
 *   personal data in its audit entries is sealed (AES-256-GCM; the entry's hash covers the
 *   ciphertext). Disposal destroys the key (`data_key` set to NULL, `destroyed_at` set): the
 *   entries and their hashes stay, what they sealed can never be read again, and the tombstone
 *   stops a new key being made for the subject. The application may read, add and destroy keys,
 *   never delete the row.
 * - `retention_overrides` (libs/retention): a partnership's own retention period for a review
 *   type (local practice), set by an administrator, in place of the ruleset's.
 * - `legal_holds` (libs/retention): holds on a review (e.g. the IICSA instruction on records
 *   touching child sexual abuse) that stop its disposal while any is not lifted.
 * - `reviews.disposed_at`, `disposed_by` (libs/reviews): when and by whom a review's personal
 *   data was disposed of; the review stays, with its statistical shape. `review_facts` (the
 *   reviews library's published view) gains `disposed_at`.
 */
export class RetentionAndDisposal1764932400000 implements MigrationInterface {
  name = 'RetentionAndDisposal1764932400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviews ADD COLUMN disposed_at timestamptz, ADD COLUMN disposed_by uuid REFERENCES users (id)`);
    await q.query(`
      CREATE OR REPLACE VIEW review_facts WITH (security_invoker = true) AS
      SELECT id, partnership_id, death_id, reference, type, ruleset_key, stage, status, notified_on, stage_entered_on,
             chair_user_id, board_visible, sign_off_round, created_at, disposed_at FROM reviews`);

    await q.query(`
      CREATE TABLE audit_data_keys (
        subject_id uuid PRIMARY KEY,
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        data_key bytea,
        created_at timestamptz NOT NULL,
        destroyed_at timestamptz,
        CHECK ((data_key IS NULL) = (destroyed_at IS NOT NULL)),
        CHECK (data_key IS NULL OR octet_length(data_key) = 32)
      )`);
    await q.query(`
      CREATE TABLE retention_overrides (
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_type text NOT NULL,
        years int NOT NULL CHECK (years BETWEEN 1 AND 100),
        set_by uuid REFERENCES users (id),
        set_at timestamptz NOT NULL,
        PRIMARY KEY (partnership_id, review_type)
      )`);
    await q.query(`
      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        reason text NOT NULL,
        placed_by uuid REFERENCES users (id),
        placed_at timestamptz NOT NULL,
        lifted_by uuid REFERENCES users (id),
        lifted_at timestamptz,
        lift_reason text,
        CHECK ((lifted_at IS NULL) = (lift_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX legal_holds_review ON legal_holds (review_id) WHERE lifted_at IS NULL`);

    for (const role of ['dhr_app', 'dhr_system']) {
      await q.query(`GRANT SELECT, INSERT, UPDATE ON audit_data_keys TO ${role}`);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON retention_overrides TO ${role}`);
      await q.query(`GRANT SELECT, INSERT, UPDATE ON legal_holds TO ${role}`);
    }

    for (const table of ['audit_data_keys', 'retention_overrides', 'legal_holds']) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY system_scope ON ${table} TO dhr_system USING (true) WITH CHECK (true)`);
    }
    const own = `partnership_id = app_partnership()`;
    // A key is read and made by whoever may audit its review or death (a contributing
    // partnership acting on the lead's review too); only the owning partnership destroys it.
    const keyVisible = `${own} OR subject_id = ANY ((SELECT app_review_ids())::uuid[]) OR subject_id = ANY ((SELECT app_death_ids())::uuid[])`;
    await q.query(`CREATE POLICY tenant_read ON audit_data_keys FOR SELECT TO dhr_app USING (${keyVisible})`);
    await q.query(`CREATE POLICY tenant_insert ON audit_data_keys FOR INSERT TO dhr_app WITH CHECK (${keyVisible})`);
    await q.query(`CREATE POLICY tenant_update ON audit_data_keys FOR UPDATE TO dhr_app USING (${own}) WITH CHECK (${own})`);
    for (const table of ['retention_overrides', 'legal_holds']) {
      await q.query(`CREATE POLICY tenant_scope ON ${table} TO dhr_app USING (${own}) WITH CHECK (${own})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE legal_holds`);
    await q.query(`DROP TABLE retention_overrides`);
    await q.query(`DROP TABLE audit_data_keys`);
    await q.query(`DROP VIEW review_facts`);
    await q.query(`
      CREATE VIEW review_facts WITH (security_invoker = true) AS
      SELECT id, partnership_id, death_id, reference, type, ruleset_key, stage, status, notified_on, stage_entered_on,
             chair_user_id, board_visible, sign_off_round, created_at FROM reviews`);
    await q.query(`COMMENT ON VIEW review_facts IS 'Owned by libs/reviews: read it, do not change it from elsewhere.'`);
    await q.query(`GRANT SELECT ON review_facts TO dhr_app, dhr_system`);
    await q.query(`ALTER TABLE reviews DROP COLUMN disposed_by, DROP COLUMN disposed_at`);
  }
}
