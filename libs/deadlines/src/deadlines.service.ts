import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { responsibleDeadlines, visibleReviews } from '@app/access';
import { AuthenticatedUser, CalendarDate, daysBetween, Page, pageOf, REMOVED_AT_DISPOSAL } from '@app/common';
import { entitiesFromJson, jsonArraySql, pageWithTotal } from '@app/database';
import { DEADLINE_OVERDUE_SQL, DEADLINE_STATUS_SQL, deadlineOverdue, deadlineStatus, noticeOutstanding } from './deadline-rules';
import { DeadlineListItem, DeadlineListQuery, DeadlineView, ExtensionView } from './dto/deadline.view';
import { DeadlineExtension } from './entities/deadline-extension.entity';
import { Deadline } from './entities/deadline.entity';

/**
 * A review's deadlines: opened and met by the review's actions, moved by pauses and
 * extensions. Every write joins the caller's transaction.
 */
@Injectable()
export class DeadlinesService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get deadlines() {
    return this.txHost.tx.getRepository(Deadline);
  }

  private get extensions() {
    return this.txHost.tx.getRepository(DeadlineExtension);
  }

  /** Opens a clock; `movedByPause` says whether a pause of the review stops it (its ruleset's `pause.moves`). */
  async open(reviewId: string, key: string, label: string, dueOn: CalendarDate, at: Date, movedByPause = true): Promise<Deadline> {
    return this.deadlines.save(
      this.deadlines.create({ reviewId, key, label, dueOn, originalDueOn: dueOn, completedOn: null, pausedDays: 0, movedByPause, createdAt: at }),
    );
  }

  /** Completes these deadlines on `on`, if they are still outstanding: by key, or by kind (`review` takes in `review:2`). */
  async meet(reviewId: string, keys: string[], on: CalendarDate): Promise<void> {
    if (keys.length === 0) return;
    await this.txHost.tx.query(
      `UPDATE deadlines SET completed_on = $3 WHERE review_id = $1 AND completed_on IS NULL AND (key = ANY($2) OR split_part(key, ':', 1) = ANY($2))`,
      [reviewId, keys, on],
    );
  }

  /** The review's deadlines of one kind, every instance, oldest first. */
  ofKind(reviewId: string, kind: string): Promise<Deadline[]> {
    return this.deadlines
      .createQueryBuilder('d')
      .where('d.review_id = :reviewId AND (d.key = :kind OR d.key LIKE :instances)', { reviewId, kind, instances: `${kind}:%` })
      .orderBy('d.created_at', 'ASC')
      .getMany();
  }

  /**
   * Stops the outstanding deadlines of these kinds (`information-request` takes in every request's)
   * on `on`, as no longer needed. Returns those stopped, by key.
   */
  async cancel(reviewId: string, kinds: string[], on: CalendarDate): Promise<{ key: string; label: string; dueOn: CalendarDate }[]> {
    if (kinds.length === 0) return [];
    const rows: { key: string; label: string; due_on: CalendarDate }[] = await this.txHost.tx
      .query(
        `UPDATE deadlines SET completed_on = $3, cancelled = true
       WHERE review_id = $1 AND completed_on IS NULL AND split_part(key, ':', 1) = ANY($2) RETURNING key, label, due_on`,
        [reviewId, kinds, on],
      )
      .then(([updated]: [{ key: string; label: string; due_on: CalendarDate }[]]) => updated);
    return rows.map((r) => ({ key: r.key, label: r.label, dueOn: r.due_on })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * Stops one outstanding deadline (a statutory notice) as not sent and never to be, with the
   * reason, on `on`: cancelled, so neither met nor missed, and no longer chased. Returns whether
   * there was one outstanding under that key.
   */
  async recordNotSent(reviewId: string, key: string, reason: string, on: CalendarDate): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.txHost.tx.query(
      `UPDATE deadlines SET completed_on = $4, cancelled = true, not_sent_reason = $3 WHERE review_id = $1 AND key = $2 AND completed_on IS NULL`,
      [reviewId, key, reason, on],
    );
    return affected > 0;
  }

  /** Stops one deadline still running as no longer needed (what it was for was withdrawn): cancelled on `on`, neither met nor missed. */
  async cancelOne(deadlineId: string, on: CalendarDate): Promise<void> {
    await this.txHost.tx.query(`UPDATE deadlines SET completed_on = $2, cancelled = true WHERE id = $1 AND completed_on IS NULL`, [deadlineId, on]);
  }

  /** Completes a deadline on a date, or reopens it (null) when what met it is undone. */
  async setCompleted(deadlineId: string, on: CalendarDate | null): Promise<void> {
    await this.deadlines.update({ id: deadlineId }, { completedOn: on });
  }

  /** Every deadline of the review still running, soonest first. */
  outstanding(reviewId: string): Promise<Deadline[]> {
    return this.deadlines.find({ where: { reviewId, completedOn: IsNull() }, order: { dueOn: 'ASC', key: 'ASC' } });
  }

  findOutstanding(reviewId: string, key: string): Promise<Deadline | null> {
    return this.deadlines.findOneBy({ reviewId, key, completedOn: IsNull() });
  }

  /** After a pause: every outstanding deadline a pause moves goes later by the days the review was paused; the rest kept running. */
  async shiftOutstanding(reviewId: string, days: number): Promise<number> {
    if (days === 0) return 0;
    const result = await this.deadlines
      .createQueryBuilder()
      .update()
      .set({ dueOn: () => `due_on + ${Number(days)}`, pausedDays: () => `paused_days + ${Number(days)}` })
      .where('review_id = :reviewId AND completed_on IS NULL AND moved_by_pause', { reviewId })
      .execute();
    return result.affected ?? 0;
  }

  /** Moves one deadline to a later date, keeping its original date and the decision's record. */
  async extend(deadline: Deadline, toDueOn: CalendarDate, reason: string, decidedBy: string, at: Date): Promise<DeadlineExtension> {
    const extension = await this.extensions.save(
      this.extensions.create({ deadlineId: deadline.id, fromDueOn: deadline.dueOn, toDueOn, reason, decidedBy, decidedAt: at }),
    );
    await this.deadlines.update({ id: deadline.id }, { dueOn: toDueOn });
    return extension;
  }

  /**
   * Disposal (libs/retention): the reasons given for the review's extensions, which may speak of
   * the case, are removed in the caller's transaction; the dates and who decided stay. Returns how many.
   */
  async disposePersonalData(reviewId: string): Promise<number> {
    const [, count] = (await this.txHost.tx.query(
      `UPDATE deadline_extensions SET reason = $2 WHERE deadline_id IN (SELECT id FROM deadlines WHERE review_id = $1)`,
      [reviewId, REMOVED_AT_DISPOSAL],
    )) as [unknown, number];
    return count;
  }

  /**
   * For a statement that reads a review's page in one go (libs/database json-parts): the review's
   * deadlines, oldest first, each with its extensions, as one JSON sub-select of this lib's tables;
   * `forReviewFromJson` turns it into the deadlines as shown, given the review's status.
   */
  static forReviewJsonSql(reviewIdSql: string): string {
    const extensions = jsonArraySql('x', 'deadline_extensions x WHERE x.deadline_id = d.id', 'x.decided_at');
    return `(SELECT coalesce(json_agg(json_build_object('deadline', d, 'extensions', ${extensions}) ORDER BY d.created_at, d.key), '[]'::json)
      FROM deadlines d WHERE d.review_id = ${reviewIdSql})`;
  }

  forReviewFromJson(json: unknown, reviewStatus: string, today: CalendarDate): DeadlineView[] {
    const parts = Array.isArray(json) ? (json as { deadline: unknown; extensions: unknown }[]) : [];
    return parts.map((part) => {
      const [deadline] = entitiesFromJson(this.txHost.tx, Deadline, [part.deadline]);
      const extensions = entitiesFromJson(this.txHost.tx, DeadlineExtension, part.extensions).map(extensionView);
      return this.view(deadline, reviewStatus, today, extensions);
    });
  }

  /** Deadlines of every review the caller may see (or only their own, `mine`), soonest first. */
  async list(user: AuthenticatedUser, query: DeadlineListQuery, today: CalendarDate): Promise<Page<DeadlineListItem>> {
    const access = query.mine ? responsibleDeadlines(user, 'd', 'r') : visibleReviews(user, 'r');
    const qb = this.deadlines
      .createQueryBuilder('d')
      .innerJoin('review_facts', 'r', 'r.id = d.review_id')
      .where(access.sql, access.params)
      .setParameter('today', today);
    if (query.status) qb.andWhere(`(${DEADLINE_STATUS_SQL}) = :status`, { status: query.status });
    if (query.dueBefore) qb.andWhere('d.due_on < :dueBefore', { dueBefore: query.dueBefore });
    if (query.reviewId) qb.andWhere('d.review_id = :reviewId', { reviewId: query.reviewId });
    const countAll = qb.clone();
    const { rows, total } = await pageWithTotal<Record<string, string | number | boolean | null>>(
      qb
        .select([
          'd.id AS id',
          'd.key AS key',
          'd.label AS label',
          'd.due_on AS due_on',
          'd.original_due_on AS original_due_on',
          'd.completed_on AS completed_on',
          'd.paused_days AS paused_days',
          'd.cancelled AS cancelled',
          'd.moved_by_pause AS moved_by_pause',
          'd.not_sent_reason AS not_sent_reason',
        ])
        .addSelect(['r.id AS review_id', 'r.reference AS reference', 'r.type AS type', 'r.stage AS stage', 'r.status AS review_status'])
        .addSelect(`${DEADLINE_OVERDUE_SQL}`, 'overdue')
        // Each row's extensions come with it: the page is one statement.
        .addSelect(jsonArraySql('x', 'deadline_extensions x WHERE x.deadline_id = d.id', 'x.decided_at'), 'extensions')
        .orderBy('d.due_on', 'ASC')
        .addOrderBy('d.id', 'ASC'),
      countAll,
      { offset: query.offset, limit: query.pageSize },
    );
    const items = rows.map((row) => {
      const deadline = Object.assign(new Deadline(), {
        id: String(row.id),
        key: String(row.key),
        label: String(row.label),
        dueOn: String(row.due_on),
        originalDueOn: String(row.original_due_on),
        completedOn: (row.completed_on as string | null) ?? null,
        pausedDays: Number(row.paused_days),
        cancelled: Boolean(row.cancelled),
        movedByPause: Boolean(row.moved_by_pause),
        notSentReason: (row.not_sent_reason as string | null) ?? null,
      });
      return {
        id: deadline.id,
        ...this.view(deadline, String(row.review_status), today, entitiesFromJson(this.txHost.tx, DeadlineExtension, row.extensions).map(extensionView)),
        review: {
          id: String(row.review_id),
          reference: String(row.reference),
          type: String(row.type),
          stage: String(row.stage),
          status: String(row.review_status),
        },
      };
    });
    return pageOf(items, total, query);
  }

  private view(d: Deadline, reviewStatus: string, today: CalendarDate, extensions: ExtensionView[]): DeadlineView {
    const status = deadlineStatus(d, reviewStatus === 'paused', today);
    return {
      key: d.key,
      label: d.label,
      dueOn: d.dueOn,
      originalDueOn: d.originalDueOn,
      status,
      completedOn: d.completedOn,
      overdue: deadlineOverdue(d, reviewStatus, today),
      noticeOutstanding: noticeOutstanding(d, reviewStatus),
      notSentReason: d.notSentReason,
      statusNote: d.notSentReason === null ? null : `Recorded as not sent: ${d.notSentReason}`,
      movedByPause: d.movedByPause,
      daysRemaining: d.completedOn === null ? daysBetween(today, d.dueOn) : null,
      pausedDays: d.pausedDays,
      extensions,
    };
  }
}

function extensionView(e: DeadlineExtension): ExtensionView {
  return { fromDueOn: e.fromDueOn, toDueOn: e.toDueOn, reason: e.reason, decidedAt: e.decidedAt.toISOString() };
}
