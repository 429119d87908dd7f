import { Injectable, Logger } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { AuditService } from '@app/audit';
import { Clock } from '@app/common';
import { Environment } from '@app/config';
import { VirusScanError, VirusScanner } from '@app/scanning';
import { DocumentStorage } from './document-storage';
import { DocumentVersion, ScanStatus } from './entities/document.entity';

/** A document's title and a version's file name may name people: sealed in the audit trail under the review's key. */
export const PERSONAL_DOCUMENT_FIELDS = ['title', 'filename'];

/** How many due versions one re-scan round takes on, one after another. */
const ROUND_SIZE = 50;

/** What the audit trail records of a version. */
export function versionFacts(version: DocumentVersion) {
  return { version: version.n, filename: version.filename, size: version.size, mediaType: version.mediaType, sha256: version.sha256 };
}

/**
 * The wait before the next re-scan of a version whose scan has failed `failures` times in a row:
 * the interval, doubled with each further failure, never more than the cap.
 */
export function scanRetryDelayMs(failures: number, intervalMs: number, capMs: number): number {
  const doubled = intervalMs * 2 ** Math.min(Math.max(failures - 1, 0), 30);
  return Math.max(intervalMs, Math.min(doubled, capMs));
}

/** Why clamd gave no verdict, in words the people waiting for the document can read. */
export function scanFailureReason(error: VirusScanError, timeoutMs: number): string {
  switch (error.reason) {
    case 'unavailable':
      return 'The virus scanner could not be reached.';
    case 'timeout':
      return `The virus scanner did not answer within ${timeoutMs / 1000} seconds.`;
    case 'refused':
      return `The virus scanner would not scan the file (${error.message.replace(/^clamd did not scan the stream: /, '')}).`;
    case 'interrupted':
      return 'The virus scanner dropped the connection before giving a verdict; a file larger than it accepts is cut off like this.';
  }
}

/** What one re-scan round did. */
export interface RescanRound {
  /** Versions whose back-off had run out, taken on by this round. */
  tried: number;
  clean: number;
  infected: number;
  /** Still without a verdict: tried again after their back-off. */
  stillPending: number;
}

/**
 * Scanning a stored version with clamd and recording what came of it, for the upload, a content
 * request and the worker's background re-scan alike. A verdict moves the version from `pending`
 * to `clean` or `infected` (audited as `document.infected`, with the signature, engine and
 * signature database); no verdict leaves it `pending`, with the attempt, its reason and when the
 * worker tries next (the back-off) recorded on the version.
 */
@Injectable()
export class VersionScans {
  private readonly logger = new Logger(VersionScans.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly storage: DocumentStorage,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly env: Environment,
    private readonly scanner: VirusScanner,
    private readonly cls: ClsService,
  ) {}

  /** Whether a clamd is configured: without one nothing is scanned, and nothing is pending. */
  get enabled(): boolean {
    return this.scanner.configured;
  }

  /**
   * Until when a scan under way holds a version (a worker's round, or the upload's own first
   * scan): no round takes it on before then. Long enough for any scan to finish; if the process
   * scanning it stops, the version is taken on again after it.
   */
  claimUntil(from: Date): Date {
    return new Date(from.getTime() + Math.max(this.env.SCAN_RETRY_MAX_INTERVAL_MS, this.env.CLAMD_TIMEOUT_MS * 2));
  }

  /**
   * Scans a pending version's stored content and records the outcome, in a transaction of its
   * own (so an attempt is kept even when the caller's own work is refused). Returns the status
   * the version then has.
   */
  async scan(version: DocumentVersion): Promise<ScanStatus> {
    if (version.scanStatus !== 'pending' || !version.storageKey || !this.enabled) return version.scanStatus;
    const where = { documentId: version.documentId, n: version.n };
    try {
      const result = await this.scanner.scan(await this.storage.open(version.storageKey));
      if (result.status === 'not-scanned') return version.scanStatus;
      const attemptedAt = this.clock.now();
      const recorded = await this.txHost.withTransaction(Propagation.RequiresNew, async () => {
        const [rows] = (await this.txHost.tx.query(
          `UPDATE document_versions
              SET scan_status = $3, scan_attempts = scan_attempts + 1, scan_attempted_at = $4, scan_error = NULL, scan_next_at = NULL
            WHERE document_id = $1 AND n = $2 AND scan_status = 'pending'
          RETURNING scan_attempts`,
          [where.documentId, where.n, result.status, attemptedAt],
        )) as [{ scan_attempts: number }[], number];
        // Another scan (a content request, another worker) may have recorded the verdict first: it audited it then.
        if (rows.length === 0) return false;
        if (result.status === 'infected') {
          await this.audit.record({
            action: 'document.infected',
            reviewId: version.reviewId,
            partnershipId: version.partnershipId,
            changes: { documentId: version.documentId, ...versionFacts(version), scanStatus: 'infected', signature: result.signature, engine: result.engine },
            personal: { of: version.reviewId, fields: PERSONAL_DOCUMENT_FIELDS },
          });
        }
        version.scanAttempts = rows[0].scan_attempts;
        return true;
      });
      if (recorded) {
        Object.assign(version, { scanStatus: result.status, scanAttemptedAt: attemptedAt, scanError: null, scanNextAt: null });
        return result.status;
      }
      return (await this.reread(version)).scanStatus;
    } catch (error) {
      if (!(error instanceof VirusScanError)) throw error;
      await this.recordFailure(version, error);
      this.logger.warn(
        `Document version ${version.documentId}/${version.n} stays pending after ${version.scanAttempts} attempts: clamd gave no verdict (${error.message}); next try at ${version.scanNextAt?.toISOString()}`,
      );
      return version.scanStatus;
    }
  }

