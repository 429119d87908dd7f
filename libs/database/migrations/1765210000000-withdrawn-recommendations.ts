import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recommendation, or an action of its plan, withdrawn rather than deleted (issue 17.2).
 *
 * - `recommendations.withdrawn_at`, `withdrawn_by`, `withdrawn_reason` and the same on
 *   `recommendation_actions` (libs/recommendations): when, by whom and why it was withdrawn. The
 *   row stays, with its number, text and progress history; a withdrawn one is shown as such and
 *   changed no more. The reason is free text, blanked at disposal like the rest. The tables'
 *   grants and row-level security already cover new columns.
 */
export class WithdrawnRecommendations1765210000000 implements MigrationInterface {
  name = 'WithdrawnRecommendations1765210000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['recommendations', 'recommendation_actions']) {
      await q.query(
        `ALTER TABLE ${table} ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawn_by uuid REFERENCES users (id), ADD COLUMN withdrawn_reason text`,
      );
      await q.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_withdrawn_with_reason CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['recommendation_actions', 'recommendations']) {
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_withdrawn_with_reason`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN withdrawn_reason, DROP COLUMN withdrawn_by, DROP COLUMN withdrawn_at`);
    }
  }
}
