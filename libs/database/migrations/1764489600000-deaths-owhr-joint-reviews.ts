import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The death becomes its own record, which reviews of several kinds can share: the victim's facts
 * move off `reviews` (one death per existing review), and the victim's real name, when recorded,
 * is kept apart from everything else. Also: notices a review gives (the Secretary of State's for
 * an OWHR), review partners and their sign-off, partnerships contributing to another's review,
 * links to safeguarding reviews, and deadlines that stop because their review no longer needs them.
 */
export class DeathsOwhrJointReviews1764489600000 implements MigrationInterface {
  name = 'DeathsOwhrJointReviews1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deaths (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        date_of_death date NOT NULL,
        place_of_death text,
        victim_pseudonym text NOT NULL,
        victim_age_at_death integer NOT NULL,
        victim_sex text NOT NULL,
        offensive_weapon_involved boolean,
        suspect_relationship text,
        suspected_suicide boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX deaths_partnership ON deaths (partnership_id, date_of_death)`);
    await q.query(`ALTER TABLE reviews ADD COLUMN death_id uuid`);
    await q.query(`UPDATE reviews SET death_id = gen_random_uuid()`);
    await q.query(`
      INSERT INTO deaths (id, partnership_id, date_of_death, victim_pseudonym, victim_age_at_death, victim_sex, created_by, created_at, updated_at)
      SELECT death_id, partnership_id, date_of_death, victim_pseudonym, victim_age_at_death, victim_sex, created_by, created_at, updated_at FROM reviews`);
    await q.query(`ALTER TABLE reviews ALTER COLUMN death_id SET NOT NULL, ADD CONSTRAINT reviews_death FOREIGN KEY (death_id) REFERENCES deaths(id)`);
    await q.query(`ALTER TABLE reviews DROP COLUMN date_of_death, DROP COLUMN victim_pseudonym, DROP COLUMN victim_age_at_death, DROP COLUMN victim_sex`);
    await q.query(`CREATE INDEX reviews_death ON reviews (death_id)`);

    await q.query(`
      CREATE TABLE death_identities (
        death_id uuid PRIMARY KEY REFERENCES deaths(id),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        victim_name text NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE review_notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_id uuid NOT NULL REFERENCES reviews(id),
        deadline_key text NOT NULL,
        kind text NOT NULL,
        outcome text NOT NULL,
        due_on date NOT NULL,
        sent_on date NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX review_notices_review ON review_notices (review_id, sent_on)`);

    await q.query(`
      CREATE TABLE review_partners (
        review_id uuid NOT NULL REFERENCES reviews(id),
        partner text NOT NULL,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        user_id uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (review_id, partner)
      )`);
    await q.query(`CREATE INDEX review_partners_user ON review_partners (user_id)`);
    await q.query(`
      CREATE TABLE review_partner_sign_offs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_id uuid NOT NULL REFERENCES reviews(id),
        partner text NOT NULL,
        decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
        comment text,
        signed_on date NOT NULL,
        signed_by uuid NOT NULL REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX review_partner_sign_offs_review ON review_partner_sign_offs (review_id, partner, recorded_at)`);

    await q.query(`
      CREATE TABLE review_contributors (
        review_id uuid NOT NULL REFERENCES reviews(id),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        added_by uuid REFERENCES users(id),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (review_id, partnership_id)
      )`);
    await q.query(`CREATE INDEX review_contributors_partnership ON review_contributors (partnership_id)`);

    await q.query(`
      CREATE TABLE review_links (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        death_id uuid NOT NULL REFERENCES deaths(id),
        review_id uuid REFERENCES reviews(id),
        kind text NOT NULL,
        linked_review_id uuid REFERENCES reviews(id),
        external_reference text,
        run_by text,
        shared_panel_user_ids uuid[] NOT NULL DEFAULT '{}',
        note text,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX review_links_death ON review_links (death_id)`);
    await q.query(`CREATE INDEX review_links_review ON review_links (review_id)`);
    await q.query(`CREATE INDEX review_links_linked ON review_links (linked_review_id) WHERE linked_review_id IS NOT NULL`);

    await q.query(`ALTER TABLE deadlines ADD COLUMN cancelled boolean NOT NULL DEFAULT false`);

    await q.query(`
      GRANT SELECT, INSERT, UPDATE, DELETE ON deaths, death_identities, review_notices, review_partners, review_partner_sign_offs, review_contributors, review_links TO dhr_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deadlines DROP COLUMN cancelled`);
    await q.query(`DROP TABLE review_links, review_contributors, review_partner_sign_offs, review_partners, review_notices, death_identities`);
    await q.query(`
      ALTER TABLE reviews ADD COLUMN date_of_death date, ADD COLUMN victim_pseudonym text, ADD COLUMN victim_age_at_death integer, ADD COLUMN victim_sex text`);
    await q.query(`
      UPDATE reviews r SET date_of_death = d.date_of_death, victim_pseudonym = d.victim_pseudonym, victim_age_at_death = d.victim_age_at_death, victim_sex = d.victim_sex
      FROM deaths d WHERE d.id = r.death_id`);
    await q.query(`ALTER TABLE reviews ALTER date_of_death SET NOT NULL, ALTER victim_pseudonym SET NOT NULL, ALTER victim_age_at_death SET NOT NULL, ALTER victim_sex SET NOT NULL`);
    await q.query(`ALTER TABLE reviews DROP COLUMN death_id`);
    await q.query(`DROP TABLE deaths`);
  }
}
