import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: partnerships and their agencies and boards, users, rulesets, reviews with
 * their deadlines, pauses, panel and information requests, and the append-only audit chain.
 *
 * The application connects as the role `dhr_app`, which may read and append audit entries but
 * has no UPDATE, DELETE or TRUNCATE on them; a trigger refuses those for everyone else too.
 */
export class InitialSchema1764144000000 implements MigrationInterface {
  name = 'InitialSchema1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dhr_app') THEN CREATE ROLE dhr_app NOLOGIN; END IF;
      END $$`);
    await q.query(`GRANT dhr_app TO CURRENT_USER`);

    await q.query(`
      CREATE TABLE partnerships (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE agencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        code text NOT NULL,
        name text NOT NULL,
        UNIQUE (partnership_id, code)
      )`);
    await q.query(`
      CREATE TABLE boards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        key text NOT NULL,
        name text NOT NULL,
        UNIQUE (partnership_id, key)
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        agency_id uuid REFERENCES agencies(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_lower CHECK (email = lower(email))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await q.query(`
      CREATE TABLE rulesets (
        key text PRIMARY KEY,
        review_type text NOT NULL,
        name text NOT NULL,
        -- json, not jsonb: the order of stages and actions in the document is meaningful.
        definition json NOT NULL,
        definition_hash text NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE reference_counters (
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        prefix text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (partnership_id, prefix, year)
      )`);

    await q.query(`
      CREATE TABLE reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships(id),
        reference text NOT NULL,
        type text NOT NULL,
        ruleset_key text NOT NULL REFERENCES rulesets(key),
        stage text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'paused', 'closed')),
        version integer NOT NULL DEFAULT 1,
        stages_reached text[] NOT NULL,
        stage_entered_on date NOT NULL,
        board_visible boolean NOT NULL DEFAULT false,
        notified_on date NOT NULL,
        date_of_death date NOT NULL,
        notifying_agency_id uuid NOT NULL REFERENCES agencies(id),
        victim_pseudonym text NOT NULL,
        victim_age_at_death integer NOT NULL,
        victim_sex text NOT NULL,
        circumstances text NOT NULL,
        decision_outcome text,
        decided_on date,
        decision_rationale text,
        chair_user_id uuid REFERENCES users(id),
        chair_appointed_on date,
        sign_off_round integer NOT NULL DEFAULT 1,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (partnership_id, reference)
      )`);
    await q.query(`CREATE INDEX reviews_partnership_stage ON reviews (partnership_id, stage)`);
    await q.query(`CREATE INDEX reviews_chair ON reviews (chair_user_id) WHERE chair_user_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE review_events (
        id bigserial PRIMARY KEY,
        review_id uuid NOT NULL REFERENCES reviews(id),
        action text NOT NULL,
        occurred_on date NOT NULL,
        from_stage text NOT NULL,
        to_stage text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        actor_id uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX review_events_review ON review_events (review_id, id)`);

    await q.query(`
      CREATE TABLE review_panel_members (
        review_id uuid NOT NULL REFERENCES reviews(id),
        user_id uuid NOT NULL REFERENCES users(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        added_at timestamptz NOT NULL,
        PRIMARY KEY (review_id, user_id)
      )`);
    await q.query(`CREATE INDEX review_panel_members_user ON review_panel_members (user_id)`);

    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_id uuid NOT NULL REFERENCES reviews(id),
        key text NOT NULL,
        label text NOT NULL,
        due_on date NOT NULL,
        original_due_on date NOT NULL,
        completed_on date,
        paused_days integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        UNIQUE (review_id, key)
      )`);
    await q.query(`CREATE INDEX deadlines_outstanding_due ON deadlines (due_on) WHERE completed_on IS NULL`);

    await q.query(`
      CREATE TABLE deadline_extensions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        from_due_on date NOT NULL,
        to_due_on date NOT NULL,
        reason text NOT NULL,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX deadline_extensions_deadline ON deadline_extensions (deadline_id)`);

    await q.query(`
      CREATE TABLE review_pauses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_id uuid NOT NULL REFERENCES reviews(id),
        category text NOT NULL,
        reason text NOT NULL,
        started_on date NOT NULL,
        ended_on date,
        paused_days integer,
        approved_by uuid REFERENCES users(id),
        resumed_by uuid REFERENCES users(id)
      )`);
    await q.query(`CREATE INDEX review_pauses_review ON review_pauses (review_id)`);
    await q.query(`CREATE UNIQUE INDEX review_pauses_one_running ON review_pauses (review_id) WHERE ended_on IS NULL`);

    await q.query(`
      CREATE TABLE information_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_id uuid NOT NULL REFERENCES reviews(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        description text NOT NULL,
        deadline_id uuid NOT NULL REFERENCES deadlines(id),
        requested_by uuid REFERENCES users(id),
        requested_at timestamptz NOT NULL,
        received_on date
      )`);
    await q.query(`CREATE INDEX information_requests_review ON information_requests (review_id)`);

    await q.query(`
      CREATE TABLE sign_offs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        review_id uuid NOT NULL REFERENCES reviews(id),
        board_key text NOT NULL,
        round integer NOT NULL,
        signed_on date NOT NULL,
        signed_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL,
        UNIQUE (review_id, board_key, round)
      )`);

    await q.query(`
      CREATE TABLE audit_entries (
        seq bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        action text NOT NULL,
        review_id uuid,
        partnership_id uuid,
        changes jsonb NOT NULL,
        correlation_id text,
        boards text[] NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_entries_review ON audit_entries (review_id, seq) WHERE review_id IS NOT NULL`);
    await q.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await q.query(`CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);

    await q.query(`GRANT USAGE ON SCHEMA public TO dhr_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dhr_app`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dhr_app`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM dhr_app`);
    await q.query(`REVOKE ALL ON migrations FROM dhr_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_entries', 'sign_offs', 'information_requests', 'review_pauses', 'deadline_extensions', 'deadlines',
      'review_panel_members', 'review_events', 'reviews', 'reference_counters', 'rulesets', 'users', 'boards', 'agencies', 'partnerships',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION audit_entries_append_only()`);
  }
}
