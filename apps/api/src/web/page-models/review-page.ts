import { Injectable } from '@nestjs/common';
import { can } from '@app/access';
import { ReportChecks } from '@app/anonymisation';
import { AuthenticatedUser, Clock, PageQuery } from '@app/common';
import { describeBytes, DOCUMENT_KIND_LABELS, DocumentsService, DocumentVersionView, FILE_TYPES } from '@app/documents';
import { mayExportRecord } from '@app/exports';
import { FamilyService } from '@app/family';
import { UsersService } from '@app/identity';
import { PartnershipsService } from '@app/partnerships';
import { RecommendationsService } from '@app/recommendations';
import { LegalHolds } from '@app/retention';
import { NextSteps, NextStepView, outcomeName, ReviewQueries, ReviewView } from '@app/reviews';
import { Ruleset, RulesetsService } from '@app/rulesets';
import { ActionForms, planActionFields, recommendationFields, WITHDRAW_FIELDS } from '../action-forms';
import { longDate } from '../view-filters';
import { auditActionName } from '../audit-words';
import { FailedForm } from '../form-post';
import { Choice, ErrorSummaryItem } from '../forms';
import { pagination } from '../paging';
import { formModel, FormModel, Pagination, recommendationCard, RecommendationCard, SourcedDeadlineRow, sourcedDeadlineRow } from './parts';
import { legalHoldsModel, LegalHoldsModel } from './retention-pages';

/** Audit entries a page, on the review's page. */
const AUDIT_PAGE_SIZE = 20;
/** The form ids of the recommendation forms (they share the review page with the actions' forms). */
export const ADD_RECOMMENDATION = 'add-recommendation';
export const addPlanAction = (recommendationNumber: number) => `add-action-${recommendationNumber}`;
export const withdrawRecommendation = (recommendationNumber: number) => `withdraw-recommendation-${recommendationNumber}`;
/** The form ids of the document uploads. */
export const UPLOAD_DOCUMENT = 'upload-document';
export const newVersionForm = (documentId: string) => `new-version-${documentId}`;

/** One version of a document, as the Documents section lists it. */
export interface DocumentVersionRow {
  n: number;
  filename: string;
  size: string;
  mediaType: string;
  uploadedBy: string;
  uploadedAt: string;
  scanStatus: string;
  /** A version still waiting for its scan: when clamd was last asked and why it gave no verdict. */
  scanProblem: { triedAt: string; reason: string } | null;
  /** The web page's download link (ids only); null when it is not served (infected, disposed of). */
  href: string | null;
  /** A report's anonymisation check, in words, with its findings page: for those who may see the protected names only. */
  anonymisation: { text: string; href: string; cleared: boolean } | null;
}

/** A document the viewer may see, with its versions, newest first. */
export interface DocumentRow {
  id: string;
  kindName: string;
  title: string;
  agencyName: string | null;
  sharedWithPanel: boolean;
  latest: DocumentVersionRow;
  versions: DocumentVersionRow[];
  /** The "upload a new version" form, for those who may. */
  newVersion: { action: string; formId: string; error: string | null; open: boolean } | null;
}

/** The review page's Documents section. */
export interface DocumentsSection {
  items: DocumentRow[];
  /** The upload form, for those who may upload here; null otherwise. */
  upload: {
    action: string;
    formId: string;
    kinds: Choice[];
    agencies: Choice[];
    ownAgencyOnly: boolean;
    fieldErrors: Record<string, string>;
    open: boolean;
  } | null;
  /** "PDF, Word document (DOCX), … up to 25 MiB": what the hint says. */
  limits: string;
}

const SCAN_WORDS: Record<string, string> = {
  'not-scanned': 'Not scanned',
  pending: 'Scan pending',
  clean: 'Scanned: clean',
  infected: 'Infected: not served',
};

/** A board's standing on the current draft. */
export interface BoardStanding {
  board: string;
  boardName: string;
  complete: boolean;
  approvals: number;
  rejections: number;
  quorum: number;
}

