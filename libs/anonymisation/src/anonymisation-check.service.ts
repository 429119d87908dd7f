import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, ConflictProblem, NotFoundProblem } from '@app/common';
import { AcknowledgementView, AnonymisationCheckView, CheckSummaryView } from './dto/anonymisation.dto';
import { AnonymisationAcknowledgement, AnonymisationCheckRecord, KeptFinding } from './entities/anonymisation-check.entity';
import { Finding, findIdentifiers } from './find-identifiers';
import { ProtectedIdentities } from './protected-identities.service';

/** A document's text to check, with what identifies the file itself. */
export interface DocumentText {
  label: string;
  text: string;
  /** SHA-256 (hex) of the file as uploaded; of the text (UTF-8) when not given. */
  sha256?: string;
  mediaType?: string;
  bytes?: number;
}

/** A finding in one of the documents checked: a name or date of birth found, or a text that could not be read. */
export type CheckFinding = (Finding | UnreadableFinding) & { id: string; document: number; documentLabel: string; note?: string };

/** A document whose text could not be read: nothing in it could be checked, so it blocks like a finding. */
export interface UnreadableFinding extends Omit<Finding, 'kind'> {
  kind: 'unreadable';
}

export interface CheckResult {
  findings: CheckFinding[];
  checkedAt: Date;
}

/**
 * The anonymisation check (issue 15.7): a review's documents' text against every protected
 * identity the product holds for the death (the victim's real name, the names recorded on the
 * review, their dates of birth) and dates written as dates of birth. `run` only looks; `check`
 * also records the result (no matched text kept in the row) and audits it with the matches
 * sealed under the review's key; `acknowledge` keeps a finding on purpose, with the reason.
 */
@Injectable()
export class AnonymisationCheck {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly identities: ProtectedIdentities,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The findings in these documents for the review, in the caller's transaction; nothing recorded. */
  async run(review: { id: string; deathId: string }, documents: readonly Pick<DocumentText, 'label' | 'text'>[]): Promise<CheckResult> {
    const names = await this.identities.namesFor(review);
    const findings = documents.flatMap((document, index) =>
      findIdentifiers(document.text, names).map((finding) => ({
        id: `${index + 1}:${finding.offset}`,
        document: index + 1,
        documentLabel: document.label,
        ...finding,
      })),
    );
    return { findings, checkedAt: this.clock.now() };
  }

