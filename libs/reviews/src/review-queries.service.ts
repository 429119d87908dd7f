import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { visibleReviews } from '@app/access';
import { AuditService, AuditTrailQuery } from '@app/audit';
import { AuthenticatedUser, Clock, NotFoundProblem, Page, PageQuery, pageOf } from '@app/common';
import { pageWithTotal } from '@app/database';
import { DEADLINE_NOTICE_OUTSTANDING_SQL, DEADLINE_OVERDUE_SQL } from '@app/deadlines';
import { PartnershipsService } from '@app/partnerships';
import { Ruleset, RulesetsService } from '@app/rulesets';
import { unmetCriteria } from './criteria';
import { Death } from './deaths/death.entity';
import { ReviewListQuery } from './dto/review-list.query';
import { ReviewListItem, ReviewView, SignOffWaitingItem } from './dto/review.view';
import { Review } from './entities/review.entity';
import { ReviewAccessPort } from './review-access-port';
import { ReviewViews } from './review-views';
import { SignOffStatus } from './sign-off-status';

/** Reading reviews: the lists, one review (an audited read, or a form's unaudited one), its audit trail, the votes waiting. */
@Injectable()
export class ReviewQueries {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly rulesets: RulesetsService,
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
    private readonly access: ReviewAccessPort,
    private readonly views: ReviewViews,
    private readonly signOffs: SignOffStatus,
  ) {}

  private get reviews() {
    return this.txHost.tx.getRepository(Review);
  }

  async list(user: AuthenticatedUser, query: ReviewListQuery): Promise<Page<ReviewListItem>> {
    const access = visibleReviews(user, 'r');
    const today = this.clock.today();
    // Overdue only while the review runs; an ended review with a notice still to give shows that instead.
    const overdue = `EXISTS (SELECT 1 FROM deadline_facts d WHERE d.review_id = r.id AND ${DEADLINE_OVERDUE_SQL})`;
    const noticeOutstanding = `EXISTS (SELECT 1 FROM deadline_facts d WHERE d.review_id = r.id AND ${DEADLINE_NOTICE_OUTSTANDING_SQL})`;
    const qb = this.reviews
      .createQueryBuilder('r')
      .innerJoin('deaths', 'dth', 'dth.id = r.death_id')
      .where(access.sql, access.params)
      .setParameter('today', today);
    if (query.stage) qb.andWhere('r.stage = :stage', { stage: query.stage });
    if (query.type) qb.andWhere('r.type = :type', { type: query.type });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.overdue !== undefined) qb.andWhere(query.overdue ? overdue : `NOT ${overdue}`);
    if (query.q) {
      // What was typed is matched as text: LIKE's own wildcards in it match only themselves.
      const text = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(r.reference ILIKE :text OR dth.victim_pseudonym ILIKE :text)', { text });
    }
    const column = { notifiedOn: 'r.notified_on', reference: 'r.reference', updatedAt: 'r.updated_at' }[query.sort.replace('-', '') as 'notifiedOn'];
    const countAll = qb.clone();
    const { rows, total } = await pageWithTotal<Record<string, string | number | boolean | null>>(
      qb
        .select([
          'r.id AS id',
          'r.reference AS reference',
          'r.type AS type',
          'r.ruleset_key AS ruleset',
          'r.stage AS stage',
          'r.status AS status',
          'r.version AS version',
        ])
        .addSelect(['r.notified_on AS notified_on', 'dth.victim_pseudonym AS victim_pseudonym'])
        .addSelect([
          'dth.victim_age_at_death AS victim_age_at_death',
          'dth.offensive_weapon_involved AS offensive_weapon_involved',
          'dth.suspect_age_at_death AS suspect_age_at_death',
          'dth.suspect_relationship AS suspect_relationship',
        ])
        .addSelect(overdue, 'overdue')
        .addSelect(noticeOutstanding, 'notice_outstanding')
        .addSelect('(SELECT min(d.due_on) FROM deadline_facts d WHERE d.review_id = r.id AND d.completed_on IS NULL)', 'next_due_on')
        .orderBy(column, query.sort.startsWith('-') ? 'DESC' : 'ASC')
        .addOrderBy('r.id', 'ASC'),
      countAll,
      { offset: query.offset, limit: query.pageSize },
    );
    const rulesets = new Map<string, Ruleset>();
    for (const key of new Set(rows.map((row) => String(row.ruleset)))) rulesets.set(key, await this.rulesets.get(key));
    const items = rows.map((row) => ({
      id: String(row.id),
      reference: String(row.reference),
      type: String(row.type),
      ruleset: String(row.ruleset),
      stage: String(row.stage),
      status: String(row.status),
      version: Number(row.version),
      notifiedOn: String(row.notified_on),
      victimPseudonym: String(row.victim_pseudonym),
      overdue: Boolean(row.overdue),
      noticeOutstanding: Boolean(row.notice_outstanding),
      nextDueOn: (row.next_due_on as string | null) ?? null,
      criteriaWarnings: unmetCriteria(rulesets.get(String(row.ruleset)) as Ruleset, {
        victimAgeAtDeath: Number(row.victim_age_at_death),
        offensiveWeaponInvolved: row.offensive_weapon_involved as boolean | null,
        suspectAgeAtDeath: row.suspect_age_at_death === null ? null : Number(row.suspect_age_at_death),
        suspectRelationship: row.suspect_relationship as Death['suspectRelationship'],
      }).map((c) => c.key),
    }));
    return pageOf(items, total, query);
  }

  /**
   * The reports waiting for this person's vote: reviews they may see where the ruleset allows a
   * board's sign-off now, for each board they sit on that must sign off and has not yet, and on
   * whose current draft they have no live vote (an approval a later change withdrew is no vote).
   */
  async signOffsAwaiting(user: AuthenticatedUser): Promise<SignOffWaitingItem[]> {
    const access = visibleReviews(user, 'r');
    const candidates = await this.reviews
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.death', 'death')
      .where(access.sql, access.params)
      .andWhere('r.status = :open', { open: 'open' })
      .andWhere('EXISTS (SELECT 1 FROM board_memberships bm WHERE bm.user_id = :me AND bm.partnership_id = r.partnership_id)', {
        me: user.id,
      })
      .orderBy('r.stage_entered_on', 'ASC')
      .addOrderBy('r.reference', 'ASC')
      .getMany();
    if (candidates.length === 0) return [];
    const myBoards = await this.partnerships.boardsOf(user.id);
    const items: SignOffWaitingItem[] = [];
    for (const review of candidates) {
      const ruleset = await this.rulesets.get(review.rulesetKey);
      if (!ruleset.allows('sign-off', review.stage, review.status) || !ruleset.action('sign-off')) continue;
      const voted = await this.txHost.tx
        .query('SELECT DISTINCT board_key FROM sign_offs WHERE review_id = $1 AND round = $2 AND signed_by = $3 AND withdrawn_at IS NULL', [
          review.id,
          review.signOffRound,
          user.id,
        ])
        .then((rows: { board_key: string }[]) => new Set(rows.map((r) => r.board_key)));
      for (const board of await this.signOffs.forReview(review, ruleset)) {
        if (board.complete || !myBoards.includes(board.board) || voted.has(board.board)) continue;
        items.push({
          reviewId: review.id,
          reference: review.reference,
          typeName: ruleset.definition.name,
          victimPseudonym: review.death.victimPseudonym,
          board: board.board,
          boardName: board.name,
          stageEnteredOn: review.stageEnteredOn,
        });
      }
    }
    return items;
  }

  /** The whole review, as the caller may see it. The read itself is audited. */
  async get(user: AuthenticatedUser, id: string): Promise<ReviewView> {
    // One statement reads the review and journals the read (ReviewViews.visibleDetail): no transaction of its own is needed.
    return (await this.visibleDetail(user, id, 'review.viewed')).view;
  }

  /**
   * The review as the caller may see it, without recording a read: for what a page needs to
   * build a form or check a post (the page the person is then shown records its own read).
   */
  async view(user: AuthenticatedUser, id: string): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => (await this.visibleDetail(user, id)).view);
  }

  private async visibleDetail(user: AuthenticatedUser, id: string, auditedAs?: string) {
    const found = await this.views.visibleDetail(user, id, auditedAs);
    if (!found) throw new NotFoundProblem('No review with that id.');
    return found;
  }

  auditTrail(user: AuthenticatedUser, id: string, query: PageQuery & Partial<AuditTrailQuery>) {
    return this.txHost.withTransaction(async () => {
      const review = await this.access.find(user, id, false);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const page = await this.audit.forReview(review.id, query);
      await this.audit.record({
        action: 'review.audit-viewed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: {},
        boards: ruleset.definition.requiredSignOffs,
      });
      return page;
    });
  }

  /** The people and kinds of entry in the review's audit trail, for a reader's filters (the trail's read records itself). */
  auditFacets(user: AuthenticatedUser, id: string, views: AuditTrailQuery['views'] = 'include') {
    return this.txHost.withTransaction(async () => {
      const review = await this.access.find(user, id, false);
      return this.audit.facetsOfReview(review.id, views);
    });
  }
}
