import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pauses move only what a pause can move (issue 14): each deadline records whether a pause of
 * its review moves it, as its ruleset said when it was opened. A statutory notice (to the Home
 * Office, the Secretary of State, the Domestic Abuse Commissioner) keeps running while the review
 * is paused. Deadlines opened before now keep the rule they ran under: every clock moved.
 *
 * Deaths record the suspect's age, which the Domestic Abuse Act 2021 definition a Domestic Abuse
 * Related Death Review follows needs (both people aged 16 or over).
 *
 * `deadline_facts` (owned by libs/deadlines) gains the column at its end, so every reader of the
 * view keeps the columns it had.
 */
export class PauseProofClocks1764925200000 implements MigrationInterface {
  name = 'PauseProofClocks1764925200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines ADD COLUMN moved_by_pause boolean NOT NULL DEFAULT true`);
    // The Domestic Abuse Act 2021 definition a DARDR follows needs both people aged 16 or over.
    await q.query(`ALTER TABLE deaths ADD COLUMN suspect_age_at_death int CHECK (suspect_age_at_death BETWEEN 0 AND 130)`);
    await q.query(
      `CREATE OR REPLACE VIEW deadline_facts WITH (security_invoker = true) AS
       SELECT id, review_id, key, label, due_on, completed_on, cancelled, created_at, moved_by_pause FROM deadlines`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW deadline_facts`);
    await q.query(
      `CREATE VIEW deadline_facts WITH (security_invoker = true) AS SELECT id, review_id, key, label, due_on, completed_on, cancelled, created_at FROM deadlines`,
    );
    await q.query(`COMMENT ON VIEW deadline_facts IS 'Owned by libs/deadlines: read it, do not change it from elsewhere.'`);
    await q.query(`GRANT SELECT ON deadline_facts TO dhr_app, dhr_system`);
    await q.query(`ALTER TABLE deadlines DROP COLUMN moved_by_pause`);
    await q.query(`ALTER TABLE deaths DROP COLUMN suspect_age_at_death`);
  }
}
