import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Background re-scans of document versions left `pending` (clamd unreachable or too slow when
 * they were uploaded), owned by libs/documents.
 *
 * - `scan_attempts`: how many times clamd was asked about the version, by the upload, a content
 *   request or the worker's re-scan;
 * - `scan_attempted_at`: when it was last asked;
 * - `scan_error`: why the last attempt got no verdict, in plain words (null once there is one);
 * - `scan_next_at`: when the worker next tries a pending version (its back-off), null otherwise.
 *
 * The application may change these four as well as the scan status; a partial index keeps the
 * worker's look for due pending versions cheap however many versions there are.
 */
export class DocumentScanRetries1765030000000 implements MigrationInterface {
  name = 'DocumentScanRetries1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE document_versions
        ADD COLUMN scan_attempts int NOT NULL DEFAULT 0 CHECK (scan_attempts >= 0),
        ADD COLUMN scan_attempted_at timestamptz,
        ADD COLUMN scan_error text,
        ADD COLUMN scan_next_at timestamptz`);
    await q.query(`CREATE INDEX document_versions_pending_scan ON document_versions (scan_next_at) WHERE scan_status = 'pending'`);
    for (const role of ['dhr_app', 'dhr_system']) {
      await q.query(`GRANT UPDATE (scan_attempts, scan_attempted_at, scan_error, scan_next_at) ON document_versions TO ${role}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX document_versions_pending_scan`);
    await q.query(`
      ALTER TABLE document_versions
        DROP COLUMN scan_next_at,
        DROP COLUMN scan_error,
        DROP COLUMN scan_attempted_at,
        DROP COLUMN scan_attempts`);
  }
}