  /**
   * One background round: takes on the pending versions whose back-off has run out (claiming
   * them, so another worker's round skips them), the longest waiting first, and scans each. Does
   * nothing without a configured clamd.
   */
  async rescanDue(limit = ROUND_SIZE): Promise<RescanRound> {
    const round: RescanRound = { tried: 0, clean: 0, infected: 0, stillPending: 0 };
    if (!this.enabled) return round;
    if (!this.cls.isActive()) return this.cls.run(() => this.rescanDue(limit));
    const now = this.clock.now();
    const claimUntil = this.claimUntil(now);
    const claimed = await this.txHost.withTransaction(Propagation.RequiresNew, async () => {
      const [rows] = (await this.txHost.tx.query(
        `UPDATE document_versions SET scan_next_at = $3
          WHERE (document_id, n) IN (
            SELECT document_id, n FROM document_versions
             WHERE scan_status = 'pending' AND storage_key IS NOT NULL AND (scan_next_at IS NULL OR scan_next_at <= $1)
             ORDER BY scan_next_at ASC NULLS FIRST, uploaded_at ASC
             LIMIT $2
             FOR UPDATE SKIP LOCKED)
        RETURNING document_id, n`,
        [now, limit, claimUntil],
      )) as [{ document_id: string; n: number }[], number];
      if (rows.length === 0) return [];
      return this.txHost.tx.getRepository(DocumentVersion).find({
        where: rows.map((r) => ({ documentId: r.document_id, n: r.n })),
        order: { uploadedAt: 'ASC' },
      });
    });
    for (const version of claimed) {
      round.tried++;
      const status = await this.scan(version).catch((error: unknown) => {
        // Not clamd's doing (the stored content could not be read, say): logged, and tried again once the claim runs out.
        this.logger.error({ err: error }, `Document version ${version.documentId}/${version.n} could not be re-scanned`);
        return 'pending' as const;
      });
      if (status === 'clean') round.clean++;
      else if (status === 'infected') round.infected++;
      else round.stillPending++;
    }
    if (round.tried > 0) this.logger.log(round, 'Re-scanned document versions left pending');
    return round;
  }

  /** No verdict: the attempt, its reason and when to try next, in a transaction of its own. */
  private async recordFailure(version: DocumentVersion, error: VirusScanError): Promise<void> {
    const attemptedAt = this.clock.now();
    const reason = scanFailureReason(error, this.env.CLAMD_TIMEOUT_MS);
    await this.txHost.withTransaction(Propagation.RequiresNew, async () => {
      const [rows] = (await this.txHost.tx.query(
        `UPDATE document_versions
            SET scan_attempts = scan_attempts + 1, scan_attempted_at = $3, scan_error = $4
          WHERE document_id = $1 AND n = $2 AND scan_status = 'pending'
        RETURNING scan_attempts`,
        [version.documentId, version.n, attemptedAt, reason],
      )) as [{ scan_attempts: number }[], number];
      if (rows.length === 0) return;
      const attempts = rows[0].scan_attempts;
      const nextAt = new Date(attemptedAt.getTime() + scanRetryDelayMs(attempts, this.env.SCAN_RETRY_INTERVAL_MS, this.env.SCAN_RETRY_MAX_INTERVAL_MS));
      await this.txHost.tx.query(`UPDATE document_versions SET scan_next_at = $3 WHERE document_id = $1 AND n = $2`, [version.documentId, version.n, nextAt]);
      Object.assign(version, { scanAttempts: attempts, scanAttemptedAt: attemptedAt, scanError: reason, scanNextAt: nextAt });
    });
  }

  private async reread(version: DocumentVersion): Promise<DocumentVersion> {
    const fresh = await this.txHost.withTransaction(Propagation.RequiresNew, () =>
      this.txHost.tx.getRepository(DocumentVersion).findOneByOrFail({ documentId: version.documentId, n: version.n }),
    );
    return Object.assign(version, fresh);
  }
}