  /** Checks the documents for a review the person may check, records and audits the result. */
  check(user: AuthenticatedUser, reviewId: string, documents: readonly DocumentText[]): Promise<AnonymisationCheckView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.identities.reviewFor(user, reviewId, 'check-anonymisation');
      const { findings, checkedAt } = await this.run(review, documents);
      return this.record(review, user.id, documents, findings, checkedAt);
    });
  }

  /**
   * Records a check already run (its findings) and audits it, in the caller's transaction: the
   * files' SHA-256, sizes and counts, each finding's kind, whose and where (never the matched
   * text in the row); the file names and matches in the audit entry, sealed under the review's key.
   */
  async record(
    review: { id: string; partnershipId: string },
    checkedBy: string | null,
    documents: readonly (DocumentText & { documentId?: string; version?: number })[],
    findings: CheckFinding[],
    checkedAt: Date,
  ): Promise<AnonymisationCheckView> {
    const docs = documents.map((document, index) => ({
      index: index + 1,
      label: document.label,
      sha256: document.sha256 ?? sha256(Buffer.from(document.text, 'utf8')),
      mediaType: document.mediaType ?? 'text/plain',
      bytes: document.bytes ?? Buffer.byteLength(document.text, 'utf8'),
      characters: document.text.length,
      ...(document.documentId ? { documentId: document.documentId, version: document.version } : {}),
    }));
    const kept: KeptFinding[] = findings.map(({ id, document, kind, label, offset, length, note }) => ({
      id,
      document,
      kind,
      label,
      offset,
      length,
      ...(note ? { note } : {}),
    }));
    const repo = this.txHost.tx.getRepository(AnonymisationCheckRecord);
    const record = await repo.save(
      repo.create({
        partnershipId: review.partnershipId,
        reviewId: review.id,
        checkedBy,
        checkedAt,
        documents: docs.map(({ label: _label, ...rest }) => rest),
        findingCount: findings.length,
        findings: kept,
        findingsSha256: sha256(Buffer.from(JSON.stringify(findings.map(({ id, kind, label, match }) => [id, kind, label, match])), 'utf8')),
      }),
    );
    await this.audit.record({
      action: 'review.anonymisation-checked',
      reviewId: review.id,
      partnershipId: review.partnershipId,
      changes: {
        checkId: record.id,
        files: docs.map(({ sha256: hash, mediaType, bytes, documentId, version }) => ({
          sha256: hash,
          mediaType,
          bytes,
          ...(documentId ? { documentId, version } : {}),
        })),
        findingCount: findings.length,
        byKind: countBy(findings.map((f) => `${f.kind}:${f.label}`)),
        // Sealed under the review's key: file names and what was found may name someone.
        documentLabels: docs.map((d) => d.label),
        findings: findings.map(({ id, kind, label, match }) => ({ id, kind, label, match })),
      },
      personal: { of: review.id, fields: ['documentLabels', 'findings'] },
      boards: [],
    });
    return { checkId: record.id, checkedAt: checkedAt.toISOString(), documents: docs, findings, clean: findings.length === 0 };
  }

  /** Keeps one finding of a check on purpose, with the reason; audited, the reason sealed. */
  acknowledge(user: AuthenticatedUser, reviewId: string, checkId: string, findingId: string, reason: string): Promise<AcknowledgementView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.identities.reviewFor(user, reviewId, 'check-anonymisation', true);
      const check = await this.txHost.tx.getRepository(AnonymisationCheckRecord).findOneBy({ id: checkId, reviewId: review.id });
      if (!check) throw new NotFoundProblem('This review has no anonymisation check with that id.');
      const finding = check.findings.find((f) => f.id === findingId);
      if (!finding) throw new NotFoundProblem('That check has no finding with that id.');
      const repo = this.txHost.tx.getRepository(AnonymisationAcknowledgement);
      if (await repo.existsBy({ checkId: check.id, findingId })) throw new ConflictProblem('That finding is already acknowledged.');
      const acknowledgement = await repo.save(
        repo.create({
          partnershipId: review.partnershipId,
          checkId: check.id,
          findingId,
          reason: reason.trim(),
          acknowledgedBy: user.id,
          acknowledgedAt: this.clock.now(),
        }),
      );
      await this.audit.record({
        action: 'review.anonymisation-finding-acknowledged',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { checkId: check.id, findingId, kind: finding.kind, label: finding.label, reason: acknowledgement.reason },
        personal: { of: review.id, fields: ['reason'] },
        boards: [],
      });
      return {
        id: acknowledgement.id,
        checkId: check.id,
        findingId,
        reason: acknowledgement.reason,
        acknowledgedBy: acknowledgement.acknowledgedBy,
        acknowledgedAt: acknowledgement.acknowledgedAt.toISOString(),
      };
    });
  }

  /** The review's checks, newest first, each with what is left to acknowledge. */
  list(user: AuthenticatedUser, reviewId: string): Promise<CheckSummaryView[]> {
    return this.txHost.withTransaction(async () => {
      const review = await this.identities.reviewFor(user, reviewId, 'check-anonymisation');
      const checks = await this.txHost.tx.getRepository(AnonymisationCheckRecord).find({ where: { reviewId: review.id }, order: { seq: 'DESC' } });
      return Promise.all(checks.map((check) => this.summary(check)));
    });
  }

  /**
   * The latest check of the review that includes this file (by SHA-256), with that file's own
   * findings only (a check of several files keeps each one's apart) and the acknowledgement of
   * each; null when it was never checked. In the caller's transaction: what the guard
   * `report-anonymised` and the findings page ask.
   */
  async fileStatus(reviewId: string, fileSha256: string): Promise<FileCheckStatus | null> {
    const check = await this.latestCheckOf(reviewId, fileSha256);
    if (!check) return null;
    const index = check.documents.find((d) => d.sha256 === fileSha256)!.index;
    const acknowledgements = await this.txHost.tx.getRepository(AnonymisationAcknowledgement).findBy({ checkId: check.id });
    const findings = check.findings
      .filter((f) => f.document === index)
      .map((finding) => ({ finding, acknowledgement: acknowledgements.find((a) => a.findingId === finding.id) ?? null }));
    return { check, index, findings, unacknowledged: findings.filter((f) => !f.acknowledgement).length };
  }

  private latestCheckOf(reviewId: string, fileSha256: string): Promise<AnonymisationCheckRecord | null> {
    return this.txHost.tx
      .getRepository(AnonymisationCheckRecord)
      .createQueryBuilder('c')
      .where('c.review_id = :reviewId', { reviewId })
      .andWhere(`c.documents @> :doc::jsonb`, { doc: JSON.stringify([{ sha256: fileSha256 }]) })
      .orderBy('c.seq', 'DESC')
      .getOne();
  }

  /**
   * For a submission or publication guard: the latest check of the review whose
   * files include this SHA-256, and whether every finding of it is acknowledged. Null when the
   * file was never checked. In the caller's transaction.
   */
  async latestFor(reviewId: string, fileSha256: string): Promise<CheckSummaryView | null> {
    const check = await this.txHost.tx
      .getRepository(AnonymisationCheckRecord)
      .createQueryBuilder('c')
      .where('c.review_id = :reviewId', { reviewId })
      .andWhere(`c.documents @> :doc::jsonb`, { doc: JSON.stringify([{ sha256: fileSha256 }]) })
      .orderBy('c.seq', 'DESC')
      .getOne();
    return check ? this.summary(check) : null;
  }

  private async summary(check: AnonymisationCheckRecord): Promise<CheckSummaryView> {
    const acknowledged = new Set((await this.txHost.tx.getRepository(AnonymisationAcknowledgement).findBy({ checkId: check.id })).map((a) => a.findingId));
    const unacknowledged = check.findings.filter((f) => !acknowledged.has(f.id)).map(({ id, kind, label }) => ({ id, kind, label }));
    return {
      checkId: check.id,
      checkedAt: check.checkedAt.toISOString(),
      checkedBy: check.checkedBy,
      sha256: check.documents.map((d) => d.sha256),
      findingCount: check.findingCount,
      unacknowledged,
      cleared: unacknowledged.length === 0,
    };
  }
}

/** A file's latest check: its own findings, each with its acknowledgement (or null). */
export interface FileCheckStatus {
  check: AnonymisationCheckRecord;
  /** The file's 1-based position in the check. */
  index: number;
  findings: { finding: KeptFinding; acknowledgement: AnonymisationAcknowledgement | null }[];
  unacknowledged: number;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
