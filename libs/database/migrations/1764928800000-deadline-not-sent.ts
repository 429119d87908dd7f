import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A statutory notice recorded as not sent (issue 14.9): the deadline stops as cancelled, and the
 * reason it was not (and will not be) sent is kept beside it. Only a cancelled deadline has one.
 */
export class DeadlineNotSent1764928800000 implements MigrationInterface {
  name = 'DeadlineNotSent1764928800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines ADD COLUMN not_sent_reason text`);
    await q.query(
      `ALTER TABLE deadlines ADD CONSTRAINT deadlines_not_sent_is_cancelled CHECK (not_sent_reason IS NULL OR (cancelled AND completed_on IS NOT NULL))`,
    );
    await q.query(`COMMENT ON COLUMN deadlines.not_sent_reason IS 'Why a statutory notice was recorded as not sent (the deadline is then cancelled)'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP CONSTRAINT deadlines_not_sent_is_cancelled`);
    await q.query(`ALTER TABLE deadlines DROP COLUMN not_sent_reason`);
  }
}
