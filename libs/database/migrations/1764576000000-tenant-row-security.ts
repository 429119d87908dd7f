import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partnerships as tenants, enforced by PostgreSQL itself: row-level security on every table that
 * holds a partnership's data, for the application's role. Each connection the apps take is set
 * (see `libs/database/src/tenancy.ts`) to one partnership (`app.partnership_id`), to the whole
 * system (`app.scope = 'system'`: the worker, sign-in, start-up), or to nothing; a connection set
 * to nothing sees no tenant's rows at all. So a query that forgets its partnership filter returns
 * that partnership's rows only, and a write into another partnership's data is refused.
 *
 * What crosses a partnership's edge on purpose is written here and nowhere else:
 * - a review a partnership contributes to, and everything hanging off it (its death, deadlines,
 *   audit entries, mail, panel and the people and agencies named on it);
 * - the lead partnership sees the people and agencies of partnerships contributing to its reviews
 *   (to appoint them), and a link another partnership made to one of its reviews;
 * - the list of partnerships and the rulesets, which are not any one partnership's.
 *
 * Row-level security binds only `dhr_app`; the migration runner (the owner) and superusers pass.
 */
export class TenantRowSecurity1764576000000 implements MigrationInterface {
  name = 'TenantRowSecurity1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION app_partnership() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT nullif(current_setting('app.partnership_id', true), '')::uuid $$`);
    await q.query(`
      CREATE FUNCTION app_is_system() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT coalesce(current_setting('app.scope', true), '') = 'system' $$`);
    // Runs as the owner, so the reviews policy can consult contributors without the contributors
    // policy consulting reviews in turn (which PostgreSQL refuses as infinite recursion).
    await q.query(`
      CREATE FUNCTION app_shared_review_ids() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp
      AS $$ SELECT review_id FROM review_contributors WHERE partnership_id = app_partnership() $$`);
    // The audit chain is one chain across partnerships: appending needs its true head, which a
    // partnership's own view of the table would not show. Only the sequence number and the hash.
    await q.query(`
      CREATE FUNCTION audit_chain_head(OUT seq bigint, OUT hash text) RETURNS SETOF record LANGUAGE sql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp
      AS $$ SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1 $$`);
    await q.query(`REVOKE ALL ON FUNCTION app_shared_review_ids(), audit_chain_head() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION app_partnership(), app_is_system(), app_shared_review_ids(), audit_chain_head() TO dhr_app`);

    const reviewVisible = `review_id IN (SELECT id FROM reviews)`;
    const ownOrReview = `partnership_id = app_partnership() OR ${reviewVisible}`;
    // Partnerships whose shared reviews this one sees, and those contributing to its own.
    const related = `partnership_id = app_partnership() OR partnership_id IN (SELECT partnership_id FROM reviews) OR partnership_id IN (SELECT partnership_id FROM review_contributors)`;
    const own = `partnership_id = app_partnership()`;

    const policies: { table: string; read: string; write?: string }[] = [
      { table: 'reviews', read: `partnership_id = app_partnership() OR id IN (SELECT app_shared_review_ids())` },
      { table: 'deaths', read: `partnership_id = app_partnership() OR id IN (SELECT death_id FROM reviews)` },
      { table: 'death_identities', read: own },
      ...[
        'deadlines',
        'information_requests',
        'recommendations',
        'recommendation_actions',
        'review_events',
        'review_notices',
        'review_panel_members',
        'review_partners',
        'review_partner_sign_offs',
        'review_pauses',
        'sign_offs',
      ].map((table) => ({ table, read: reviewVisible })),
      // Seen by the contributor itself and by the lead, not by the review's other contributors.
      { table: 'review_contributors', read: `partnership_id = app_partnership() OR review_id IN (SELECT id FROM reviews WHERE partnership_id = app_partnership())` },
      { table: 'review_links', read: `${ownOrReview} OR linked_review_id IN (SELECT id FROM reviews)`, write: ownOrReview },
      ...['deadline_extensions', 'reminder_log', 'reminder_schedule'].map((table) => ({ table, read: `deadline_id IN (SELECT id FROM deadlines)` })),
      { table: 'action_updates', read: `action_id IN (SELECT id FROM recommendation_actions)` },
      // An entry about something of a partnership whose review this one sees (an appointed
      // contributor viewing the lead's death, say) belongs in that partnership's trail.
      { table: 'audit_entries', read: ownOrReview, write: `${ownOrReview} OR partnership_id IN (SELECT partnership_id FROM reviews)` },
      { table: 'outbox_messages', read: ownOrReview },
      {
        table: 'users',
        read: `partnership_id = app_partnership() OR partnership_id IN (SELECT partnership_id FROM review_contributors)
          OR id IN (SELECT chair_user_id FROM reviews) OR id IN (SELECT user_id FROM review_panel_members) OR id IN (SELECT user_id FROM review_partners)`,
        write: own,
      },
      { table: 'agencies', read: related, write: own },
      { table: 'boards', read: related, write: own },
      { table: 'priorities', read: related, write: own },
      ...['board_members', 'board_checkpoints'].map((table) => ({
        table,
        read: `board_id IN (SELECT id FROM boards)`,
        write: `board_id IN (SELECT id FROM boards WHERE partnership_id = app_partnership())`,
      })),
      ...['partnership_review_types', 'reference_counters', 'reminder_settings'].map((table) => ({ table, read: own })),
      { table: 'partnerships', read: 'true', write: `id = app_partnership()` },
      { table: 'rulesets', read: 'true', write: 'false' },
    ];

    for (const { table, read, write } of policies) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY system_scope ON ${table} TO dhr_app USING (app_is_system()) WITH CHECK (app_is_system())`);
      if (write === undefined) {
        await q.query(`CREATE POLICY tenant_scope ON ${table} TO dhr_app USING (${read}) WITH CHECK (${read})`);
        continue;
      }
      await q.query(`CREATE POLICY tenant_read ON ${table} FOR SELECT TO dhr_app USING (${read})`);
      await q.query(`CREATE POLICY tenant_insert ON ${table} FOR INSERT TO dhr_app WITH CHECK (${write})`);
      await q.query(`CREATE POLICY tenant_update ON ${table} FOR UPDATE TO dhr_app USING (${write}) WITH CHECK (${write})`);
      await q.query(`CREATE POLICY tenant_delete ON ${table} FOR DELETE TO dhr_app USING (${write})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const tables: { tablename: string }[] = await q.query(`SELECT DISTINCT tablename FROM pg_policies WHERE schemaname = 'public'`);
    for (const { tablename } of tables) {
      for (const policy of ['system_scope', 'tenant_scope', 'tenant_read', 'tenant_insert', 'tenant_update', 'tenant_delete']) {
        await q.query(`DROP POLICY IF EXISTS ${policy} ON ${tablename}`);
      }
      await q.query(`ALTER TABLE ${tablename} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`DROP FUNCTION audit_chain_head(), app_shared_review_ids(), app_is_system(), app_partnership()`);
  }
}
