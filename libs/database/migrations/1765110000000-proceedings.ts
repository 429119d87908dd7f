import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Parallel proceedings (issue 16.2), owned by libs/proceedings.
 *
 * - `proceedings`: a criminal trial, an inquest, a Safeguarding Adults Review, a Child Safeguarding
 *   Practice Review, an IOPC or other investigation running beside a review: its kind, the court or
 *   body, its reference, hearing dates (`[{date, what}]`), expected conclusion, status, a contact
 *   as a role only (never a name) and, once concluded, the date and outcome. Row-level security as
 *   the other tables of a review; never deleted.
 * - `review_pauses` (libs/reviews) gains the proceeding a pause waits for and its expected end.
 *   The foreign key is composite, (review_id, proceeding_id) → proceedings (review_id, id), so a
 *   pause can only name a proceeding of its own review.
 * - `proceeding_facts` (libs/proceedings): a read view of each proceeding's id, review, kind (and
 *   its words), body, reference, expected conclusion and status, for the pause and the board report.
 * - `review_pause_periods` (libs/reviews) gains each pause's category and proceeding at its end,
 *   so the board report counts time paused by cause.
 */
export class Proceedings1765110000000 implements MigrationInterface {
  name = 'Proceedings1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE proceedings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        kind text NOT NULL CHECK (kind IN ('criminal-trial', 'inquest', 'safeguarding-adults-review',
          'child-safeguarding-practice-review', 'iopc-investigation', 'other-investigation')),
        body text NOT NULL CHECK (length(btrim(body)) > 0),
        reference text,
        hearings jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(hearings) = 'array'),
        expected_conclusion_on date,
        status text NOT NULL CHECK (status IN ('not-started', 'under-way', 'adjourned', 'concluded')),
        contact text,
        concluded_on date,
        outcome text,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (review_id, id),
        CHECK (status <> 'concluded' OR concluded_on IS NOT NULL)
      )`);
    for (const role of ['dhr_app', 'dhr_system']) {
      // A proceeding keeps its review and kind; the rest is updated as it goes on.
      await q.query(`GRANT SELECT, INSERT ON proceedings TO ${role}`);
      await q.query(
        `GRANT UPDATE (body, reference, hearings, expected_conclusion_on, status, contact, concluded_on, outcome, updated_at) ON proceedings TO ${role}`,
      );
    }
    await q.query(`ALTER TABLE proceedings ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY system_scope ON proceedings TO dhr_system USING (true) WITH CHECK (true)`);
    const visible = `partnership_id = app_partnership() OR review_id = ANY ((SELECT app_review_ids())::uuid[])`;
    await q.query(`CREATE POLICY tenant_scope ON proceedings TO dhr_app USING (${visible}) WITH CHECK (${visible})`);

    await q.query(`ALTER TABLE review_pauses ADD COLUMN proceeding_id uuid, ADD COLUMN expected_end_on date`);
    await q.query(`
      ALTER TABLE review_pauses
        ADD CONSTRAINT review_pauses_proceeding FOREIGN KEY (review_id, proceeding_id) REFERENCES proceedings (review_id, id),
        ADD CONSTRAINT review_pauses_expected_end CHECK (expected_end_on IS NULL OR expected_end_on >= started_on)`);
    await q.query(`CREATE INDEX review_pauses_proceeding ON review_pauses (proceeding_id) WHERE proceeding_id IS NOT NULL`);

    await q.query(`
      CREATE VIEW proceeding_facts WITH (security_invoker = true) AS
      SELECT id, review_id, kind,
             CASE kind WHEN 'criminal-trial' THEN 'Criminal trial'
                       WHEN 'inquest' THEN 'Inquest'
                       WHEN 'safeguarding-adults-review' THEN 'Safeguarding Adults Review'
                       WHEN 'child-safeguarding-practice-review' THEN 'Child Safeguarding Practice Review'
                       WHEN 'iopc-investigation' THEN 'IOPC investigation'
                       ELSE 'Other investigation' END AS kind_name,
             body, reference, expected_conclusion_on, status
      FROM proceedings`);
    await q.query(`COMMENT ON VIEW proceeding_facts IS 'Owned by libs/proceedings: read it, do not change it from elsewhere.'`);
    await q.query(`GRANT SELECT ON proceeding_facts TO dhr_app, dhr_system`);

    await q.query(
      `CREATE OR REPLACE VIEW review_pause_periods WITH (security_invoker = true) AS
       SELECT review_id, started_on, ended_on, category, proceeding_id FROM review_pauses`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW review_pause_periods`);
    await q.query(`CREATE VIEW review_pause_periods WITH (security_invoker = true) AS SELECT review_id, started_on, ended_on FROM review_pauses`);
    await q.query(`COMMENT ON VIEW review_pause_periods IS 'Owned by libs/reviews: read it, do not change it from elsewhere.'`);
    await q.query(`GRANT SELECT ON review_pause_periods TO dhr_app, dhr_system`);
    await q.query(`DROP VIEW proceeding_facts`);
    await q.query(`ALTER TABLE review_pauses DROP CONSTRAINT review_pauses_expected_end, DROP CONSTRAINT review_pauses_proceeding`);
    await q.query(`ALTER TABLE review_pauses DROP COLUMN expected_end_on, DROP COLUMN proceeding_id`);
    await q.query(`DROP TABLE proceedings`);
  }
}
