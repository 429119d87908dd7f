import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in that resists guessing, and sessions and tokens that end (issue 18.3 and 18.7), owned by
 * libs/identity.
 *
 * - `users.failed_sign_ins`: failed sign-ins in a row since the last good one; `locked_until`:
 *   the account refuses every sign-in until then (set when the failures reach the limit, cleared
 *   by an administrator or by a good sign-in after it).
 * - `users.token_generation`: carried in every bearer token (`gen`); "sign out everywhere" adds
 *   one, so every token issued before it is refused.
 * - `web_sessions`: one row per signed-in web session, named by the id in its signed cookie.
 *   Signing out deletes the row, so a copied cookie no longer works; "sign out everywhere"
 *   deletes every row of the account. `last_seen_at` (by the product's clock, a minute at a
 *   time) lets the server end an idle session itself.
 */
export class SignInSecurity1765310000000 implements MigrationInterface {
  name = 'SignInSecurity1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN failed_sign_ins int NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
        ADD COLUMN locked_until timestamptz,
        ADD COLUMN token_generation int NOT NULL DEFAULT 0 CHECK (token_generation >= 0)`);
    await q.query(`
      CREATE TABLE web_sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX web_sessions_user ON web_sessions (user_id)`);
    await q.query(`CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen_at)`);
    for (const role of ['dhr_app', 'dhr_system']) {
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON web_sessions TO ${role}`);
    }
    await q.query(`ALTER TABLE web_sessions ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY system_scope ON web_sessions TO dhr_system USING (true) WITH CHECK (true)`);
    await q.query(
      `CREATE POLICY tenant_scope ON web_sessions TO dhr_app USING (partnership_id = app_partnership()) WITH CHECK (partnership_id = app_partnership())`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE web_sessions`);
    await q.query(`ALTER TABLE users DROP COLUMN token_generation, DROP COLUMN locked_until, DROP COLUMN failed_sign_ins`);
  }
}
