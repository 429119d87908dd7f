import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reviews already under way brought in from a partnership's spreadsheet (issue 17.1).
 *
 * - `review_imports` (libs/imports): each spreadsheet uploaded, as it was read (its rows, not the
 *   file), the dry run's report, and, once confirmed, when, by whom and the reviews it created.
 *   Of the partnership that uploaded it (row-level security by partnership).
 * - `reviews.import_reference` (libs/reviews): the partnership's own reference for a review it
 *   imported ("Your reference" in the template), unique in the partnership, so importing the same
 *   row again creates nothing.
 * - `information_requests.requested_on` (libs/reviews): the day a request was made, which a
 *   back-dated request gives; its answer is checked against it.
 */
export class ReviewImports1765330000000 implements MigrationInterface {
  name = 'ReviewImports1765330000000';

  async up(q: QueryRunner): Promise<void> {
    // The day each information request was made, which a back-dated request gives (requestedOn):
    // its answer may not come before it. Requests so far were made the day they were recorded.
    await q.query(`ALTER TABLE information_requests ADD COLUMN requested_on date`);
    await q.query(`UPDATE information_requests SET requested_on = (requested_at AT TIME ZONE 'Europe/London')::date`);
    await q.query(`ALTER TABLE information_requests ALTER COLUMN requested_on SET NOT NULL`);
    await q.query(`ALTER TABLE reviews ADD COLUMN import_reference text CHECK (import_reference IS NULL OR length(btrim(import_reference)) > 0)`);
    await q.query(`CREATE UNIQUE INDEX reviews_import_reference ON reviews (partnership_id, lower(import_reference)) WHERE import_reference IS NOT NULL`);
    await q.query(`
      CREATE TABLE review_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        file_name text NOT NULL,
        file_sha256 text NOT NULL,
        rows jsonb NOT NULL,
        report jsonb NOT NULL,
        problem_count int NOT NULL CHECK (problem_count >= 0),
        checked_by uuid NOT NULL REFERENCES users (id),
        checked_at timestamptz NOT NULL,
        imported_by uuid REFERENCES users (id),
        imported_at timestamptz,
        review_ids uuid[] NOT NULL DEFAULT '{}',
        CHECK ((imported_at IS NULL) = (imported_by IS NULL))
      )`);
    await q.query(`CREATE INDEX review_imports_partnership ON review_imports (partnership_id, checked_at DESC)`);
    for (const role of ['dhr_app', 'dhr_system']) {
      await q.query(`GRANT SELECT, INSERT ON review_imports TO ${role}`);
      await q.query(`GRANT UPDATE (imported_by, imported_at, review_ids, report, problem_count) ON review_imports TO ${role}`);
    }
    await q.query(`ALTER TABLE review_imports ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY system_scope ON review_imports TO dhr_system USING (true) WITH CHECK (true)`);
    await q.query(
      `CREATE POLICY tenant_scope ON review_imports TO dhr_app USING (partnership_id = app_partnership()) WITH CHECK (partnership_id = app_partnership())`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review_imports`);
    await q.query(`DROP INDEX reviews_import_reference`);
    await q.query(`ALTER TABLE reviews DROP COLUMN import_reference`);
    await q.query(`ALTER TABLE information_requests DROP COLUMN requested_on`);
  }
}
