import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which review types a partnership runs, and the ruleset edition its new reviews open under.
 * A partnership without a row for a type follows the type's rulesets: switched on if they say
 * so, under the edition they mark as the default.
 */
export class PartnershipReviewTypes1764403200000 implements MigrationInterface {
  name = 'PartnershipReviewTypes1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partnership_review_types (
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        review_type text NOT NULL,
        enabled boolean NOT NULL,
        default_ruleset_key text REFERENCES rulesets(key),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (partnership_id, review_type)
      )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON partnership_review_types TO dhr_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE partnership_review_types');
  }
}
