import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Home Office Quality Assurance Panel's letter as a checklist, and where the report was
 * published (issue 16.4).
 *
 * - `review_qa_changes` (libs/reviews): each change a QA letter requires, as
 *   `record-qa-outcome` lists it: the letter it came from (the sign-off round it answered and the
 *   date it was received), its position in the letter, the text; then its status (outstanding,
 *   done, or explained with the reason it was not made), who marked it and when. A change is
 *   marked, never deleted; its free text is blanked at disposal. Row-level security as the other
 *   tables of a review.
 * - `reviews.published_on`, `published_url`, `qa_letter_published`: what `publish` records: the
 *   day, the https address of the published report, and whether the QA letter is published with it
 *   (null for a review whose type has no QA panel letter, an OWHR).
 */
export class QaLetter1765130000000 implements MigrationInterface {
  name = 'QaLetter1765130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE review_qa_changes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_id uuid NOT NULL REFERENCES reviews (id),
        letter_round int NOT NULL,
        letter_received_on date NOT NULL,
        position int NOT NULL CHECK (position > 0),
        text text NOT NULL CHECK (length(btrim(text)) > 0),
        status text NOT NULL DEFAULT 'outstanding' CHECK (status IN ('outstanding', 'done', 'explained')),
        explanation text,
        marked_by uuid REFERENCES users (id),
        marked_at timestamptz,
        created_at timestamptz NOT NULL,
        UNIQUE (review_id, letter_round, position),
        CHECK ((status = 'outstanding') = (marked_at IS NULL)),
        CHECK (status <> 'explained' OR explanation IS NOT NULL)
      )`);
    for (const role of ['dhr_app', 'dhr_system']) {
      await q.query(`GRANT SELECT, INSERT ON review_qa_changes TO ${role}`);
      await q.query(`GRANT UPDATE (status, explanation, marked_by, marked_at, text) ON review_qa_changes TO ${role}`);
    }
    await q.query(`ALTER TABLE review_qa_changes ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY system_scope ON review_qa_changes TO dhr_system USING (true) WITH CHECK (true)`);
    const visible = `review_id = ANY ((SELECT app_review_ids())::uuid[])`;
    await q.query(`CREATE POLICY tenant_scope ON review_qa_changes TO dhr_app USING (${visible}) WITH CHECK (${visible})`);

    await q.query(`ALTER TABLE reviews ADD COLUMN published_on date, ADD COLUMN published_url text, ADD COLUMN qa_letter_published boolean`);
    await q.query(`ALTER TABLE reviews ADD CONSTRAINT reviews_published_url_https CHECK (published_url IS NULL OR published_url LIKE 'https://%')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviews DROP CONSTRAINT reviews_published_url_https`);
    await q.query(`ALTER TABLE reviews DROP COLUMN qa_letter_published, DROP COLUMN published_url, DROP COLUMN published_on`);
    await q.query(`DROP TABLE review_qa_changes`);
  }
}