/** A vote on the current draft. */
export interface VoteRow {
  boardName: string;
  /** Who cast it, by name. */
  memberName: string;
  /** "Approved by Ash Board on 3 March 2026". */
  summary: string;
  signedOn: string;
  decision: string;
  comment: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  /** The report versions the vote was cast on; null for votes cast before reports were held here. */
  castOn: ReviewView['signOffs'][number]['castOn'];
}

/** What the review page and the sign-off page show of the review itself. */
export interface ReviewFacts {
  id: string;
  /** Sent back with each form, so a stale page is refused. */
  version: number;
  reference: string;
  typeName: string;
  /** What the review's edition is, when its law is not in force. */
  rulesetNotInForce: string | null;
  status: string;
  stageLabel: string;
  victim: { pseudonym: string; ageAtDeath: number; sex: string };
  notifiedOn: string;
  notifyingAgencyName: string;
  dateOfDeath: string;
  circumstances: string;
  /** When its personal data was disposed of under the retention rule; null while it is kept. */
  disposedAt: string | null;
  decision: { outcome: string; decidedOn: string; rationale: string } | null;
  chair: { name: string; appointedOn: string } | null;
  panel: { name: string; agencyName: string }[];
  informationRequests: {
    agencyName: string;
    description: string;
    dueOn: string;
    receivedOn: string | null;
    /** The title of the document the agency answered with, where this person may see it. */
    documentTitle: string | null;
    /** Asks for more time the chair has not answered yet. */
    openTimeRequests: { proposedDueOn: string; reason: string }[];
  }[];
  /** The page of the requests made of the agency this person sits on the panel for; null when they do not. */
  agencyPage: string | null;
  /** The report versions the boards are voting on, to download. */
  draftUnderSignOff: ReviewView['draftUnderSignOff'];
  /** While the review is paused: why, since when, what it waits for and when it is expected to end. */
  currentPause: {
    categoryName: string;
    reason: string;
    startedOn: string;
    /** "Criminal trial, Liverpool Crown Court (T20267001)"; null when it names no proceeding. */
    waitsFor: string | null;
    expectedEndOn: string | null;
    /** The expected end has passed and the review is still paused. */
    expectedEndPassed: boolean;
  } | null;
}

export function reviewFacts(review: ReviewView, today?: string): ReviewFacts {
  return {
    id: review.id,
    version: review.version,
    reference: review.reference,
    typeName: review.typeName,
    rulesetNotInForce: review.rulesetNotInForce,
    status: review.status,
    stageLabel: review.stageLabel,
    victim: { pseudonym: review.victim.pseudonym, ageAtDeath: review.victim.ageAtDeath, sex: review.victim.sex },
    notifiedOn: review.notifiedOn,
    notifyingAgencyName: review.notifyingAgencyName,
    dateOfDeath: review.dateOfDeath,
    circumstances: review.circumstances,
    disposedAt: review.disposedAt,
    decision: review.decision
      ? { outcome: outcomeName(review.decision.outcome), decidedOn: review.decision.decidedOn, rationale: review.decision.rationale }
      : null,
    chair: review.chair ? { name: review.chair.name, appointedOn: review.chair.appointedOn } : null,
    draftUnderSignOff: review.draftUnderSignOff,
    currentPause: currentPause(review, today),
    panel: review.panel.map((p) => ({ name: p.name, agencyName: p.agencyName })),
    informationRequests: review.informationRequests.map((r) => ({
      agencyName: r.agencyName,
      description: r.description,
      dueOn: r.dueOn,
      receivedOn: r.receivedOn,
      documentTitle: r.receivedDocument?.title ?? null,
      openTimeRequests: r.timeRequests.filter((t) => t.decision === null).map((t) => ({ proposedDueOn: t.proposedDueOn, reason: t.reason })),
    })),
    agencyPage: review.yourPanelAgency ? `/reviews/${review.id}/agency` : null,
  };
}

