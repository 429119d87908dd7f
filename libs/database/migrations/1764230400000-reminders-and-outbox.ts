import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders and outgoing mail. `reminder_log` is the truth of what was sent (or passed over):
 * its unique key (deadline, due date, occurrence, recipient) is what makes a reminder go at most
 * once whatever Redis forgets. `outbox_messages` holds every mail from the moment the change
 * that caused it commits until it is delivered or given up on.
 */
export class RemindersAndOutbox1764230400000 implements MigrationInterface {
  name = 'RemindersAndOutbox1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminder_settings (
        partnership_id uuid PRIMARY KEY REFERENCES partnerships(id),
        offsets_days integer[] NOT NULL,
        send_time text NOT NULL CHECK (send_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        escalation_every_days integer NOT NULL CHECK (escalation_every_days > 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE reminder_log (
        id bigserial PRIMARY KEY,
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        due_on date NOT NULL,
        occurrence text NOT NULL,
        recipient_id uuid REFERENCES users(id),
        planned_at timestamptz NOT NULL,
        handled_at timestamptz NOT NULL,
        outbox_id uuid
      )`);
    // NULL recipient: an occurrence with nobody to send to, recorded so it is not retried forever.
    await q.query(`CREATE UNIQUE INDEX reminder_log_once ON reminder_log (deadline_id, due_on, occurrence, COALESCE(recipient_id, '00000000-0000-0000-0000-000000000000'))`);
    await q.query(`CREATE INDEX reminder_log_latest ON reminder_log (deadline_id, due_on, planned_at DESC)`);

    // The timer each outstanding deadline has in Redis, so a changed plan can take the old one out.
    await q.query(`
      CREATE TABLE reminder_schedule (
        deadline_id uuid PRIMARY KEY REFERENCES deadlines(id),
        job_id text NOT NULL,
        send_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid REFERENCES partnerships(id),
        recipient_id uuid REFERENCES users(id),
        to_address text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        kind text NOT NULL,
        review_id uuid REFERENCES reviews(id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        correlation_id text,
        created_at timestamptz NOT NULL,
        claimed_at timestamptz,
        sent_at timestamptz,
        failed_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_messages_status ON outbox_messages (status, created_at)`);

    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON reminder_settings, reminder_log, reminder_schedule, outbox_messages TO dhr_app`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE reminder_log_id_seq TO dhr_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox_messages');
    await q.query('DROP TABLE reminder_schedule');
    await q.query('DROP TABLE reminder_log');
    await q.query('DROP TABLE reminder_settings');
  }
}
