import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { can, rolesWith } from '@app/access';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, ConflictProblem } from '@app/common';
import { DOCUMENT_KIND_LABELS, DocumentKind, DocumentsService, StoredVersionEvent } from '@app/documents';
import { ReviewAccessPort } from '@app/reviews';
import { AnonymisationCheck, CheckFinding, FileCheckStatus } from './anonymisation-check.service';
import { VersionCheckSummary, VersionFindingsView } from './dto/anonymisation.dto';
import { extractText, ExtractionError } from './extract-text';
import { contextParts } from './find-identifiers';
import { ProtectedIdentities } from './protected-identities.service';

/** The documents that leave the partnership (to the Home Office or the Secretary of State, and published): each version is checked. */
export const REPORT_KINDS: readonly DocumentKind[] = ['overview-report', 'executive-summary', 'published-report'];

/** What an unreadable text's finding is called where a name's role would be. */
export const UNREADABLE_LABEL = 'could not read the text';

/** Where a version's findings are, on the web and in the API (ids only). */
export function findingsPaths(reviewId: string, documentId: string, n: number): { page: string; api: string } {
  const tail = `reviews/${reviewId}/documents/${documentId}/versions/${n}/anonymisation`;
  return { page: `/${tail}`, api: `/api/${tail}` };
}

/** How a version's check stands, in a few words for the review page. */
export interface VersionCheckStatus {
  text: string;
  href: string;
  cleared: boolean;
}

/**
 * The check of a review's reports (issue 15.7): every version of an overview report, executive
 * summary or published report is checked once stored (the documents library tells this one, see
 * `onModuleInit`), the result recorded and audited as `AnonymisationCheck.check` does; a text
 * that cannot be read is a finding of its own. The findings of a version, in context, for those
 * who may see the protected names; a check run again on request.
 */