/** How many of the latest QA letter's changes are still to be marked done or explained, in words. */
export function qaOutstanding(changes: ReviewView['qaChanges']): string {
  const latest = changes.filter((c) => c.latestLetter);
  const left = latest.filter((c) => c.status === 'outstanding').length;
  if (latest.length === 0) return 'The latest letter requires no changes. The changes earlier letters required are kept on record below.';
  if (left === 0) return `Each of the ${latest.length === 1 ? 'change' : `${latest.length} changes`} the latest letter requires is done or explained.`;
  return `${left} of the ${latest.length} ${latest.length === 1 ? 'change' : 'changes'} the latest letter requires ${left === 1 ? 'is' : 'are'} still to be marked done or explained.`;
}

/** The pause the review is in, if it is paused. */
function currentPause(review: ReviewView, today?: string): ReviewFacts['currentPause'] {
  const pause = review.status === 'paused' ? review.pauses.find((p) => p.endedOn === null) : undefined;
  if (!pause) return null;
  const p = pause.proceeding;
  return {
    categoryName: pause.categoryName,
    reason: pause.reason,
    startedOn: pause.startedOn,
    waitsFor: p ? `${p.kindName}, ${p.body}${p.reference ? ` (${p.reference})` : ''}` : null,
    expectedEndOn: pause.expectedEndOn,
    expectedEndPassed: pause.expectedEndOn !== null && today !== undefined && pause.expectedEndOn < today,
  };
}

export function boardStanding(s: ReviewView['signOffStatus'][number]): BoardStanding {
  return { board: s.board, boardName: s.boardName, complete: s.complete, approvals: s.approvals, rejections: s.rejections, quorum: s.quorum };
}

/** A vote in words: "Approved by Ash Board on 3 March 2026". */
export function voteSummary(v: Pick<ReviewView['signOffs'][number], 'decision' | 'memberName' | 'signedOn'>, you = false): string {
  return `${v.decision === 'approve' ? 'Approved' : 'Rejected'} by ${you ? 'you' : (v.memberName ?? 'a board member')} on ${longDate(v.signedOn)}`;
}

export function voteRow(v: ReviewView['signOffs'][number]): VoteRow {
  return {
    boardName: v.boardName,
    memberName: v.memberName ?? 'A board member',
    summary: voteSummary(v),
    signedOn: v.signedOn,
    decision: v.decision,
    comment: v.comment,
    withdrawnAt: v.withdrawnAt,
    withdrawnReason: v.withdrawnReason,
    castOn: v.castOn,
  };
}

/** One page of the review's audit trail, in words, with who did each thing. */
export interface AuditTrailModel {
  items: { occurredAt: string; what: string; by: string }[];
  total: number;
  from: number;
  to: number;
  pagination: Pagination;
  /** The filters as chosen, and what the person and kind selects offer (those in the trail). */
  filter: AuditFilter;
  people: Choice[];
  kinds: Choice[];
  /** Whether any filter narrows the trail beyond its default (changes only). */
  filtered: boolean;
}

/** The review page's audit filters (GET parameters of `/reviews/:id`): views shown or not, one person, one kind. */
export interface AuditFilter {
  page: number;
  views: boolean;
  by: string;
  kind: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUDIT_KIND = /^[a-z0-9.-]{1,100}$/;

/** The audit filters from the page's query: anything that is not a person's id or a kind is ignored, so no input fails the page. */
export function auditFilter(query: { auditPage?: number; auditViews?: unknown; auditBy?: unknown; auditKind?: unknown }): AuditFilter {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    page: query.auditPage ?? 1,
    views: text(query.auditViews) === 'include',
    by: UUID.test(text(query.auditBy)) ? text(query.auditBy).toLowerCase() : '',
    kind: AUDIT_KIND.test(text(query.auditKind)) ? text(query.auditKind) : '',
  };
}

