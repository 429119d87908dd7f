import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import nunjucks from 'nunjucks';
import { can, Role } from '@app/access';
import { auditActionInWords, AuditEntryView, AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, dateInWords, ForbiddenProblem, humanise, instantInWords, isCalendarDate, PageQuery } from '@app/common';
import { FamilyContactView, FamilyMemberView, FamilyService } from '@app/family';
import { ACTION_STATUS_NAMES, RecommendationsService, RecommendationView } from '@app/recommendations';
import { outcomeName, ReviewAccessPort, ReviewQueries, ReviewView } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { REVIEW_RECORD_HTML } from './review-record.template';

export interface ReviewRecord {
  exportedAt: string;
  review: ReviewView;
  recommendations: RecommendationView[];
  /** The family record by pseudonym (never a real name), for those who may see it (the CSP manager and chair, the review's own chair); null otherwise. */
  family: { members: FamilyMemberView[]; contacts: FamilyContactView[] } | null;
  auditTrail: AuditEntryView[];
}

/**
 * Who may take a review's whole record, and so read its whole audit trail: the partnership's
 * case officers and auditors, and the review's own independent chair.
 */
export function mayExportRecord(user: AuthenticatedUser, review: { chairUserId: string | null }): boolean {
  return can(user, 'export-review-record') || (user.roles.includes(Role.IndependentChair) && review.chairUserId === user.id);
}
const AUDIT_PAGE = 100;
const html = new nunjucks.Environment(null, { autoescape: true, throwOnUndefined: false });
// What a person reads of the record is in words (issue 17.3): dates written out, codes named.
html.addFilter('date', (value: unknown) => (isCalendarDate(value) ? dateInWords(value) : ''));
html.addFilter('dateTime', instantInWords);
html.addFilter('words', (value: unknown) => (typeof value === 'string' ? humanise(value) : ''));
html.addFilter('outcome', (value: unknown) => (typeof value === 'string' ? outcomeName(value) : ''));

/** The record's codes in words: the JSON keeps the codes, the printable record says these. */
const STAGE_STATUS_WORDS: Record<string, string> = { completed: 'Completed', current: 'In progress', 'not-needed': 'Not needed', 'not-started': 'Not started' };
const DEADLINE_STATUS_WORDS: Record<string, string> = { open: 'Open', met: 'Met', missed: 'Missed', paused: 'Paused', cancelled: 'Cancelled' };
const SEX_WORDS: Record<string, string> = { female: 'female', male: 'male', unknown: 'sex not known' };

/**
 * A review's complete record in one document, for the Home Office submission pack and for
 * subject access requests: the review with its stages, deadlines and sign-offs, its
 * recommendations and action plan, and every audit entry. The export itself is audited.
 */
@Injectable()
export class ReviewExportService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: ReviewAccessPort,
    private readonly reviews: ReviewQueries,
    private readonly recommendations: RecommendationsService,
    private readonly family: FamilyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly rulesets: RulesetsService,
  ) {}

  async record(user: AuthenticatedUser, reviewId: string, format: 'json' | 'html'): Promise<ReviewRecord> {
    // The export is recorded first, in a transaction of its own, so that once it commits its
    // entry is in the chain and the record taken next holds it: the record shows it was taken.
    const entity = await this.txHost.withTransaction(async () => {
      const { review: entity, ruleset } = await this.access.visibleReview(user, reviewId);
      if (!mayExportRecord(user, entity))
        throw new ForbiddenProblem("Only a CSP manager, a CSP chair, an auditor or the review's independent chair may export the review's record.");
      await this.audit.record({
        action: 'review.exported',
        reviewId: entity.id,
        partnershipId: entity.partnershipId,
        changes: { format },
        boards: ruleset.definition.requiredSignOffs,
      });
      return entity;
    });
    return this.txHost.withTransaction(async () => {
      const review = await this.reviews.get(user, reviewId);
      const recommendations = await this.recommendations.list(user, reviewId);
      const family = await this.family.forExport(user, reviewId);
      const auditTrail: AuditEntryView[] = [];
      for (let page = 1; ; page += 1) {
        const { items, total } = await this.audit.forReview(entity.id, Object.assign(new PageQuery(), { page, pageSize: AUDIT_PAGE }));
        auditTrail.push(...items);
        if (auditTrail.length >= total || items.length === 0) break;
      }
      return { exportedAt: this.clock.now().toISOString(), review, recommendations, family, auditTrail };
    });
  }

  /** The record as a printable page, everything in words: stages and actions as the review's ruleset names them. */
  async html(record: ReviewRecord): Promise<string> {
    const ruleset = await this.rulesets.get(record.review.ruleset);
    const stages = Object.fromEntries(record.review.stages.map((stage) => [stage.key, stage.label]));
    const action = (name: string) => ruleset.action(name)?.label ?? humanise(name);
    const words = {
      stages,
      stageStatus: STAGE_STATUS_WORDS,
      deadlineStatus: DEADLINE_STATUS_WORDS,
      actionStatus: ACTION_STATUS_NAMES,
      sex: SEX_WORDS,
      action,
      auditAction: (name: string) => auditActionInWords(name, (n) => ruleset.action(n)?.label),
    };
    return html.renderString(REVIEW_RECORD_HTML, { ...record, words });
  }
}
