import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Documents on a review (issue 15.1–15.3), owned by libs/documents.
 *
 * - `documents`: one per document on a review: its kind, title, the agency it came from (where
 *   one did) and whether it is shared with the whole panel.
 * - `document_versions`: the versions of a document, 1, 2, 3...; a new version never replaces an
 *   old one. Each keeps its size, its media type (sniffed from the content), SHA-256, who uploaded
 *   it and when, a sanitised file name, its scan status and the key of its content in storage.
 * - `document_blobs` and `document_chunks`: the PostgreSQL document storage: a blob's content in
 *   256 KiB bytea rows, in order, written as an upload arrives and read back as a stream.
 *
 * The application may not delete a document or a version, nor change a version but for its scan
 * status and, at disposal, its file name and storage key.
 *
 * Row-level security as on the other tables of a review: rows of a review the scoped
 * partnership may see (its own, or one it contributes to).
 */
export class Documents1765000000000 implements MigrationInterface {
  name = 'Documents1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_blobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        size bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE document_chunks (
        blob_id uuid NOT NULL REFERENCES document_blobs (id) ON DELETE CASCADE,
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        seq int NOT NULL CHECK (seq >= 0),
        data bytea NOT NULL,
        PRIMARY KEY (blob_id, seq)
      )`);
    await q.query(`ALTER TABLE document_chunks ALTER COLUMN data SET STORAGE EXTERNAL`);
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        kind text NOT NULL,
        title text NOT NULL,
        agency_id uuid REFERENCES agencies (id),
        shared_with_panel boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES users (id),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX documents_review ON documents (review_id)`);
    await q.query(`
      CREATE TABLE document_versions (
        document_id uuid NOT NULL REFERENCES documents (id),
        n int NOT NULL CHECK (n >= 1),
        partnership_id uuid NOT NULL REFERENCES partnerships (id),
        review_id uuid NOT NULL REFERENCES reviews (id),
        filename text NOT NULL,
        size bigint NOT NULL CHECK (size >= 0),
        media_type text NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        storage_key text,
        scan_status text NOT NULL DEFAULT 'not-scanned' CHECK (scan_status IN ('pending', 'clean', 'infected', 'not-scanned')),
        uploaded_by uuid REFERENCES users (id),
        uploaded_at timestamptz NOT NULL,
        PRIMARY KEY (document_id, n)
      )`);

    const tables = ['document_blobs', 'document_chunks', 'documents', 'document_versions'];
    for (const role of ['dhr_app', 'dhr_system']) {
      // A version is immutable but for its scan status and, at disposal, its file name and content;
      // a document keeps its kind and agency. Content goes only at disposal (or with a failed upload's rollback).
      await q.query(`GRANT SELECT, INSERT, DELETE ON document_blobs, document_chunks TO ${role}`);
      await q.query(`GRANT UPDATE (size) ON document_blobs TO ${role}`);
      await q.query(`GRANT SELECT, INSERT ON documents, document_versions TO ${role}`);
      await q.query(`GRANT UPDATE (title, shared_with_panel) ON documents TO ${role}`);
      await q.query(`GRANT UPDATE (scan_status, filename, storage_key) ON document_versions TO ${role}`);
    }
    const visible = `partnership_id = app_partnership() OR review_id = ANY ((SELECT app_review_ids())::uuid[])`;
    for (const table of tables) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY system_scope ON ${table} TO dhr_system USING (true) WITH CHECK (true)`);
      await q.query(`CREATE POLICY tenant_scope ON ${table} TO dhr_app USING (${visible}) WITH CHECK (${visible})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_versions`);
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP TABLE document_chunks`);
    await q.query(`DROP TABLE document_blobs`);
  }
}
