import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts without an administrator knowing passwords (issue 18.5), owned by libs/identity.
 *
 * - `account_links`: a single-use, time-limited link sent by mail to set one's own password: an
 *   invitation (a new account) or a password reset. Only the SHA-256 of the link's random token is
 *   kept; `used_at` is set when it is used (or when a newer link of the same purpose replaces it).
 * - `totp_factors`: a person's time-based one-time password secret, confirmed once a first valid
 *   code is entered; `last_step` is the time step of the last code accepted, so no code is
 *   accepted twice; `failed_attempts` wrong codes in a row, and codes are refused until
 *   `blocked_until` (guessing a six-digit code must not be a matter of trying them all).
 * - `recovery_codes`: ten single-use codes per enrolment, each kept as its SHA-256 only.
 *
 * Row-level security by partnership as `users`; links and codes are found by their hash as the system.
 */
export class AccountLinksAndSecondFactors1765320000000 implements MigrationInterface {
  name = 'AccountLinksAndSecondFactors1765320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE account_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        user_id uuid NOT NULL REFERENCES users (id),
        purpose text NOT NULL CHECK (purpose IN ('invitation', 'password-reset')),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CHECK (expires_at > created_at)
      )`);
    await q.query(`CREATE INDEX account_links_user ON account_links (user_id, purpose) WHERE used_at IS NULL`);
    await q.query(`
      CREATE TABLE totp_factors (
        user_id uuid PRIMARY KEY REFERENCES users (id),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        secret text NOT NULL,
        created_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        last_step bigint,
        failed_attempts int NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        blocked_until timestamptz
      )`);
    await q.query(`
      CREATE TABLE recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        user_id uuid NOT NULL REFERENCES users (id),
        code_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        used_at timestamptz,
        UNIQUE (user_id, code_hash)
      )`);
    for (const table of ['account_links', 'totp_factors', 'recovery_codes']) {
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO dhr_app, dhr_system`);
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY system_scope ON ${table} TO dhr_system USING (true) WITH CHECK (true)`);
      await q.query(
        `CREATE POLICY tenant_scope ON ${table} TO dhr_app USING (partnership_id = app_partnership()) WITH CHECK (partnership_id = app_partnership())`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recovery_codes`);
    await q.query(`DROP TABLE totp_factors`);
    await q.query(`DROP TABLE account_links`);
  }
}
