import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The end of a review: boards with members, a chair and a quorum; recommendations tagged with
 * the partnership's priorities; their actions with an append-only progress history; sign-off as
 * members' votes; and checkpoints of the audit chain's head that each board keeps.
 */
export class BoardsRecommendationsActions1764316800000 implements MigrationInterface {
  name = 'BoardsRecommendationsActions1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE boards ADD COLUMN chair_user_id uuid REFERENCES users(id)`);
    // Quorum: this many approving members, the chair among them when the board has one.
    await q.query(`ALTER TABLE boards ADD COLUMN quorum integer NOT NULL DEFAULT 2 CHECK (quorum > 0)`);
    await q.query(`
      CREATE TABLE board_members (
        board_id uuid NOT NULL REFERENCES boards(id),
        user_id uuid NOT NULL REFERENCES users(id),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (board_id, user_id)
      )`);
    await q.query(`CREATE INDEX board_members_user ON board_members (user_id)`);

    await q.query(`
      CREATE TABLE priorities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        key text NOT NULL,
        name text NOT NULL,
        position integer NOT NULL,
        UNIQUE (partnership_id, key)
      )`);

    await q.query(`
      CREATE TABLE recommendations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_id uuid NOT NULL REFERENCES reviews(id),
        number integer NOT NULL,
        text text NOT NULL,
        level text NOT NULL CHECK (level IN ('local', 'regional', 'national')),
        owning_agency_id uuid NOT NULL REFERENCES agencies(id),
        themes text[] NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        outcome text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (review_id, number)
      )`);

    await q.query(`
      CREATE TABLE recommendation_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        recommendation_id uuid NOT NULL REFERENCES recommendations(id),
        review_id uuid NOT NULL REFERENCES reviews(id),
        description text NOT NULL,
        owning_agency_id uuid NOT NULL REFERENCES agencies(id),
        lead_user_id uuid REFERENCES users(id),
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        status text NOT NULL DEFAULT 'not-started' CHECK (status IN ('not-started', 'in-progress', 'complete', 'cannot-complete')),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX recommendation_actions_review ON recommendation_actions (review_id)`);
    await q.query(`CREATE INDEX recommendation_actions_agency ON recommendation_actions (owning_agency_id, status)`);

    await q.query(`
      CREATE TABLE action_updates (
        id bigserial PRIMARY KEY,
        action_id uuid NOT NULL REFERENCES recommendation_actions(id),
        status text NOT NULL,
        note text,
        reason text,
        on_date date NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX action_updates_action ON action_updates (action_id, id)`);

    // Sign-off becomes one vote per member per round; a vote can be withdrawn, never deleted.
    await q.query(`ALTER TABLE sign_offs DROP CONSTRAINT sign_offs_review_id_board_key_round_key`);
    await q.query(`ALTER TABLE sign_offs ADD COLUMN decision text NOT NULL DEFAULT 'approve' CHECK (decision IN ('approve', 'reject'))`);
    await q.query(`ALTER TABLE sign_offs ADD COLUMN comment text`);
    await q.query(`ALTER TABLE sign_offs ADD COLUMN withdrawn_at timestamptz`);
    await q.query(`ALTER TABLE sign_offs ADD COLUMN withdrawn_reason text`);
    await q.query(`CREATE UNIQUE INDEX sign_offs_one_vote ON sign_offs (review_id, board_key, round, signed_by) WHERE withdrawn_at IS NULL`);

    await q.query(`
      CREATE TABLE board_checkpoints (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        board_id uuid NOT NULL REFERENCES boards(id),
        seq bigint NOT NULL,
        hash text NOT NULL,
        note text,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX board_checkpoints_board ON board_checkpoints (board_id, recorded_at)`);

    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON board_members, priorities, recommendations, recommendation_actions, action_updates, board_checkpoints TO dhr_app`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE action_updates_id_seq TO dhr_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['board_checkpoints', 'action_updates', 'recommendation_actions', 'recommendations', 'priorities', 'board_members']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP INDEX sign_offs_one_vote`);
    await q.query(`ALTER TABLE sign_offs DROP COLUMN decision, DROP COLUMN comment, DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_reason`);
    await q.query(`ALTER TABLE sign_offs ADD CONSTRAINT sign_offs_review_id_board_key_round_key UNIQUE (review_id, board_key, round)`);
    await q.query(`ALTER TABLE boards DROP COLUMN chair_user_id, DROP COLUMN quorum`);
  }
}