/** `/reviews/:id`: what `reviews/show.njk` shows. */
export interface ReviewPageModel {
  title: string;
  width: 'full';
  review: ReviewFacts & {
    /** The review's parallel proceedings page. */
    proceedingsPage: string;
    stages: { label: string; status: string }[];
    deadlines: SourcedDeadlineRow[];
    signOffStatus: BoardStanding[];
    signOffs: VoteRow[];
    /** Votes on earlier drafts, each with its round. */
    earlierSignOffs: (VoteRow & { round: number })[];
    /** The death is outside the statutory pilot (an OWHR under SI 2023/227): a warning only. */
    pilotWarnings: string[];
    /** The ruleset's criteria the death does not meet (a DHR of a victim under 16): shown from the moment the notification is logged. */
    criteriaWarnings: string[];
    /** An OWHR's report as sent to the Secretary of State, with the PCSCA 2022 s.28 confirmations. */
    reportDuties: ReviewView['reportDuties'];
    /** The changes the QA panel's letters require, latest letter first, and a line on how many are left. */
    qaChanges: ReviewView['qaChanges'];
    qaOutstanding: string;
    /** Where and when the report was published. */
    publication: ReviewView['publication'];
  };
  /** The actions this person may take now, as forms. */
  forms: FormModel[];
  recommendations: RecommendationCard[];
  planForms: { recommendation: FormModel | null; actions: Record<string, FormModel>; withdrawals: Record<string, FormModel> };
  /** Whether this person may export the record (and so see the audit trail). */
  oversees: boolean;
  audit: AuditTrailModel | null;
  /** The review's legal holds and their forms, for those who may see them; null otherwise. */
  legalHolds: LegalHoldsModel | null;
  documents: DocumentsSection;
  /** What happens next on the review, who holds it and by when. */
  nextStep: NextStepView;
  /** The family page, for those who may see the family's record (the CSP manager and chair, the review's own chair); null otherwise. */
  familyHref: string | null;
  errors: ErrorSummaryItem[];
}

/**
 * Builds the review page's model from the services, and the choices the review's forms offer
 * (each list is a read, so a form asks only for what it needs).
 */
@Injectable()
export class ReviewPages {
  constructor(
    private readonly reviews: ReviewQueries,
    private readonly actionForms: ActionForms,
    private readonly rulesets: RulesetsService,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
    private readonly recommendations: RecommendationsService,
    private readonly holds: LegalHolds,
    private readonly documents: DocumentsService,
    private readonly reportChecks: ReportChecks,
    private readonly nextSteps: NextSteps,
    private readonly clock: Clock,
    private readonly family: FamilyService,
  ) {}

