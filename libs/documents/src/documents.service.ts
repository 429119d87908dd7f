import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { createHash } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { can, rolesWith } from '@app/access';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, fieldProblems, ForbiddenProblem, NotFoundProblem, Problem, REMOVED_AT_DISPOSAL, ValidationProblem } from '@app/common';
import { Environment } from '@app/config';
import { PartnershipsService } from '@app/partnerships';
import { ActionPipeline, InformationRequests, InformationRequestView, Review, ReviewAccessPort } from '@app/reviews';
import { VirusScanError, VirusScanner } from '@app/scanning';
import { DocumentStorage } from './document-storage';
import { AnswerUploadFields, DocumentVersionView, DocumentView, NewDocumentFields } from './dto/document.dto';
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, DocumentKind, DocumentVersion, ReviewDocument, ScanStatus } from './entities/document.entity';
import { declaredType, FILE_TYPES, FileType, safeFilename, sniff, TextCheck } from './file-types';
import { drain, parseMultipart, UploadedPart } from './multipart';
import { PERSONAL_DOCUMENT_FIELDS as PERSONAL, versionFacts, VersionScans } from './version-scans';

/** The report under sign-off: what board members see of a review's documents. */
const REPORT_KINDS: readonly DocumentKind[] = ['overview-report', 'executive-summary'];
/** What a panel member files for their own agency. */
const AGENCY_SUBMISSIONS: readonly DocumentKind[] = ['imr', 'chronology'];
const HEAD_BYTES = 64 * 1024;
/** The action an upload against an information request takes. */
const ANSWERING = 'answer-information-request';

/** What one person may do with a review's documents. */
export interface DocumentRights {
  seesAll: boolean;
  panel: boolean;
  board: boolean;
  uploadsAny: boolean;
  uploadsOwnAgency: boolean;
}

/** A check of a multipart request's fields before its file is stored (the web form's CSRF token). */
export type FieldCheck = (fields: Record<string, string>) => void;

/** What the review page shows of its documents and offers to upload. */
export interface DocumentsForPage {
  documents: DocumentView[];
  /** The kinds this person may upload here (none: no upload form). */
  uploadKinds: DocumentKind[];
  /** A panel member's uploads are always their own agency's. */
  ownAgencyOnly: boolean;
  /** The documents this person may add a version to. */
  versionable: string[];
  maxBytes: number;
  types: FileType[];
}

/** A version just stored, as a listener of new versions is told of it (`DocumentsService.onVersionStored`). */
export interface StoredVersionEvent {
  review: Pick<Review, 'id' | 'partnershipId' | 'deathId'>;
  /** The title may name someone: never log it. */
  document: { id: string; kind: DocumentKind; title: string };
  version: { n: number; sha256: string; mediaType: string; size: number; scanStatus: ScanStatus };
  uploadedBy: string | null;
  /** The version's content, streamed from the document storage. */
  open: () => Promise<Readable>;
}

/** What a listener makes of a new version: a summary for the upload's answer (under the listener's name), or null. */
export type VersionStoredListener = (event: StoredVersionEvent) => Promise<object | null | void>;

interface StoredUpload {
  key: string;
  size: number;
  sha256: string;
  type: FileType;
  filename: string;
}

