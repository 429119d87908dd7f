import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ConflictProblem, ValidationProblem, IsOptional } from '@app/common';
import { DraftPart, DraftUnderSignOff, Review } from '@app/reviews';
import { DOCUMENT_KIND_LABELS, DocumentKind, DocumentVersion, ReviewDocument } from '../entities/document.entity';

/**
 * Which report versions a draft is: by default the latest version of the review's overview report
 * and executive summary; a body may name another document or an earlier version.
 */
export class DraftNaming {
  @ApiPropertyOptional({ format: 'uuid', description: "The overview report's document; needed only when the review holds more than one" })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of an overview report of this review' })
  overviewReport?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The version of the overview report the boards are to read; the latest when not given' })
  @IsOptional()
  @IsInt({ message: 'must be a version number such as 2' })
  @Min(1)
  @Max(100000)
  overviewReportVersion?: number;

  @ApiPropertyOptional({ format: 'uuid', description: "The executive summary's document; needed only when the review holds more than one" })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of an executive summary of this review' })
  executiveSummary?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The version of the executive summary; the latest when not given' })
  @IsOptional()
  @IsInt({ message: 'must be a version number such as 2' })
  @Min(1)
  @Max(100000)
  executiveSummaryVersion?: number;
}

/** A report kind, its body fields, and how it is named in messages. */
const PARTS = {
  overviewReport: { kind: 'overview-report', version: 'overviewReportVersion' },
  executiveSummary: { kind: 'executive-summary', version: 'executiveSummaryVersion' },
} as const satisfies Record<string, { kind: DocumentKind; version: keyof DraftNaming }>;

/** Finds the report versions a draft names, checked: on this review, readable (not infected, scanned when a scanner is set). */
@Injectable()
export class DraftReports {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** Whether the review holds an overview report with a version the boards could read. */
  async hasReadableReport(reviewId: string): Promise<boolean> {
    const [row] = (await this.txHost.tx.query(
      `SELECT EXISTS (SELECT 1 FROM documents d JOIN document_versions v ON v.document_id = d.id
        WHERE d.review_id = $1 AND d.kind = 'overview-report' AND v.storage_key IS NOT NULL AND v.scan_status IN ('clean', 'not-scanned')) AS found`,
      [reviewId],
    )) as { found: boolean }[];
    return row.found;
  }

  /** The draft the body names, or null when the review holds no overview report at all (a review drafted outside the service). */
  async name(review: Review, body: DraftNaming): Promise<DraftUnderSignOff | null> {
    const overviewReport = await this.part(review, body, 'overviewReport');
    const executiveSummary = await this.part(review, body, 'executiveSummary');
    if (!overviewReport) {
      if (executiveSummary) throw ValidationProblem.field('overviewReport', 'is required with an executive summary: upload the overview report first');
      return null;
    }
    return { overviewReport, executiveSummary };
  }

  private async part(review: Review, body: DraftNaming, field: keyof typeof PARTS): Promise<DraftPart | null> {
    const { kind, version: versionField } = PARTS[field];
    const label = DOCUMENT_KIND_LABELS[kind].toLowerCase();
    const named = body[field];
    const wanted = body[versionField];
    const documents = await this.txHost.tx.getRepository(ReviewDocument).find({ where: { reviewId: review.id, kind }, order: { createdAt: 'ASC' } });
    let document: ReviewDocument | undefined;
    if (named) {
      document = documents.find((d) => d.id === named);
      if (!document) throw ValidationProblem.field(field, `is not an ${label} of this review`);
    } else if (documents.length > 1) {
      throw ValidationProblem.field(
        field,
        `is required: this review holds ${documents.length} documents of the kind ${label}; say which the boards are to read`,
      );
    } else {
      document = documents[0];
    }
    if (!document) {
      if (wanted !== undefined) throw ValidationProblem.field(versionField, `this review holds no ${label}`);
      return null;
    }
    const versions = this.txHost.tx.getRepository(DocumentVersion);
    const version = wanted
      ? await versions.findOneBy({ documentId: document.id, n: wanted })
      : await versions.findOne({ where: { documentId: document.id }, order: { n: 'DESC' } });
    if (!version) throw ValidationProblem.field(versionField, `the ${label} has no version ${wanted}`);
    if (!version.storageKey) throw new ConflictProblem(`Version ${version.n} of the ${label} was disposed of.`);
    if (version.scanStatus === 'infected') {
      throw ValidationProblem.field(versionField, `version ${version.n} of the ${label} failed the virus scan: upload a clean version`);
    }
    if (version.scanStatus === 'pending') {
      throw new ConflictProblem(`Version ${version.n} of the ${label} is still waiting for its virus scan: try again once it is scanned.`, {
        documentId: document.id,
        version: version.n,
      });
    }
    return { documentId: document.id, title: document.title, version: version.n, sha256: version.sha256 };
  }
}

/** The facts of a draft for a history entry and the audit trail: versions and hashes, never titles (they may name people). */
export function draftDetails(draft: DraftUnderSignOff): Record<string, unknown> {
  const part = (p: DraftPart) => ({ documentId: p.documentId, version: p.version, sha256: p.sha256 });
  return { draft: { overviewReport: part(draft.overviewReport), executiveSummary: draft.executiveSummary ? part(draft.executiveSummary) : null } };
}

/** Whether two drafts are the same bytes: a revised draft must change at least one of them. */
export function sameDraft(a: DraftUnderSignOff, b: DraftUnderSignOff): boolean {
  const key = (p: DraftPart | null) => (p ? `${p.documentId}:${p.version}` : '');
  return key(a.overviewReport) === key(b.overviewReport) && key(a.executiveSummary) === key(b.executiveSummary);
}
