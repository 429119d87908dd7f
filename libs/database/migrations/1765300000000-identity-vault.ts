import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Protected identities encrypted at rest (issue 18.8), owned by libs/identity-vault (the keys)
 * and by each table's own library (the sealed values).
 *
 * - `identity_data_keys`: one data key per partnership, stored only wrapped under a
 *   key-encryption key kept outside the database (IDENTITY_KEYS); `kek_id` names which. A
 *   rotation wraps it again under another (only those columns may change). Row-level security as
 *   every table: the partnership's own row only.
 * - `death_identities.victim_name`, `protected_identities.name` and `date_of_birth`,
 *   `family_member_identities.real_name`: each gets a `_sealed` column (AES-256-GCM under the
 *   partnership's data key, `v1:<key>:<iv>:<data>:<tag>`) and names a `_index` (HMAC-SHA-256
 *   blind index of the whole name and each part, for subject access). The plaintext columns are
 *   kept only so that rows written before this release can be sealed: each owning library seals
 *   them at start and empties them, and a check allows a name in one form or the other, never both.
 * - `audit_data_keys` (libs/audit): each key is now stored wrapped under the same key-encryption
 *   keys, `kek_id` naming which (null: a key stored in clear before, wrapped by libs/audit at start).
 */
export class IdentityVault1765300000000 implements MigrationInterface {
  name = 'IdentityVault1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity_data_keys (
        id uuid PRIMARY KEY,
        partnership_id uuid NOT NULL UNIQUE REFERENCES partnerships (id),
        kek_id text NOT NULL,
        wrapped_key bytea NOT NULL,
        created_at timestamptz NOT NULL,
        rewrapped_at timestamptz
      )`);
    for (const role of ['dhr_app', 'dhr_system']) {
      await q.query(`GRANT SELECT, INSERT, UPDATE (kek_id, wrapped_key, rewrapped_at) ON identity_data_keys TO ${role}`);
      await q.query(`GRANT UPDATE ON protected_identities TO ${role}`);
    }
    await q.query(`ALTER TABLE identity_data_keys ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY system_scope ON identity_data_keys TO dhr_system USING (true) WITH CHECK (true)`);
    await q.query(
      `CREATE POLICY tenant_scope ON identity_data_keys TO dhr_app USING (partnership_id = app_partnership()) WITH CHECK (partnership_id = app_partnership())`,
    );

    const names = [
      { table: 'death_identities', column: 'victim_name' },
      { table: 'protected_identities', column: 'name' },
      { table: 'family_member_identities', column: 'real_name' },
    ];
    for (const { table, column } of names) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN ${column}_sealed text, ADD COLUMN ${column}_index text[] NOT NULL DEFAULT '{}'`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL`);
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_${column}_once CHECK ((${column} IS NULL) <> (${column}_sealed IS NULL))`);
      await q.query(`CREATE INDEX ${table}_${column}_index ON ${table} USING gin (${column}_index)`);
    }
    await q.query(`ALTER TABLE protected_identities ADD COLUMN date_of_birth_sealed text`);
    await q.query(`ALTER TABLE audit_data_keys ADD COLUMN kek_id text, ADD COLUMN rewrapped_at timestamptz`);
    // A key in clear is 32 bytes; wrapped, 60 (IV, tag, key).
    await q.query(`ALTER TABLE audit_data_keys DROP CONSTRAINT audit_data_keys_data_key_check`);
    await q.query(
      `ALTER TABLE audit_data_keys ADD CONSTRAINT audit_data_keys_key_length CHECK (data_key IS NULL OR octet_length(data_key) = CASE WHEN kek_id IS NULL THEN 32 ELSE 60 END)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_data_keys DROP CONSTRAINT audit_data_keys_key_length`);
    await q.query(`ALTER TABLE audit_data_keys DROP COLUMN kek_id, DROP COLUMN rewrapped_at`);
    await q.query(`ALTER TABLE audit_data_keys ADD CONSTRAINT audit_data_keys_data_key_check CHECK (data_key IS NULL OR octet_length(data_key) = 32)`);
    await q.query(`ALTER TABLE protected_identities DROP COLUMN date_of_birth_sealed`);
    for (const [table, column] of [
      ['death_identities', 'victim_name'],
      ['protected_identities', 'name'],
      ['family_member_identities', 'real_name'],
    ]) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_${column}_once, DROP COLUMN ${column}_sealed, DROP COLUMN ${column}_index`);
    }
    await q.query(`DROP TABLE identity_data_keys`);
  }
}
