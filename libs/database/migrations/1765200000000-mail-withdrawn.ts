import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail that is no longer true is not sent (issue 17.8). A reminder or escalation waiting in the
 * outbox whose deadline has since been met, cancelled, moved or stopped by a pause is withdrawn
 * at delivery time instead of going out late.
 *
 * - `outbox_messages` (libs/notifications): the status `withdrawn`, with when and why
 *   (`withdrawn_at`, `withdrawn_reason`, plain English naming no one). The table's grants and
 *   row-level security cover the new columns.
 * - `reminder_log` (libs/reminders) already ties each reminder mail to its deadline (`outbox_id`);
 *   an index on it lets the delivery check find the deadline of the mail in hand.
 */
export class MailWithdrawn1765200000000 implements MigrationInterface {
  name = 'MailWithdrawn1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox_messages ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawn_reason text`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_status_check`);
    await q.query(
      `ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'withdrawn'))`,
    );
    await q.query(
      `ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_withdrawn_reason CHECK ((status = 'withdrawn') = (withdrawn_reason IS NOT NULL))`,
    );
    await q.query(`CREATE INDEX reminder_log_outbox ON reminder_log (outbox_id) WHERE outbox_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reminder_log_outbox`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_withdrawn_reason`);
    await q.query(`ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_status_check`);
    await q.query(`UPDATE outbox_messages SET status = 'failed', last_error = withdrawn_reason, failed_at = withdrawn_at WHERE status = 'withdrawn'`);
    await q.query(`ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed'))`);
    await q.query(`ALTER TABLE outbox_messages DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_reason`);
  }
}