  /** The page for `review` (read by the caller, which records the read), with a failed form shown again if any. */
  async build(user: AuthenticatedUser, review: ReviewView, failed?: FailedForm, audit: AuditFilter = auditFilter({})): Promise<ReviewPageModel> {
    const ruleset = await this.rulesets.get(review.ruleset);
    const forms: FormModel[] = [];
    for (const action of review.availableActions) {
      forms.push(
        formModel(action, this.actionForms.label(action, review, ruleset, user), await this.actionForms.fields(action, review, ruleset, user), failed),
      );
    }
    const recommendations = await this.recommendations.list(user, review.id);
    const may = await this.recommendations.allowedChanges(user, review.id);
    const standing = recommendations.filter((r) => !r.withdrawn);
    const agencies = may.recommendations || may.actionPlan ? await this.agencyChoices(user) : [];
    const planForms = {
      recommendation: may.recommendations
        ? formModel(ADD_RECOMMENDATION, 'Add a recommendation', recommendationFields(agencies, await this.priorityChoices(user)), failed)
        : null,
      actions: may.actionPlan
        ? Object.fromEntries(
            standing.map((r) => [r.id, formModel(addPlanAction(r.number), `Add an action to recommendation ${r.number}`, planActionFields(agencies), failed)]),
          )
        : {},
      withdrawals: may.recommendations
        ? Object.fromEntries(
            standing.map((r) => [r.id, formModel(withdrawRecommendation(r.number), `Withdraw recommendation ${r.number}`, WITHDRAW_FIELDS, failed)]),
          )
        : {},
    };
    const oversees = mayExportRecord(user, { chairUserId: review.chair?.userId ?? null });
    const holds = await this.holds.shownTo(user, review.id);
    return {
      title: `${review.reference} (${review.victim.pseudonym})`,
      width: 'full',
      review: {
        ...reviewFacts(review, this.clock.today()),
        proceedingsPage: `/reviews/${review.id}/proceedings`,
        stages: review.stages.map((s) => ({ label: s.label, status: s.status })),
        deadlines: review.deadlines.map(sourcedDeadlineRow),
        signOffStatus: review.signOffStatus.map(boardStanding),
        signOffs: review.signOffs.map(voteRow),
        earlierSignOffs: review.earlierSignOffs.map((v) => ({ ...voteRow(v), round: v.round })),
        pilotWarnings: review.pilotWarnings.map((w) => w.warning),
        criteriaWarnings: review.criteriaWarnings.map((w) => w.warning),
        reportDuties: review.reportDuties,
        qaChanges: review.qaChanges,
        qaOutstanding: qaOutstanding(review.qaChanges),
        publication: review.publication,
      },
      forms,
      recommendations: recommendations.map(recommendationCard),
      planForms,
      oversees,
      familyHref: (await this.family.mayWorkWith(user, review.id)) ? `/reviews/${review.id}/family` : null,
      audit: oversees ? await this.auditTrail(user, review.id, ruleset, audit) : null,
      legalHolds: holds
        ? legalHoldsModel(holds, { place: can(user, 'place-legal-hold') && !review.disposedAt, lift: can(user, 'lift-legal-hold') }, failed)
        : null,
      documents: await this.documentsSection(user, review.id, failed),
      nextStep: await this.nextSteps.fromView(user, review),
      errors: failed?.errors.errors ?? [],
    };
  }

  private async documentsSection(user: AuthenticatedUser, reviewId: string, failed?: FailedForm): Promise<DocumentsSection> {
    const page = await this.documents.forPage(user, reviewId);
    const checks = await this.reportChecks.statusesFor(
      user,
      reviewId,
      page.documents.flatMap((d) => d.versions.map((v) => ({ documentId: d.id, kind: d.kind, n: v.n, sha256: v.sha256 }))),
    );
    const row = (documentId: string, v: DocumentVersionView): DocumentVersionRow => ({
      n: v.n,
      filename: v.filename,
      size: describeBytes(v.size),
      mediaType: v.mediaType,
      uploadedBy: v.uploadedBy ? (v.uploadedBy.id === user.id ? `${v.uploadedBy.name} (you)` : v.uploadedBy.name) : 'The service',
      uploadedAt: v.uploadedAt,
      scanStatus: SCAN_WORDS[v.scanStatus] ?? v.scanStatus,
      scanProblem: v.lastScanError && v.lastScanAttemptAt ? { triedAt: v.lastScanAttemptAt, reason: v.lastScanError } : null,
      href: v.contentUrl ? `/reviews/${reviewId}/documents/${documentId}/versions/${v.n}` : null,
      anonymisation: checks?.get(`${documentId}:${v.n}`) ?? null,
    });
    const uploadFailed = failed?.id === UPLOAD_DOCUMENT ? failed : undefined;
    return {
      items: page.documents.map((d) => {
        const formId = newVersionForm(d.id);
        const mine = failed?.id === formId;
        return {
          id: d.id,
          kindName: d.kindName,
          title: d.title,
          agencyName: d.agencyName,
          sharedWithPanel: d.sharedWithPanel,
          latest: row(d.id, d.latest),
          versions: [...d.versions].reverse().map((v) => row(d.id, v)),
          newVersion: page.versionable.includes(d.id)
            ? { action: `/reviews/${reviewId}/documents/${d.id}/versions`, formId, error: mine ? (failed.errors.fieldErrors.file ?? null) : null, open: mine }
            : null,
        };
      }),
      upload: page.uploadKinds.length
        ? {
            action: `/reviews/${reviewId}/documents`,
            formId: UPLOAD_DOCUMENT,
            kinds: page.uploadKinds.map((k) => ({ value: k, text: DOCUMENT_KIND_LABELS[k] })),
            agencies: page.ownAgencyOnly ? [] : await this.agencyChoices(user),
            ownAgencyOnly: page.ownAgencyOnly,
            fieldErrors: uploadFailed?.errors.fieldErrors ?? {},
            open: uploadFailed !== undefined,
          }
        : null,
      limits: `${page.types.map((t) => FILE_TYPES[t].label).join(', ')}, up to ${describeBytes(page.maxBytes)}`,
    };
  }