/**
 * A review's documents and their versions (issue 15.1–15.3). Who sees one follows need-to-know
 * and its kind (`maySee`); one you may not see does not exist for you (404). Content goes to the
 * `DocumentStorage` as it arrives, hashed and sniffed on the way, in the transaction that writes
 * the document's rows and its audit entry, so a refused or failed upload leaves nothing behind.
 * Every upload and download is audited with the version and its SHA-256.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reviews: ReviewAccessPort,
    private readonly partnerships: PartnershipsService,
    private readonly storage: DocumentStorage,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly env: Environment,
    private readonly scanner: VirusScanner,
    private readonly scans: VersionScans,
    private readonly pipeline: ActionPipeline,
    private readonly informationRequests: InformationRequests,
  ) {}

  private readonly logger = new Logger(DocumentsService.name);
  /** Versions being uploaded in a transaction not yet committed (`answerRequest`): their content cannot be scanned until it is. */
  private readonly uploadedNow = new Set<string>();

  /** The file types uploads may have (DOCUMENT_TYPES). */
  allowedTypes(): FileType[] {
    return this.env.DOCUMENT_TYPES.split(',')
      .map((t) => t.trim())
      .filter((t): t is FileType => t in FILE_TYPES);
  }

  async rights(user: AuthenticatedUser, review: Review): Promise<DocumentRights> {
    const holds = (permission: Parameters<typeof rolesWith>[0]) => this.reviews.holdsRole({ roles: rolesWith(permission) }, review, user);
    return {
      seesAll: await holds('see-every-review-document'),
      panel: await holds('see-agency-and-panel-documents'),
      board: can(user, 'see-report-under-sign-off') && review.boardVisible && review.partnershipId === user.partnershipId,
      uploadsAny: await holds('upload-any-review-document'),
      uploadsOwnAgency: (await holds('upload-agency-submissions')) && user.agencyId !== null,
    };
  }

  async list(user: AuthenticatedUser, reviewId: string): Promise<DocumentView[]> {
    const { review } = await this.reviews.visibleReview(user, reviewId);
    const rights = await this.rights(user, review);
    const documents = await this.txHost.tx.getRepository(ReviewDocument).find({ where: { reviewId: review.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const views = await this.views(documents.filter((d) => maySee(rights, user, d)));
    // A board member reads the report under sign-off: of a report, only the versions the boards vote on.
    return views
      .map((view) => {
        const document = documents.find((d) => d.id === view.id)!;
        const versions = view.versions.filter((v) => mayReadVersion(rights, user, review, document, v.n));
        return { ...view, versions, latest: versions[versions.length - 1] };
      })
      .filter((view) => view.versions.length > 0);
  }

  /** The review page's Documents section, for this person. */
  async forPage(user: AuthenticatedUser, reviewId: string): Promise<DocumentsForPage> {
    const { review } = await this.reviews.visibleReview(user, reviewId);
    const rights = await this.rights(user, review);
    const documents = await this.list(user, reviewId);
    const disposed = review.disposedAt !== null;
    const uploadKinds = disposed ? [] : rights.uploadsAny ? [...DOCUMENT_KINDS] : rights.uploadsOwnAgency ? [...AGENCY_SUBMISSIONS] : [];
    return {
      documents,
      uploadKinds,
      ownAgencyOnly: !rights.uploadsAny && rights.uploadsOwnAgency,
      versionable: disposed
        ? []
        : documents
            .filter(
              (d) => rights.uploadsAny || (rights.uploadsOwnAgency && AGENCY_SUBMISSIONS.includes(d.kind) && d.agency !== null && d.agencyId === user.agencyId),
            )
            .map((d) => d.id),
      maxBytes: this.env.DOCUMENT_MAX_BYTES,
      types: this.allowedTypes(),
    };
  }

  async get(user: AuthenticatedUser, reviewId: string, documentId: string): Promise<DocumentView> {
    const { review } = await this.reviews.visibleReview(user, reviewId);
    const document = await this.visibleDocument(user, review, documentId);
    return (await this.views([document]))[0];
  }

  /** A new document with its first version, from a multipart request. */
  async create(user: AuthenticatedUser, reviewId: string, req: IncomingMessage, checkFields?: FieldCheck): Promise<DocumentView> {
    const created = await this.txHost.withTransaction(async () => {
      const { review, ruleset } = await this.reviews.visibleReview(user, reviewId).catch(async (e) => this.refuse(req, e));
      const rights = await this.rights(user, review);
      if (!rights.uploadsAny && !rights.uploadsOwnAgency) {
        await this.refuse(
          req,
          new ForbiddenProblem("Only the case officer, the review's chair or a panel member (for their own agency's IMR and chronology) may upload documents."),
        );
      }
      const { fields, stored } = await parseMultipart(req, this.env.DOCUMENT_MAX_BYTES, (part) => this.store(review, part), checkFields);
      const body = plainToInstance(NewDocumentFields, fields);
      const problems = fieldProblems(validateSync(body, { whitelist: true, forbidNonWhitelisted: false }));
      if (!stored) problems.push({ field: 'file', message: 'is required: send the file as the multipart part named "file"' });
      if (problems.length) throw new ValidationProblem(problems);
      let agencyId: string | null = null;
      if (body.agency) {
        const agency = await this.partnerships.findAgency(review.partnershipId, body.agency);
        if (!agency) throw ValidationProblem.field('agency', 'is not an agency of this partnership');
        agencyId = agency.id;
      }
      if (!rights.uploadsAny) {
        if (!AGENCY_SUBMISSIONS.includes(body.kind)) throw new ForbiddenProblem('A panel member uploads only their own agency’s IMR and chronology.');
        if (agencyId && agencyId !== user.agencyId) throw new ForbiddenProblem('A panel member uploads only their own agency’s submissions.');
        agencyId = user.agencyId;
      }
      if (body.kind === 'family-correspondence' && body.sharedWithPanel)
        throw ValidationProblem.field('sharedWithPanel', 'family correspondence is never shared with the panel');
      const { document, version } = await this.saveNewDocument(review, ruleset.definition.requiredSignOffs, user, stored!, {
        kind: body.kind,
        title: body.title.trim(),
        agencyId,
        sharedWithPanel: body.sharedWithPanel ?? false,
      });
      return { document, version, review };
    });
    return this.afterUpload(created.review, created.document, created.version);
  }

  /** A new version of a document, from a multipart request: the old ones stay. */
  async addVersion(user: AuthenticatedUser, reviewId: string, documentId: string, req: IncomingMessage, checkFields?: FieldCheck): Promise<DocumentView> {
    const added = await this.txHost.withTransaction(async () => {
      const { review, ruleset } = await this.reviews.visibleReview(user, reviewId).catch(async (e) => this.refuse(req, e));
      const rights = await this.rights(user, review);
      const document = await this.txHost.tx
        .getRepository(ReviewDocument)
        .createQueryBuilder('d')
        .where('d.id = :documentId AND d.review_id = :reviewId', { documentId, reviewId: review.id })
        .setLock('pessimistic_write')
        .getOne();
      if (!document || !maySee(rights, user, document)) await this.refuse(req, new NotFoundProblem('This review has no document with that id.'));
      const mayUpload = rights.uploadsAny || (rights.uploadsOwnAgency && AGENCY_SUBMISSIONS.includes(document!.kind) && document!.agencyId === user.agencyId);
      if (!mayUpload) await this.refuse(req, new ForbiddenProblem('You may see this document but not upload a new version of it.'));
      const { stored } = await parseMultipart(req, this.env.DOCUMENT_MAX_BYTES, (part) => this.store(review, part), checkFields);
      if (!stored) throw ValidationProblem.field('file', 'is required: send the file as the multipart part named "file"');
      const [{ next }] = await this.txHost.tx.query('SELECT coalesce(max(n), 0) + 1 AS next FROM document_versions WHERE document_id = $1', [document!.id]);
      const version = await this.saveVersion(document!, next, stored, user, this.clock.now());
      await this.audit.record({
        action: 'document.version-uploaded',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { documentId: document!.id, kind: document!.kind, title: document!.title, ...versionFacts(version) },
        personal: { of: review.id, fields: PERSONAL },
        boards: ruleset.definition.requiredSignOffs,
      });
      return { document: document!, version, review };
    });
    return this.afterUpload(added.review, added.document, added.version);
  }

  /**
   * An agency answers its information request by uploading its IMR or chronology (issue 15.5):
   * the document (the request's agency's) and the `answer-information-request` action in one
   * transaction, so a refusal of either leaves no document behind, and the action's mail queued
   * only once it has committed. Who may answer, and whether the stage allows it, is checked
   * before the file is read; the kind too when it comes before the file.
   */
  async answerRequest(
    user: AuthenticatedUser,
    reviewId: string,
    requestId: string,
    req: IncomingMessage,
    checkFields?: FieldCheck,
  ): Promise<{ request: InformationRequestView; document: DocumentView }> {
    const done = await this.txHost.withTransaction(async () => {
      const { review, ruleset } = await this.pipeline.admissible(user, reviewId, ANSWERING).catch(async (e) => this.refuse(req, e));
      const request = await this.informationRequests
        .forAgencyAction(review, ruleset, ANSWERING, requestId, user, 'requestId')
        .catch(async (e) => this.refuse(req, e));
      const checkKind = (fields: Record<string, string>) => {
        checkFields?.(fields);
        if (fields.kind !== undefined) {
          const problems = fieldProblems(validateSync(plainToInstance(AnswerUploadFields, { kind: fields.kind })));
          if (problems.length) throw new ValidationProblem(problems);
        }
      };
      const { fields, stored } = await parseMultipart(req, this.env.DOCUMENT_MAX_BYTES, (part) => this.store(review, part), checkKind);
      const body = plainToInstance(AnswerUploadFields, fields);
      const problems = fieldProblems(validateSync(body, { whitelist: true, forbidNonWhitelisted: false }));
      if (!stored) problems.push({ field: 'file', message: 'is required: send the file as the multipart part named "file"' });
      if (problems.length) throw new ValidationProblem(problems);
      const { document, version } = await this.saveNewDocument(
        review,
        ruleset.definition.requiredSignOffs,
        user,
        stored!,
        {
          kind: body.kind,
          title: body.title?.trim() || `${DOCUMENT_KIND_LABELS[body.kind]} in answer to an information request`,
          agencyId: request.agencyId,
          sharedWithPanel: false,
        },
        { informationRequestId: request.id },
        // The request is recorded received with this version: scanned first, in this transaction, so an infected file answers nothing.
        async (version) => {
          if (version.scanStatus === 'pending') await this.scanBeforeCommit(version);
        },
      );
      // Its content is not committed yet, so the scan waits for the commit (below), as any upload's does.
      const fresh = `${document.id}/${version.n}`;
      this.uploadedNow.add(fresh);
      try {
        const answered = await this.pipeline.actWithin({
          user,
          id: review.id,
          name: ANSWERING,
          rawBody: { requestId: request.id, documentId: document.id, version: version.n },
        });
        return { review, document, version, answered };
      } finally {
        this.uploadedNow.delete(fresh);
      }
    });
    await this.pipeline.afterCommit(done.answered.afterCommit);
    const request = done.answered.result.informationRequests.find((r) => r.id === requestId)!;
    return { request, document: await this.afterUpload(done.review, done.document, done.version) };
  }

  /**
   * The document and version an agency's information request may be answered with: on this
   * review and visible to this person, an IMR or a chronology from that agency, a version that
   * exists and was not found to carry malware (a pending one is scanned first). 400 naming the
   * field otherwise. In the caller's transaction.
   */
  async answering(
    user: AuthenticatedUser,
    review: Review,
    agencyId: string,
    documentId: string,
    n?: number,
  ): Promise<{ document: ReviewDocument; version: DocumentVersion }> {
    const document = await this.txHost.tx.getRepository(ReviewDocument).findOneBy({ id: documentId, reviewId: review.id });
    if (!document || !maySee(await this.rights(user, review), user, document)) {
      throw ValidationProblem.field('documentId', 'this review has no document with that id');
    }
    if (!AGENCY_SUBMISSIONS.includes(document.kind)) throw ValidationProblem.field('documentId', 'must be an IMR or a chronology');
    if (document.agencyId !== agencyId) throw ValidationProblem.field('documentId', 'must be a document from the agency asked');
    const versions = this.txHost.tx.getRepository(DocumentVersion);
    const version = n
      ? await versions.findOneBy({ documentId: document.id, n })
      : await versions.findOne({ where: { documentId: document.id }, order: { n: 'DESC' } });
    if (!version) throw ValidationProblem.field('version', 'this document has no version with that number');
    if (version.scanStatus === 'pending' && version.storageKey && !this.uploadedNow.has(`${document.id}/${version.n}`)) await this.scans.scan(version);
    if (version.scanStatus === 'infected') throw ValidationProblem.field('version', 'was found to carry malware: upload a clean version and answer with it');
    if (!version.storageKey) throw ValidationProblem.field('version', 'was disposed of');
    return { document, version };
  }

  /** An agency's IMRs and chronologies on the review that this person may see (for a form). */
  async agencySubmissions(user: AuthenticatedUser, reviewId: string, agencyId: string): Promise<DocumentView[]> {
    return (await this.list(user, reviewId)).filter((d) => AGENCY_SUBMISSIONS.includes(d.kind) && d.agencyId === agencyId);
  }

  /**
   * A new document and its first version, and the upload's audit entry (with `auditExtra`), in
   * the caller's transaction; `beforeAudit` may check the version first (and refuse it).
   */
  private async saveNewDocument(
    review: Review,
    boards: string[],
    user: AuthenticatedUser,
    stored: StoredUpload,
    fields: Pick<ReviewDocument, 'kind' | 'title' | 'agencyId' | 'sharedWithPanel'>,
    auditExtra: Record<string, unknown> = {},
    beforeAudit?: (version: DocumentVersion) => Promise<void>,
  ): Promise<{ document: ReviewDocument; version: DocumentVersion }> {
    const now = this.clock.now();
    const repository = this.txHost.tx.getRepository(ReviewDocument);
    const document = await repository.save(
      repository.create({ partnershipId: review.partnershipId, reviewId: review.id, ...fields, createdBy: user.id, createdAt: now }),
    );
    const version = await this.saveVersion(document, 1, stored, user, now);
    await beforeAudit?.(version);
    await this.audit.record({
      action: 'document.uploaded',
      reviewId: review.id,
      partnershipId: review.partnershipId,
      changes: {
        documentId: document.id,
        kind: document.kind,
        title: document.title,
        agencyId: document.agencyId,
        sharedWithPanel: document.sharedWithPanel,
        ...auditExtra,
        ...versionFacts(version),
      },
      personal: { of: review.id, fields: PERSONAL },
      boards,
    });
    return { document, version };
  }

  /**
   * Once an upload has committed: a pending version is scanned (clamd), the listeners of its
   * kind told of it unless the scan found it infected (another library's check: see
   * `onVersionStored`), and the document shown as it then stands, with what the listeners said
   * (`checks`). A scan that gets no verdict leaves the version pending, with the attempt and its
   * reason recorded; the worker tries it again in the background (and so does a request for its
   * content).
   */
  private async afterUpload(review: Review, document: ReviewDocument, version: DocumentVersion): Promise<DocumentView> {
    if (version.scanStatus === 'pending') await this.scans.scan(version);
    const checks = await this.tellListeners(review, document, version);
    const view = await this.txHost.withTransaction(async () => (await this.views([document]))[0]);
    return Object.keys(checks).length ? { ...view, checks } : view;
  }

  /**
   * Lets another library act on each new version of a document of these kinds (libs/anonymisation
   * checks reports for identifying details), without this library knowing it. The listener is
   * called once the upload has committed and the version was scanned (never for one found
   * infected), outside the upload's transaction: it runs its own, so a listener that fails
   * loses nothing of the upload. A failure is logged (ids only) and the answer's `checks` says
   * `{ status: 'failed' }` under the listener's name; otherwise `checks` carries what it returned.
   */
  onVersionStored(name: string, kinds: readonly DocumentKind[], listener: VersionStoredListener): void {
    if (this.listeners.some((l) => l.name === name)) throw new Error(`A listener named '${name}' is already registered for new document versions`);
    this.listeners.push({ name, kinds, listener });
  }

  private readonly listeners: { name: string; kinds: readonly DocumentKind[]; listener: VersionStoredListener }[] = [];

  private async tellListeners(review: Review, document: ReviewDocument, version: DocumentVersion): Promise<Record<string, unknown>> {
    const checks: Record<string, unknown> = {};
    if (version.scanStatus === 'infected' || !version.storageKey) return checks;
    const event: StoredVersionEvent = {
      review: { id: review.id, partnershipId: review.partnershipId, deathId: review.deathId },
      document: { id: document.id, kind: document.kind, title: document.title },
      version: { n: version.n, sha256: version.sha256, mediaType: version.mediaType, size: version.size, scanStatus: version.scanStatus },
      uploadedBy: version.uploadedBy,
      open: () => this.storage.open(version.storageKey!),
    };
    for (const { name, kinds, listener } of this.listeners) {
      if (!kinds.includes(document.kind)) continue;
      try {
        checks[name] = (await listener(event)) ?? null;
      } catch (error) {
        // Ids and the error's class only: a document's title or text may name someone.
        this.logger.error({ documentId: document.id, version: version.n, listener: name, error: (error as Error)?.name }, 'A new version’s listener failed');
        checks[name] = { status: 'failed' };
      }
    }
    return checks;
  }

  /**
   * The latest version of each of the review's documents of these kinds, oldest document first,
   * and then any of the `also` versions of those documents that are not the latest (the versions
   * under sign-off, which are what leaves), in the caller's transaction (a guard's question: no
   * person's visibility applies).
   */
  async latestVersionsOf(
    reviewId: string,
    kinds: readonly DocumentKind[],
    also: readonly { documentId: string; version: number }[] = [],
  ): Promise<{ document: ReviewDocument; version: DocumentVersion }[]> {
    const documents = await this.txHost.tx
      .getRepository(ReviewDocument)
      .createQueryBuilder('d')
      .where('d.review_id = :reviewId AND d.kind IN (:...kinds)', { reviewId, kinds: [...kinds] })
      .orderBy('d.created_at', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    const versions = this.txHost.tx.getRepository(DocumentVersion);
    const found: { document: ReviewDocument; version: DocumentVersion }[] = [];
    for (const document of documents) {
      const version = await versions.findOne({ where: { documentId: document.id }, order: { n: 'DESC' } });
      if (version) found.push({ document, version });
    }
    for (const wanted of also) {
      const document = documents.find((d) => d.id === wanted.documentId);
      if (!document || found.some((f) => f.document.id === wanted.documentId && f.version.n === wanted.version)) continue;
      const version = await versions.findOneBy({ documentId: wanted.documentId, n: wanted.version });
      if (version) found.push({ document, version });
    }
    return found;
  }

  /**
   * One version of a document this person may see, for a check of its content (not a download:
   * not audited as one; the check audits itself), in the caller's transaction. 404 when there
   * is none; the content is offered only while it is kept and not found infected.
   */
  async versionForCheck(
    user: AuthenticatedUser,
    reviewId: string,
    documentId: string,
    n: number,
  ): Promise<{ review: Review; document: ReviewDocument; version: DocumentVersion; latestN: number; open: (() => Promise<Readable>) | null }> {
    const { review } = await this.reviews.visibleReview(user, reviewId);
    const document = await this.visibleDocument(user, review, documentId);
    const version = await this.txHost.tx.getRepository(DocumentVersion).findOneBy({ documentId: document.id, n });
    if (!version) throw new NotFoundProblem('This document has no version with that number.');
    const [{ latest }] = await this.txHost.tx.query('SELECT max(n) AS latest FROM document_versions WHERE document_id = $1', [document.id]);
    const key = version.storageKey;
    return { review, document, version, latestN: Number(latest), open: key && version.scanStatus !== 'infected' ? () => this.storage.open(key) : null };
  }

  /** Tells the listeners of a version again (a check run again on a person's request); what they said, by name. */
  async retell(review: Review, document: ReviewDocument, version: DocumentVersion): Promise<Record<string, unknown>> {
    return this.tellListeners(review, document, version);
  }

  /**
   * Scans a version uploaded in this transaction, not yet committed: clean, it is recorded so; infected, the
   * upload is refused (400 on `file`) and nothing of it is kept; no verdict, it stays pending and is
   * scanned again once committed, as any upload is.
   */
  private async scanBeforeCommit(version: DocumentVersion): Promise<void> {
    try {
      const result = await this.scanner.scan(await this.storage.openUncommitted(version.storageKey!));
      if (result.status === 'infected') {
        throw ValidationProblem.field('file', `was found to carry malware (${result.signature ?? 'a known signature'}): nothing was kept`);
      }
      if (result.status === 'clean') {
        await this.txHost.tx.getRepository(DocumentVersion).update({ documentId: version.documentId, n: version.n }, { scanStatus: 'clean' });
        version.scanStatus = 'clean';
      }
    } catch (error) {
      if (!(error instanceof VirusScanError)) throw error;
      this.logger.warn(`Document version ${version.documentId}/${version.n} stays pending: clamd gave no verdict (${error.message})`);
    }
  }

  /** One version's content as a stream, with what its headers need; audited. */
  async download(
    user: AuthenticatedUser,
    reviewId: string,
    documentId: string,
    n: number,
  ): Promise<{ version: DocumentVersion; filename: string; content: Readable }> {
    const version = await this.txHost.withTransaction(async () => {
      const { review, ruleset } = await this.reviews.visibleReview(user, reviewId);
      const document = await this.visibleDocument(user, review, documentId);
      const version = await this.txHost.tx.getRepository(DocumentVersion).findOneBy({ documentId: document.id, n });
      if (!version || !mayReadVersion(await this.rights(user, review), user, review, document, n)) {
        throw new NotFoundProblem('This document has no version with that number.');
      }
      if (!version.storageKey) throw new NotFoundProblem('This version’s content was disposed of.');
      if (version.scanStatus === 'pending' && (await this.scans.scan(version)) === 'pending') {
        throw new Problem(HttpStatus.CONFLICT, 'conflict', 'Conflict', 'This version has not been scanned for malware yet: try again shortly.', {
          scanStatus: 'pending',
        });
      }
      if (version.scanStatus === 'infected') {
        throw new Problem(HttpStatus.CONFLICT, 'conflict', 'Conflict', 'This version was found to carry malware and is never served.', {
          scanStatus: 'infected',
        });
      }
      await this.audit.record({
        action: 'document.downloaded',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { documentId: document.id, kind: document.kind, title: document.title, ...versionFacts(version) },
        personal: { of: review.id, fields: PERSONAL },
        boards: ruleset.definition.requiredSignOffs,
      });
      return version;
    });
    const content = await this.storage.open(version.storageKey!);
    return { version, filename: version.filename, content };
  }

  /**
   * Disposal (libs/retention): the review's documents' content, titles and file names, removed
   * for good; what stays is each version's kind, size, type, hash and dates. In the caller's
   * transaction.
   */
  async disposePersonalData(reviewId: string): Promise<Record<string, number>> {
    const tx = this.txHost.tx;
    const versions: { storage_key: string }[] = await tx.query(
      `SELECT v.storage_key FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE d.review_id = $1 AND v.storage_key IS NOT NULL`,
      [reviewId],
    );
    const count = async (sql: string) => ((await tx.query(sql, [reviewId, REMOVED_AT_DISPOSAL])) as [unknown, number])[1];
    const documents = await count(`UPDATE documents SET title = $2 WHERE review_id = $1`);
    const removedVersions = await count(`UPDATE document_versions SET filename = $2, storage_key = NULL WHERE review_id = $1 AND storage_key IS NOT NULL`);
    for (const { storage_key } of versions) await this.storage.delete(storage_key);
    return { documents, documentVersions: removedVersions };
  }

  private async visibleDocument(user: AuthenticatedUser, review: Review, documentId: string): Promise<ReviewDocument> {
    const document = await this.txHost.tx.getRepository(ReviewDocument).findOneBy({ id: documentId, reviewId: review.id });
    if (!document || !maySee(await this.rights(user, review), user, document)) throw new NotFoundProblem('This review has no document with that id.');
    return document;
  }

  /** A refusal made before the request body is read: read (and drop) it first, so the answer reaches the sender. */
  private async refuse(req: IncomingMessage, problem: unknown): Promise<never> {
    await drain(req);
    throw problem;
  }

  /** Streams the part to storage, hashing, counting and sniffing on the way; refuses it (and so the transaction) if it is not what it says. */
  private async store(review: Review, part: UploadedPart): Promise<StoredUpload> {
    const hash = createHash('sha256');
    const text = new TextCheck();
    const head: Buffer[] = [];
    let headBytes = 0;
    let size = 0;
    async function* observed(): AsyncGenerator<Buffer> {
      for await (const chunk of part.stream as AsyncIterable<Buffer>) {
        hash.update(chunk);
        text.push(chunk);
        size += chunk.length;
        if (headBytes < HEAD_BYTES) {
          head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
          headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
        }
        yield chunk;
      }
    }
    const key = await this.storage.write({ partnershipId: review.partnershipId, reviewId: review.id }, observed());
    if (part.stream.truncated) {
      throw new Problem(
        HttpStatus.PAYLOAD_TOO_LARGE,
        'too-large',
        'Too large',
        `The file is larger than the ${describeBytes(this.env.DOCUMENT_MAX_BYTES)} a document may be.`,
        { maxBytes: this.env.DOCUMENT_MAX_BYTES },
      );
    }
    const filename = safeFilename(part.filename);
    const type = await this.checkType(filename, Buffer.concat(head), text, size);
    return { key, size, sha256: hash.digest('hex'), type, filename };
  }

  private async checkType(filename: string, head: Buffer, text: TextCheck, size: number): Promise<FileType> {
    const allowed = this.allowedTypes();
    const allowedList = allowed.map((t) => FILE_TYPES[t].label).join(', ');
    const declared = declaredType(filename);
    if (size === 0) throw ValidationProblem.field('file', 'is empty');
    if (!declared || !allowed.includes(declared)) {
      throw new ValidationProblem([{ field: 'file', message: `must be one of the allowed types (${allowedList}), named with its extension` }]);
    }
    const sniffed = await sniff(head);
    const what = (t: FileType) => `a ${FILE_TYPES[t].label}`;
    if (sniffed.type === 'text') {
      const isText = text.end();
      if ((declared === 'txt' || declared === 'csv') && isText) return declared;
      throw ValidationProblem.field(
        'file',
        `is named as ${what(declared)} but its content is ${isText ? 'plain text' : 'not a file type this service recognises'}`,
      );
    }
    if (sniffed.type === null) throw ValidationProblem.field('file', `is named as ${what(declared)} but its content is really ${sniffed.description}`);
    if (sniffed.type !== declared) throw ValidationProblem.field('file', `is named as ${what(declared)} but its content is really ${what(sniffed.type)}`);
    return sniffed.type;
  }

  private async saveVersion(document: ReviewDocument, n: number, stored: StoredUpload, user: AuthenticatedUser, at: Date): Promise<DocumentVersion> {
    const repository = this.txHost.tx.getRepository(DocumentVersion);
    return repository.save(
      repository.create({
        documentId: document.id,
        n,
        partnershipId: document.partnershipId,
        reviewId: document.reviewId,
        filename: stored.filename,
        size: stored.size,
        mediaType: FILE_TYPES[stored.type].mediaType,
        sha256: stored.sha256,
        storageKey: stored.key,
        scanStatus: this.scanner.configured ? 'pending' : 'not-scanned',
        // The upload scans it itself once this commits: the worker's rounds leave it alone meanwhile.
        scanNextAt: this.scanner.configured ? this.scans.claimUntil(at) : null,
        uploadedBy: user.id,
        uploadedAt: at,
      }),
    );
  }

  private async views(documents: ReviewDocument[]): Promise<DocumentView[]> {
    if (documents.length === 0) return [];
    const versions = await this.txHost.tx
      .getRepository(DocumentVersion)
      .createQueryBuilder('v')
      .where('v.document_id IN (:...ids)', { ids: documents.map((d) => d.id) })
      .orderBy('v.n', 'ASC')
      .getMany();
    const userIds = [...new Set(versions.map((v) => v.uploadedBy).filter((id): id is string => id !== null))];
    const names = new Map<string, string>(
      userIds.length
        ? ((await this.txHost.tx.query('SELECT id, name FROM user_contacts WHERE id = ANY($1)', [userIds])) as { id: string; name: string }[]).map((u) => [
            u.id,
            u.name,
          ])
        : [],
    );
    const agencyIds = [...new Set(documents.map((d) => d.agencyId).filter((id): id is string => id !== null))];
    const agencies = new Map<string, { code: string; name: string }>(
      agencyIds.length
        ? (
            (await this.txHost.tx.query('SELECT id, code, name FROM agency_facts WHERE id = ANY($1)', [agencyIds])) as {
              id: string;
              code: string;
              name: string;
            }[]
          ).map((a) => [a.id, a])
        : [],
    );
    return documents.map((d) => {
      const own = versions
        .filter((v) => v.documentId === d.id)
        .map((v): DocumentVersionView => ({
          n: v.n,
          filename: v.filename,
          size: v.size,
          mediaType: v.mediaType,
          sha256: v.sha256,
          scanStatus: v.scanStatus,
          scanAttempts: v.scanAttempts,
          lastScanAttemptAt: v.scanAttemptedAt?.toISOString() ?? null,
          lastScanError: v.scanStatus === 'pending' ? v.scanError : null,
          nextScanAttemptAt: v.scanStatus === 'pending' ? (v.scanNextAt?.toISOString() ?? null) : null,
          uploadedBy: v.uploadedBy ? { id: v.uploadedBy, name: names.get(v.uploadedBy) ?? 'someone' } : null,
          uploadedAt: v.uploadedAt.toISOString(),
          contentUrl: v.storageKey && v.scanStatus !== 'infected' ? `/api/reviews/${d.reviewId}/documents/${d.id}/versions/${v.n}/content` : null,
        }));
      const agency = d.agencyId ? agencies.get(d.agencyId) : undefined;
      return {
        id: d.id,
        reviewId: d.reviewId,
        kind: d.kind,
        kindName: DOCUMENT_KIND_LABELS[d.kind],
        title: d.title,
        agency: agency?.code ?? null,
        agencyId: d.agencyId,
        agencyName: agency?.name ?? null,
        sharedWithPanel: d.sharedWithPanel,
        createdAt: d.createdAt.toISOString(),
        versions: own,
        latest: own[own.length - 1],
      };
    });
  }
}

/** Whether someone with these rights on the review may see this document. */
export function maySee(
  rights: DocumentRights,
  user: Pick<AuthenticatedUser, 'agencyId'>,
  document: Pick<ReviewDocument, 'kind' | 'agencyId' | 'sharedWithPanel'>,
): boolean {
  if (rights.seesAll) return true;
  if (rights.panel && document.kind !== 'family-correspondence') {
    if (document.sharedWithPanel) return true;
    if (user.agencyId !== null && document.agencyId === user.agencyId) return true;
  }
  if (rights.board && REPORT_KINDS.includes(document.kind)) return true;
  return false;
}

/**
 * Whether someone may read this version of a document they may see: a board member who sees a
 * report only as the report under sign-off reads the versions the boards vote on (all of them for
 * a review drafted before reports were held here, which names none).
 */
export function mayReadVersion(
  rights: DocumentRights,
  user: Pick<AuthenticatedUser, 'agencyId'>,
  review: Pick<Review, 'signOffDraft'>,
  document: Pick<ReviewDocument, 'id' | 'kind' | 'agencyId' | 'sharedWithPanel'>,
  n: number,
): boolean {
  if (maySee({ ...rights, board: false }, user, document)) return true;
  const draft = review.signOffDraft;
  if (!draft) return true;
  return [draft.overviewReport, draft.executiveSummary].some((part) => part?.documentId === document.id && part.version === n);
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
