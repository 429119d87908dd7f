import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agencies answer information requests in the product (issue 15.5).
 *
 * - `information_requests` (libs/reviews) gains the document and version an agency answered with
 *   (`received_document_id`, `received_version`): both set, or neither (a request recorded as
 *   received without a document, as `receive-information` does, keeps them null). The pair
 *   references the document's version, so an answer never names a version that is not there.
 * - `information_request_time_requests` (libs/reviews): an agency's ask for more time on one
 *   request: who asked, when, the date proposed and why; then the chair's decision (granted with
 *   the new due date, or refused with the reason), who made it and when. At most one undecided
 *   ask per request (a partial unique index). Row-level security as the other tables of a review.
 * - `document_facts` (libs/documents): a read view of the documents' id, review, kind, agency and
 *   title, so the review's view can name the document an agency answered with.
 */
export class InformationAnswers1765010000000 implements MigrationInterface {
  name = 'InformationAnswers1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE information_requests ADD COLUMN received_document_id uuid, ADD COLUMN received_version int`);
    await q.query(`
      ALTER TABLE information_requests
        ADD CONSTRAINT information_requests_received_document
          FOREIGN KEY (received_document_id, received_version) REFERENCES document_versions (document_id, n),
        ADD CONSTRAINT information_requests_received_document_whole
          CHECK ((received_document_id IS NULL) = (received_version IS NULL)),
        ADD CONSTRAINT information_requests_document_when_received
          CHECK (received_document_id IS NULL OR received_on IS NOT NULL)`);
    await q.query(`
      CREATE TABLE information_request_time_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES information_requests (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        asked_by uuid REFERENCES users (id),
        asked_at timestamptz NOT NULL,
        proposed_due_on date NOT NULL,
        reason text NOT NULL CHECK (length(btrim(reason)) > 0),
        decision text CHECK (decision IN ('granted', 'refused')),
        new_due_on date,
        decided_by uuid REFERENCES users (id),
        decided_at timestamptz,
        decision_reason text,
        CHECK ((decision IS NULL) = (decided_at IS NULL)),
        CHECK (decision IS DISTINCT FROM 'granted' OR new_due_on IS NOT NULL),
        CHECK (decision IS DISTINCT FROM 'refused' OR decision_reason IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX information_request_time_requests_review ON information_request_time_requests (review_id)`);
    await q.query(`CREATE UNIQUE INDEX information_request_time_requests_one_open ON information_request_time_requests (request_id) WHERE decision IS NULL`);
    for (const role of ['dhr_app', 'dhr_system']) {
      // An ask is a record: decided once, its free text blanked at disposal; never deleted.
      await q.query(`GRANT SELECT, INSERT ON information_request_time_requests TO ${role}`);
      await q.query(`GRANT UPDATE (decision, new_due_on, decided_by, decided_at, decision_reason, reason) ON information_request_time_requests TO ${role}`);
    }
    await q.query(`ALTER TABLE information_request_time_requests ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY system_scope ON information_request_time_requests TO dhr_system USING (true) WITH CHECK (true)`);
    const visible = `review_id = ANY ((SELECT app_review_ids())::uuid[])`;
    await q.query(`CREATE POLICY tenant_scope ON information_request_time_requests TO dhr_app USING (${visible}) WITH CHECK (${visible})`);

    await q.query(`CREATE VIEW document_facts WITH (security_invoker = true) AS SELECT id, review_id, agency_id, kind, title FROM documents`);
    await q.query(`COMMENT ON VIEW document_facts IS 'Owned by libs/documents: read it, do not change it from elsewhere.'`);
    await q.query(`GRANT SELECT ON document_facts TO dhr_app, dhr_system`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW document_facts`);
    await q.query(`DROP TABLE information_request_time_requests`);
    await q.query(`
      ALTER TABLE information_requests
        DROP CONSTRAINT information_requests_document_when_received,
        DROP CONSTRAINT information_requests_received_document_whole,
        DROP CONSTRAINT information_requests_received_document,
        DROP COLUMN received_version,
        DROP COLUMN received_document_id`);
  }
}
