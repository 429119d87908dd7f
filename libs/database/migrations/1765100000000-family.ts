import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Family involvement (issue 16.1), all owned by libs/family.
 *
 * - `family_members`: family members and other significant people on a review, by pseudonym,
 *   with their relationship to the victim, how they want to be involved, the advocacy offered
 *   (service, date, accepted) and the dates they saw the terms of reference and the draft report.
 * - `family_member_identities`: a member's real name, kept apart (as `death_identities` keeps
 *   the victim's); deleted at disposal.
 * - `family_contacts`: the contact log: date, method, member(s), who made contact, a summary
 *   (blanked at disposal). Never emailed.
 * - `family_publication_notices`: the date the family was told before publication, or the reason
 *   it was not (exactly one); the reason blanked at disposal.
 * Row-level security as `protected_identities`: the partnership's own rows only.
 */
export class Family1765100000000 implements MigrationInterface {
  name = 'Family1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE family_members (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        pseudonym text NOT NULL CHECK (length(btrim(pseudonym)) > 0),
        relationship text NOT NULL,
        involvement text NOT NULL CHECK (involvement IN ('kept-informed', 'contribute-information', 'meet-the-panel', 'read-the-draft', 'not-involved')),
        advocacy_service text,
        advocacy_offered_on date,
        advocacy_accepted text CHECK (advocacy_accepted IN ('yes', 'no', 'not-yet')),
        terms_of_reference_seen_on date,
        draft_report_seen_on date,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (review_id, pseudonym)
      )`);
    await q.query(`
      CREATE TABLE family_member_identities (
        member_id uuid PRIMARY KEY REFERENCES family_members (id),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        real_name text NOT NULL CHECK (length(btrim(real_name)) > 0),
        recorded_by uuid REFERENCES users (id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX family_member_identities_review ON family_member_identities (review_id)`);
    await q.query(`
      CREATE TABLE family_contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        contacted_on date NOT NULL,
        method text NOT NULL CHECK (method IN ('phone', 'letter', 'email', 'meeting', 'through-advocate', 'other')),
        member_ids uuid[] NOT NULL CHECK (cardinality(member_ids) > 0),
        summary text NOT NULL,
        made_by uuid REFERENCES users (id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX family_contacts_review ON family_contacts (review_id, contacted_on DESC)`);
    await q.query(`
      CREATE TABLE family_publication_notices (
        review_id uuid PRIMARY KEY REFERENCES reviews (id),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        told_on date,
        not_told_reason text,
        recorded_by uuid REFERENCES users (id),
        recorded_at timestamptz NOT NULL,
        CHECK ((told_on IS NULL) <> (not_told_reason IS NULL))
      )`);
    const tables = ['family_members', 'family_member_identities', 'family_contacts', 'family_publication_notices'];
    for (const role of ['dhr_app', 'dhr_system']) {
      await q.query(`GRANT SELECT, INSERT, UPDATE ON family_members TO ${role}`);
      await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON family_member_identities TO ${role}`);
      // A contact is a record: never deleted; its summary is blanked at disposal.
      await q.query(`GRANT SELECT, INSERT, UPDATE (summary) ON family_contacts TO ${role}`);
      await q.query(`GRANT SELECT, INSERT, UPDATE ON family_publication_notices TO ${role}`);
    }
    for (const table of tables) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY system_scope ON ${table} TO dhr_system USING (true) WITH CHECK (true)`);
      await q.query(
        `CREATE POLICY tenant_scope ON ${table} TO dhr_app USING (partnership_id = app_partnership()) WITH CHECK (partnership_id = app_partnership())`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE family_publication_notices`);
    await q.query(`DROP TABLE family_contacts`);
    await q.query(`DROP TABLE family_member_identities`);
    await q.query(`DROP TABLE family_members`);
  }
}