@Injectable()
export class ReportChecks implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly documents: DocumentsService,
    private readonly checks: AnonymisationCheck,
    private readonly identities: ProtectedIdentities,
    private readonly reviews: ReviewAccessPort,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.documents.onVersionStored('anonymisation', REPORT_KINDS, (event) => this.checkVersion(event, event.uploadedBy));
  }

  /**
   * Extracts the version's text and checks it against the review's protected names and for
   * dates of birth; records and audits the result in a transaction of its own. A text that
   * cannot be read (or holds no text at all) is one finding, kind `unreadable`.
   */
  async checkVersion(event: StoredVersionEvent, checkedBy: string | null): Promise<VersionCheckSummary> {
    let text = '';
    let unreadable: string | null = null;
    try {
      text = await extractText(await event.open(), event.version.mediaType);
      if (!text.trim()) unreadable = 'No text could be read from it (a scanned image, perhaps), so nothing in it could be checked.';
    } catch (error) {
      if (!(error instanceof ExtractionError)) throw error;
      unreadable = `${error.message} Nothing in it could be checked.`;
    }
    const label = `${event.document.title} (version ${event.version.n})`;
    const view = await this.txHost.withTransaction(async () => {
      let findings: CheckFinding[];
      let checkedAt: Date;
      if (unreadable) {
        checkedAt = this.clock.now();
        findings = [
          {
            id: '1:unreadable',
            document: 1,
            documentLabel: label,
            kind: 'unreadable',
            label: UNREADABLE_LABEL,
            match: '',
            context: '',
            offset: 0,
            length: 0,
            note: unreadable,
          },
        ];
      } else {
        ({ findings, checkedAt } = await this.checks.run(event.review, [{ label, text }]));
      }
      return this.checks.record(
        event.review,
        checkedBy,
        [
          {
            label,
            text,
            sha256: event.version.sha256,
            mediaType: event.version.mediaType,
            bytes: event.version.size,
            documentId: event.document.id,
            version: event.version.n,
          },
        ],
        findings,
        checkedAt,
      );
    });
    const paths = findingsPaths(event.review.id, event.document.id, event.version.n);
    return {
      status: 'checked',
      checkId: view.checkId,
      findingCount: view.findings.length,
      unacknowledgedCount: view.findings.length,
      unreadable: unreadable !== null,
      cleared: view.findings.length === 0,
      findingsPage: paths.page,
      findingsApi: paths.api,
    };
  }

  /** Checks a version again, at a person's request (someone who may check the review's documents). */
  async recheck(user: AuthenticatedUser, reviewId: string, documentId: string, n: number): Promise<VersionCheckSummary> {
    const found = await this.txHost.withTransaction(async () => {
      const review = await this.identities.reviewFor(user, reviewId, 'check-anonymisation');
      return this.documents.versionForCheck(user, review.id, documentId, n);
    });
    if (!found.open) throw new ConflictProblem('This version’s content is not kept (disposed of, or found to carry malware), so it cannot be checked.');
    const { review, document, version, open } = found;
    return this.checkVersion(
      {
        review: { id: review.id, partnershipId: review.partnershipId, deathId: review.deathId },
        document: { id: document.id, kind: document.kind, title: document.title },
        version: { n: version.n, sha256: version.sha256, mediaType: version.mediaType, size: version.size, scanStatus: version.scanStatus },
        uploadedBy: version.uploadedBy,
        open,
      },
      user.id,
    );
  }

  /**
   * A version's latest check with each finding in its context (the text read again from the
   * stored content: the check's row keeps no matched text), for those who may see the review's
   * protected names. The read is audited (no names in the entry).
   */
  findingsOf(user: AuthenticatedUser, reviewId: string, documentId: string, n: number): Promise<VersionFindingsView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.identities.reviewFor(user, reviewId, 'check-anonymisation');
      const { document, version, latestN, open } = await this.documents.versionForCheck(user, review.id, documentId, n);
      const status = await this.checks.fileStatus(review.id, version.sha256);
      const lastRecorded = await this.identities.lastRecordedAt(review.id);
      let text: string | null = null;
      if (open && status?.findings.some(({ finding }) => finding.kind !== 'unreadable')) {
        text = await extractText(await open(), version.mediaType).catch(() => null);
      }
      const findings = (status?.findings ?? []).map(({ finding, acknowledgement }) => {
        const inText = text !== null && finding.kind !== 'unreadable' && finding.offset + finding.length <= text.length;
        const parts = inText ? contextParts(text!, finding) : null;
        return {
          id: finding.id,
          kind: finding.kind,
          label: finding.label,
          match: parts?.match ?? null,
          before: parts?.before ?? null,
          after: parts?.after ?? null,
          note: finding.note ?? null,
          offset: finding.offset,
          length: finding.length,
          acknowledgement: acknowledgement
            ? { reason: acknowledgement.reason, acknowledgedBy: acknowledgement.acknowledgedBy, acknowledgedAt: acknowledgement.acknowledgedAt.toISOString() }
            : null,
        };
      });
      await this.audit.record({
        action: 'review.anonymisation-findings-viewed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { documentId: document.id, version: version.n, checkId: status?.check.id ?? null, findingCount: findings.length },
        boards: [],
      });
      return {
        reviewId: review.id,
        documentId: document.id,
        kind: document.kind,
        kindName: DOCUMENT_KIND_LABELS[document.kind],
        title: document.title,
        version: version.n,
        latest: version.n === latestN,
        sha256: version.sha256,
        checkId: status?.check.id ?? null,
        checkedAt: status?.check.checkedAt.toISOString() ?? null,
        findings,
        unacknowledgedCount: status?.unacknowledged ?? 0,
        cleared: status !== null && status.unacknowledged === 0 && !(lastRecorded !== null && lastRecorded > status.check.checkedAt),
        checkable: open !== null,
        checkedBeforeLatestName: status !== null && lastRecorded !== null && lastRecorded > status.check.checkedAt,
      };
    });
  }

  /**
   * How each of these report versions' checks stands, for the review page (null when this
   * person may not see the review's protected names: the page then says nothing of them). No
   * names are read; in the caller's transaction.
   */
  statusesFor(
    user: AuthenticatedUser,
    reviewId: string,
    versions: { documentId: string; kind: string; n: number; sha256: string }[],
  ): Promise<Map<string, VersionCheckStatus> | null> {
    return this.txHost.withTransaction(async () => {
      if (!can(user, 'check-anonymisation')) return null;
      const review = await this.reviews.find(user, reviewId);
      if (!(await this.reviews.holdsRole({ roles: rolesWith('check-anonymisation') }, review, user))) return null;
      const statuses = new Map<string, VersionCheckStatus>();
      const lastRecorded = await this.identities.lastRecordedAt(review.id);
      for (const v of versions) {
        if (!REPORT_KINDS.includes(v.kind as DocumentKind)) continue;
        statuses.set(
          `${v.documentId}:${v.n}`,
          versionStatus(await this.checks.fileStatus(review.id, v.sha256), findingsPaths(review.id, v.documentId, v.n).page, lastRecorded),
        );
      }
      return statuses;
    });
  }
}

function versionStatus(status: FileCheckStatus | null, href: string, lastRecorded: Date | null): VersionCheckStatus {
  if (!status) return { text: 'Anonymisation: not checked yet', href, cleared: false };
  if (lastRecorded && lastRecorded > status.check.checkedAt)
    return { text: 'Anonymisation: to check again (a protected name was recorded since)', href, cleared: false };
  if (status.findings.some(({ finding, acknowledgement }) => finding.kind === 'unreadable' && !acknowledgement))
    return { text: 'Anonymisation: the text could not be read', href, cleared: false };
  if (status.unacknowledged > 0)
    return { text: `Anonymisation: ${status.unacknowledged} ${status.unacknowledged === 1 ? 'finding' : 'findings'} to acknowledge`, href, cleared: false };
  if (status.findings.length === 0) return { text: 'Anonymisation: no identifying details found', href, cleared: true };
  return { text: `Anonymisation: ${status.findings.length} ${status.findings.length === 1 ? 'finding' : 'findings'}, all acknowledged`, href, cleared: true };
}
