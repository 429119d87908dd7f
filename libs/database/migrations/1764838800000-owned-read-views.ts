import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data has one owner (issue 13): a lib reads another lib's tables only through that lib's service
 * or a view the owner publishes here. Each view below belongs to the lib named beside it (the map
 * scripts/table-ownership.ts checks); only that lib changes its definition, and may change its
 * tables freely as long as the view keeps its columns.
 *
 * - Every view is `security_invoker`, so the row-level security of the tables beneath applies to
 *   whoever reads it (`dhr_app` sees its partnership's rows, `dhr_system` every row); a view owned
 *   by the migration runner would otherwise read with the runner's rights and bypass tenancy.
 * - They are plain projections (and one UNION ALL) of a table, so PostgreSQL flattens them into
 *   the query that names them and the tables' indexes answer as before: the visibility rule on
 *   every list stays an index lookup.
 */
const VIEWS: { name: string; owner: string; sql: string }[] = [
  // reviews
  {
    name: 'review_facts',
    owner: 'reviews',
    sql: `SELECT id, partnership_id, death_id, reference, type, ruleset_key, stage, status, notified_on, stage_entered_on,
                 chair_user_id, board_visible, sign_off_round, created_at FROM reviews`,
  },
  {
    name: 'review_appointments',
    owner: 'reviews',
    sql: `SELECT review_id, user_id, 'panel-member'::text AS appointment, agency_id FROM review_panel_members
          UNION ALL SELECT review_id, user_id, 'review-partner'::text, agency_id FROM review_partners`,
  },
  { name: 'review_contributions', owner: 'reviews', sql: `SELECT review_id, partnership_id FROM review_contributors` },
  { name: 'information_request_facts', owner: 'reviews', sql: `SELECT id, review_id, agency_id FROM information_requests` },
  { name: 'review_pause_periods', owner: 'reviews', sql: `SELECT review_id, started_on, ended_on FROM review_pauses` },
  { name: 'review_stage_moves', owner: 'reviews', sql: `SELECT id, review_id, to_stage, occurred_on FROM review_events` },
  { name: 'death_facts', owner: 'reviews', sql: `SELECT id, partnership_id, victim_pseudonym FROM deaths` },
  {
    name: 'board_sign_off_votes',
    owner: 'reviews',
    sql: `SELECT review_id, round, board_key, signed_by, decision, withdrawn_at IS NOT NULL AS withdrawn FROM sign_offs`,
  },
  // recommendations
  {
    name: 'recommendation_action_facts',
    owner: 'recommendations',
    sql: `SELECT id, review_id, recommendation_id, owning_agency_id, lead_user_id, deadline_id, description, status,
                 status NOT IN ('complete', 'cannot-complete') AS open, created_at FROM recommendation_actions`,
  },
  { name: 'action_update_facts', owner: 'recommendations', sql: `SELECT id, action_id, on_date, status FROM action_updates` },
  { name: 'recommendation_facts', owner: 'recommendations', sql: `SELECT id, review_id, number, themes FROM recommendations` },
  // deadlines
  {
    name: 'deadline_facts',
    owner: 'deadlines',
    sql: `SELECT id, review_id, key, label, due_on, completed_on, cancelled, created_at FROM deadlines`,
  },
  // partnerships
  {
    name: 'board_memberships',
    owner: 'partnerships',
    sql: `SELECT m.board_id, b.key AS board_key, b.partnership_id, m.user_id, m.added_at FROM board_members m JOIN boards b ON b.id = m.board_id`,
  },
  { name: 'agency_facts', owner: 'partnerships', sql: `SELECT id, partnership_id, code, name FROM agencies` },
  { name: 'partnership_facts', owner: 'partnerships', sql: `SELECT id, name FROM partnerships` },
  { name: 'priority_facts', owner: 'partnerships', sql: `SELECT partnership_id, key, name, position FROM priorities` },
  // identity: who to write to, never a password hash
  { name: 'user_contacts', owner: 'identity', sql: `SELECT id, partnership_id, agency_id, name, email, roles, active FROM users` },
  // boards
  {
    name: 'board_checkpoint_claims',
    owner: 'boards',
    sql: `SELECT b.partnership_id, b.key AS board_key, c.seq, c.hash, c.recorded_at FROM board_checkpoints c JOIN boards b ON b.id = c.board_id`,
  },
];

export class OwnedReadViews1764838800000 implements MigrationInterface {
  name = 'OwnedReadViews1764838800000';

  async up(q: QueryRunner): Promise<void> {
    for (const view of VIEWS) {
      await q.query(`CREATE VIEW ${view.name} WITH (security_invoker = true) AS ${view.sql}`);
      await q.query(`COMMENT ON VIEW ${view.name} IS 'Owned by libs/${view.owner}: read it, do not change it from elsewhere.'`);
      await q.query(`GRANT SELECT ON ${view.name} TO dhr_app, dhr_system`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const view of [...VIEWS].reverse()) await q.query(`DROP VIEW ${view.name}`);
  }
}
