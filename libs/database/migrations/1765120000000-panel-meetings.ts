import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Panel meetings (issue 16.3), owned by libs/meetings.
 *
 * - `panel_meetings`: one meeting of a review's panel: when (start and end instants, set from a
 *   date and times in Europe/London), where (a place, a link, or both), the agenda, whether it is
 *   scheduled or cancelled (with the reason), and the calendar file's `sequence` (0 when first
 *   sent, one more each time it is moved or cancelled, so calendars replace the entry they hold).
 *   The minutes: text, or a panel-minutes document of the review.
 * - `panel_meeting_invitees`: who was invited (the review's independent chair and panel members
 *   when it was scheduled) and whether they attended, sent apologies or were absent.
 * - `panel_meeting_actions`: an action agreed at the meeting: what, its owner (a person on the
 *   review), its due date and the deadline (`meeting-action:<id>`) that chases the owner; when done.
 * - `meeting_action_facts`: a read view for libs/reminders, to find an action's owner.
 *
 * Row-level security as the other tables of a review; nothing is deleted (a record of the review).
 */
export class PanelMeetings1765120000000 implements MigrationInterface {
  name = 'PanelMeetings1765120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE panel_meetings (
        id uuid PRIMARY KEY,
        review_id uuid NOT NULL REFERENCES reviews (id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        place text,
        link text,
        agenda text NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
        sequence int NOT NULL DEFAULT 0 CHECK (sequence >= 0),
        cancel_reason text,
        minutes_text text,
        minutes_document_id uuid REFERENCES documents (id),
        minutes_recorded_at timestamptz,
        scheduled_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at),
        CHECK (place IS NOT NULL OR link IS NOT NULL),
        CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX panel_meetings_review ON panel_meetings (review_id, starts_at)`);
    await q.query(`
      CREATE TABLE panel_meeting_invitees (
        meeting_id uuid NOT NULL REFERENCES panel_meetings (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        user_id uuid NOT NULL REFERENCES users (id),
        invited_as text NOT NULL CHECK (invited_as IN ('independent-chair', 'panel-member')),
        attendance text CHECK (attendance IN ('attended', 'apologies', 'absent')),
        PRIMARY KEY (meeting_id, user_id)
      )`);
    await q.query(`CREATE INDEX panel_meeting_invitees_review ON panel_meeting_invitees (review_id)`);
    await q.query(`
      CREATE TABLE panel_meeting_actions (
        id uuid PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES panel_meetings (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        description text NOT NULL CHECK (length(btrim(description)) > 0),
        owner_user_id uuid NOT NULL REFERENCES users (id),
        due_on date NOT NULL,
        deadline_id uuid NOT NULL REFERENCES deadlines (id),
        completed_on date,
        completed_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX panel_meeting_actions_review ON panel_meeting_actions (review_id)`);
    const visible = `review_id = ANY ((SELECT app_review_ids())::uuid[])`;
    for (const table of ['panel_meetings', 'panel_meeting_invitees', 'panel_meeting_actions']) {
      await q.query(`GRANT SELECT, INSERT, UPDATE ON ${table} TO dhr_app, dhr_system`);
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY system_scope ON ${table} TO dhr_system USING (true) WITH CHECK (true)`);
      await q.query(`CREATE POLICY tenant_scope ON ${table} TO dhr_app USING (${visible}) WITH CHECK (${visible})`);
    }
    await q.query(`
      CREATE VIEW meeting_action_facts WITH (security_invoker = true) AS
        SELECT id, review_id, meeting_id, owner_user_id, deadline_id, due_on, completed_on FROM panel_meeting_actions`);
    await q.query(`COMMENT ON VIEW meeting_action_facts IS 'Owned by libs/meetings: read it, do not change it from elsewhere.'`);
    await q.query(`GRANT SELECT ON meeting_action_facts TO dhr_app, dhr_system`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW meeting_action_facts`);
    await q.query(`DROP TABLE panel_meeting_actions`);
    await q.query(`DROP TABLE panel_meeting_invitees`);
    await q.query(`DROP TABLE panel_meetings`);
  }
}
