import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anonymisation (issue 15.7, "nothing identifying leaves"), all owned by libs/anonymisation.
 *
 * - `protected_identities`: names recorded as protected on a review besides the victim's (whose
 *   real name stays in `death_identities`, the reviews library's): the perpetrator's, family
 *   members', witnesses'. Removed at disposal.
 * - `anonymisation_checks`: each check of a review's documents: who, when, each file's SHA-256
 *   and size, the number of findings and, per finding, only where it is and whose (kind, label,
 *   offset): never the matched text, so the row names no one. A later guard asks whether the
 *   latest version of a document (latest: highest `seq`) was checked and each finding acknowledged.
 * - `anonymisation_acknowledgements`: a finding kept on purpose, with the reason (which may
 *   itself be personal: it is blanked at disposal).
 */
export class Anonymisation1765003600000 implements MigrationInterface {
  name = 'Anonymisation1765003600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE protected_identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        role text NOT NULL CHECK (role IN ('victim', 'perpetrator', 'family-member', 'witness', 'other')),
        name text NOT NULL CHECK (length(btrim(name)) > 0),
        date_of_birth date,
        recorded_by uuid REFERENCES users (id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX protected_identities_review ON protected_identities (review_id)`);
    await q.query(`
      CREATE TABLE anonymisation_checks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        checked_by uuid REFERENCES users (id),
        checked_at timestamptz NOT NULL,
        documents jsonb NOT NULL,
        finding_count int NOT NULL CHECK (finding_count >= 0),
        findings jsonb NOT NULL,
        findings_sha256 text NOT NULL
      )`);
    await q.query(`CREATE INDEX anonymisation_checks_review ON anonymisation_checks (review_id, seq DESC)`);
    await q.query(`
      CREATE TABLE anonymisation_acknowledgements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        check_id uuid NOT NULL REFERENCES anonymisation_checks (id),
        finding_id text NOT NULL,
        reason text NOT NULL,
        acknowledged_by uuid REFERENCES users (id),
        acknowledged_at timestamptz NOT NULL,
        UNIQUE (check_id, finding_id)
      )`);

    const tables = ['protected_identities', 'anonymisation_checks', 'anonymisation_acknowledgements'];
    for (const role of ['dhr_app', 'dhr_system']) {
      await q.query(`GRANT SELECT, INSERT, DELETE ON protected_identities TO ${role}`);
      // A check is a record: never deleted; its acknowledgements' reasons are blanked at disposal.
      await q.query(`GRANT SELECT, INSERT ON anonymisation_checks TO ${role}`);
      await q.query(`GRANT SELECT, INSERT, UPDATE ON anonymisation_acknowledgements TO ${role}`);
    }
    for (const table of tables) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY system_scope ON ${table} TO dhr_system USING (true) WITH CHECK (true)`);
      await q.query(
        `CREATE POLICY tenant_scope ON ${table} TO dhr_app USING (partnership_id = app_partnership()) WITH CHECK (partnership_id = app_partnership())`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE anonymisation_acknowledgements`);
    await q.query(`DROP TABLE anonymisation_checks`);
    await q.query(`DROP TABLE protected_identities`);
  }
}