  async agencyChoices(user: AuthenticatedUser): Promise<Choice[]> {
    return (await this.partnerships.listAgencies(user.partnershipId)).map((a) => ({ value: a.code, text: a.name }));
  }

  async priorityChoices(user: AuthenticatedUser): Promise<Choice[]> {
    return (await this.partnerships.listPriorities(user.partnershipId)).map((p) => ({ value: p.key, text: p.name }));
  }

  private async auditTrail(user: AuthenticatedUser, reviewId: string, ruleset: Ruleset, filter: AuditFilter): Promise<AuditTrailModel> {
    const views = filter.views ? ('include' as const) : ('exclude' as const);
    const { page } = filter;
    const entries = await this.reviews.auditTrail(
      user,
      reviewId,
      Object.assign(new PageQuery(), {
        page,
        pageSize: AUDIT_PAGE_SIZE,
        order: 'newest' as const,
        views,
        ...(filter.by ? { actor: filter.by } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
      }),
    );
    const facets = await this.reviews.auditFacets(user, reviewId, views);
    const actorIds = [...new Set([...entries.items.map((e) => e.actorId), ...facets.actorIds].filter((id): id is string => id !== null))];
    const names = new Map<string, string>();
    for (const actorId of actorIds)
      names.set(actorId, (await this.users.findInPartnership(user.partnershipId, actorId))?.name ?? 'Someone from a contributing partnership');
    const nameOf = (actorId: string) => (actorId === user.id ? `${names.get(actorId)} (you)` : (names.get(actorId) ?? ''));
    const pages = Math.max(1, Math.ceil(entries.total / AUDIT_PAGE_SIZE));
    const kindName = (kind: string) => auditActionName(kind, ruleset);
    const link = (n: number) =>
      `/reviews/${reviewId}?${new URLSearchParams({
        ...(filter.views ? { auditViews: 'include' } : {}),
        ...(filter.by ? { auditBy: filter.by } : {}),
        ...(filter.kind ? { auditKind: filter.kind } : {}),
        auditPage: String(n),
      })}#audit`;
    return {
      items: entries.items.map((e) => ({
        occurredAt: e.occurredAt,
        what: kindName(e.action),
        by: e.actorId === null ? 'The service' : nameOf(e.actorId),
      })),
      total: entries.total,
      from: (page - 1) * AUDIT_PAGE_SIZE + 1,
      to: (page - 1) * AUDIT_PAGE_SIZE + entries.items.length,
      pagination: pagination(page, pages, link),
      filter,
      people: facets.actorIds
        .filter((id): id is string => id !== null)
        .map((id) => ({ value: id, text: nameOf(id) }))
        .sort((a, b) => a.text.localeCompare(b.text)),
      kinds: [...new Map(facets.kinds.map((k) => [k, kindName(k)])).entries()]
        .map(([value, text]) => ({ value, text }))
        .sort((a, b) => a.text.localeCompare(b.text)),
      filtered: filter.views || filter.by !== '' || filter.kind !== '',
    };
  }
}
