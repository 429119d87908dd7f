import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The same tenancy as `TenantRowSecurity1764576000000`, in a form the planner can use indexes for
 * (issue 7: at national scale the first form turned every look at `reviews` into a scan of all of
 * them, twenty thousand rows for a page of eight).
 *
 * - The system scope (the worker, sign-in, start-up) is now a role of its own, `dhr_system`, with
 *   the application role's privileges and policies that pass every row. Before, it was an `OR
 *   app_is_system()` in every policy of `dhr_app`, and an OR with something no index answers
 *   stops PostgreSQL combining indexes. `libs/database/src/tenancy.ts` switches a pooled
 *   connection between the two roles with the scope; whoever logs in must be granted both.
 * - Which reviews a partnership sees (its own and those it contributes to) is decided by one
 *   function, `app_review_ids()`, read once per statement as an array; `reviews`, `deaths` and
 *   every table hanging off a review compare against it with `= ANY (...)`, which an index on
 *   the review's id can answer. The functions are PL/pgSQL so that each connection plans their
 *   queries once, not at every statement.
 *
 * What crosses a partnership's edge is unchanged; `test/tenancy.e2e-spec.ts` holds it to that.
 */
export class IndexableTenancy1764662400000 implements MigrationInterface {
  name = 'IndexableTenancy1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dhr_system') THEN CREATE ROLE dhr_system NOLOGIN; END IF;
      END $$`);
    await q.query(`GRANT dhr_system TO CURRENT_USER`);
    // Exactly the application role's privileges: the system scope sees more rows, never does more.
    await q.query(`GRANT USAGE ON SCHEMA public TO dhr_system`);
    const grants: { table_name: string; privilege_type: string }[] = await q.query(
      `SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = 'dhr_app' AND table_schema = 'public'`,
    );
    for (const { table_name, privilege_type } of grants) await q.query(`GRANT ${privilege_type} ON ${table_name} TO dhr_system`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dhr_system`);

    await q.query(`
      CREATE FUNCTION app_review_ids() RETURNS uuid[] LANGUAGE plpgsql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp
      AS $$ BEGIN
        RETURN array(SELECT id FROM reviews WHERE partnership_id = app_partnership()
                     UNION SELECT review_id FROM review_contributors WHERE partnership_id = app_partnership());
      END $$`);
    await q.query(`
      CREATE FUNCTION app_death_ids() RETURNS uuid[] LANGUAGE plpgsql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp
      AS $$ BEGIN
        RETURN array(SELECT death_id FROM reviews WHERE id = ANY (app_review_ids()));
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION app_review_ids(), app_death_ids() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION app_review_ids(), app_death_ids() TO dhr_app, dhr_system`);
    await q.query(`GRANT EXECUTE ON FUNCTION app_partnership(), app_is_system(), app_shared_review_ids(), audit_chain_head() TO dhr_system`);

    const tables: { tablename: string }[] = await q.query(`SELECT DISTINCT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'system_scope'`);
    for (const { tablename } of tables) {
      await q.query(`DROP POLICY system_scope ON ${tablename}`);
      await q.query(`CREATE POLICY system_scope ON ${tablename} TO dhr_system USING (true) WITH CHECK (true)`);
    }

    for (const [table, policy, expression] of newPolicies()) await replacePolicy(q, table, policy, expression);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, policy, expression] of oldPolicies()) await replacePolicy(q, table, policy, expression);
    const tables: { tablename: string }[] = await q.query(`SELECT DISTINCT tablename FROM pg_policies WHERE schemaname = 'public' AND policyname = 'system_scope'`);
    for (const { tablename } of tables) {
      await q.query(`DROP POLICY system_scope ON ${tablename}`);
      await q.query(`CREATE POLICY system_scope ON ${tablename} TO dhr_app USING (app_is_system()) WITH CHECK (app_is_system())`);
    }
    await q.query(`DROP FUNCTION app_death_ids(), app_review_ids()`);
    await q.query(`DROP OWNED BY dhr_system`);
  }
}

type PolicyChange = [table: string, policy: 'tenant_scope' | 'tenant_read', expression: string];

/** Tables whose rows belong to the review they hang off. */
const REVIEW_CHILDREN = [
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
];

function newPolicies(): PolicyChange[] {
  // A scalar subquery, so the array is worked out once per statement (an InitPlan), not per row.
  const visibleReview = (column: string) => `${column} = ANY ((SELECT app_review_ids())::uuid[])`;
  const own = `partnership_id = app_partnership()`;
  return [
    ['reviews', 'tenant_scope', `${own} OR ${visibleReview('id')}`],
    ['deaths', 'tenant_scope', `${own} OR id = ANY ((SELECT app_death_ids())::uuid[])`],
    ...REVIEW_CHILDREN.map((table): PolicyChange => [table, 'tenant_scope', visibleReview('review_id')]),
    ['audit_entries', 'tenant_read', `${own} OR ${visibleReview('review_id')}`],
    ['outbox_messages', 'tenant_scope', `${own} OR ${visibleReview('review_id')}`],
  ];
}

function oldPolicies(): PolicyChange[] {
  const reviewVisible = `review_id IN (SELECT id FROM reviews)`;
  const ownOrReview = `partnership_id = app_partnership() OR ${reviewVisible}`;
  return [
    ['reviews', 'tenant_scope', `partnership_id = app_partnership() OR id IN (SELECT app_shared_review_ids())`],
    ['deaths', 'tenant_scope', `partnership_id = app_partnership() OR id IN (SELECT death_id FROM reviews)`],
    ...REVIEW_CHILDREN.map((table): PolicyChange => [table, 'tenant_scope', reviewVisible]),
    ['audit_entries', 'tenant_read', ownOrReview],
    ['outbox_messages', 'tenant_scope', ownOrReview],
  ];
}

async function replacePolicy(q: QueryRunner, table: string, policy: PolicyChange[1], expression: string): Promise<void> {
  await q.query(`DROP POLICY ${policy} ON ${table}`);
  if (policy === 'tenant_read') {
    await q.query(`CREATE POLICY tenant_read ON ${table} FOR SELECT TO dhr_app USING (${expression})`);
  } else {
    await q.query(`CREATE POLICY tenant_scope ON ${table} TO dhr_app USING (${expression}) WITH CHECK (${expression})`);
  }
}
