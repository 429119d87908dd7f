import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report under sign-off is a specific version (issue 15.6).
 *
 * - `reviews.sign_off_draft`: the overview report (and executive summary) versions the boards are
 *   voting on in the current round, each with its SHA-256, named when the draft is completed and
 *   again when a revised draft is issued. Null for reviews drafted before documents existed.
 * - `sign_offs.cast_on` and `review_partner_sign_offs.cast_on`: the same facts copied onto each
 *   vote when it is cast, so a vote says which version, and which bytes, it approved or rejected.
 */
export class DraftUnderSignOff1765040000000 implements MigrationInterface {
  name = 'DraftUnderSignOff1765040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reviews ADD COLUMN sign_off_draft jsonb`);
    await q.query(`ALTER TABLE sign_offs ADD COLUMN cast_on jsonb`);
    await q.query(`ALTER TABLE review_partner_sign_offs ADD COLUMN cast_on jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review_partner_sign_offs DROP COLUMN cast_on`);
    await q.query(`ALTER TABLE sign_offs DROP COLUMN cast_on`);
    await q.query(`ALTER TABLE reviews DROP COLUMN sign_off_draft`);
  }
}
