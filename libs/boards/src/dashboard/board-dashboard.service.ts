import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { SqlCondition, visibleReviews } from '@app/access';
import { AuthenticatedUser, CalendarDate, daysBetween } from '@app/common';
import { DEADLINE_NOTICE_OUTSTANDING_SQL, DEADLINE_OVERDUE_SQL } from '@app/deadlines';
import { Board } from '@app/partnerships';
import { visibleActions } from '@app/recommendations';
import { boardSignOff, Vote } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';

type Row = Record<string, unknown>;

export interface DashboardOverdueDeadline {
  id: string;
  label: string;
  dueOn: string;
  daysRemaining: number;
  status: 'missed';
  overdue: true;
  review: { id: string; reference: string };
}

/** A statutory notice still outstanding on a review that has ended: not the review overdue, a notice to give or record as not sent. */
export interface DashboardOutstandingNotice {
  id: string;
  label: string;
  dueOn: string;
  daysRemaining: number;
  noticeOutstanding: true;
  review: { id: string; reference: string };
}

export interface DashboardWaitingReview {
  id: string;
  reference: string;
  victimPseudonym: string;
  approvals: number;
  rejections: number;
  quorum: number;
}

export interface DashboardOverdueAction {
  id: string;
  reviewId: string;
  reviewReference: string;
  recommendationNumber: number;
  description: string;
  owningAgencyName: string;
  dueOn: string;
  status: string;
  overdue: true;
}

export interface BoardDashboardFigures {
  /** Reviews not closed, by stage key. */
  inProgressByStage: { stage: string; count: number }[];
  /** Deadlines overdue on reviews still running (never on one that has ended). */
  overdueDeadlines: DashboardOverdueDeadline[];
  /** Statutory notices still outstanding on reviews that have ended (closed, discontinued, not held). */
  noticesOutstanding: DashboardOutstandingNotice[];
  waiting: DashboardWaitingReview[];
  actions: { total: number; notStarted: number; inProgress: number; complete: number; cannotComplete: number; overdue: number };
  overdueActions: DashboardOverdueAction[];
}

/**
 * A board's dashboard, counted by PostgreSQL: five statements however many reviews there are,
 * each limited to what this person may see by the same rules as the lists (`visibleReviews`,
 * `visibleActions`). Other libs' data is read through the views their owners publish.
 */
@Injectable()
export class BoardDashboardService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly rulesets: RulesetsService,
  ) {}

  async figures(user: AuthenticatedUser, board: Board, today: CalendarDate): Promise<BoardDashboardFigures> {
    const reviews = visibleReviews(user, 'r');
    return {
      inProgressByStage: (
        await this.rows(
          `SELECT r.stage, count(*)::int AS count FROM review_facts r WHERE ${reviews.sql} AND r.status <> 'closed' GROUP BY r.stage`,
          reviews.params,
        )
      ).map((row) => ({ stage: String(row.stage), count: Number(row.count) })),
      ...(await this.lateDeadlines(reviews, today)),
      waiting: await this.waitingForSignOff(reviews, board),
      ...(await this.actions(visibleActions(user, 'a', 'r'), today)),
    };
  }

  /**
   * In one statement: deadlines not met, not cancelled, of a running review, past their due date
   * (as the deadline lists judge "overdue"); and those still outstanding on a review that has
   * ended, which are its statutory notices (ending a review stops the rest), shown apart.
   */
  private async lateDeadlines(reviews: SqlCondition, today: CalendarDate): Promise<Pick<BoardDashboardFigures, 'overdueDeadlines' | 'noticesOutstanding'>> {
    const rows = await this.rows(
      `SELECT d.id, d.label, d.due_on, r.id AS review_id, r.reference, ${DEADLINE_NOTICE_OUTSTANDING_SQL} AS notice_outstanding
       FROM deadline_facts d JOIN review_facts r ON r.id = d.review_id
       WHERE ${reviews.sql} AND NOT d.cancelled AND (${DEADLINE_OVERDUE_SQL} OR ${DEADLINE_NOTICE_OUTSTANDING_SQL})
       ORDER BY d.due_on, d.id`,
      { ...reviews.params, today },
    );
    const common = (row: Row) => ({
      id: String(row.id),
      label: String(row.label),
      dueOn: String(row.due_on),
      daysRemaining: daysBetween(today, String(row.due_on)),
      review: { id: String(row.review_id), reference: String(row.reference) },
    });
    return {
      overdueDeadlines: rows.filter((row) => !row.notice_outstanding).map((row) => ({ ...common(row), status: 'missed', overdue: true })),
      noticesOutstanding: rows.filter((row) => row.notice_outstanding).map((row) => ({ ...common(row), noticeOutstanding: true })),
    };
  }

  /**
   * Open reviews of the board's partnership at a stage where their ruleset asks this board to sign
   * off, with the live votes on the current draft; the quorum rule (`boardSignOff`, the one the
   * review page uses) then says which are still waiting.
   */
  private async waitingForSignOff(reviews: SqlCondition, board: Board): Promise<DashboardWaitingReview[]> {
    const signingStages = (await this.rulesets.list()).flatMap((definition) =>
      definition.requiredSignOffs.includes(board.key) ? (definition.actions['sign-off']?.stages ?? []).map((stage) => [definition.key, stage]) : [],
    );
    if (signingStages.length === 0) return [];
    const rows = await this.rows(
      `SELECT r.id, r.reference, dth.victim_pseudonym,
              COALESCE(json_agg(json_build_object('memberId', v.signed_by, 'decision', v.decision, 'withdrawn', v.withdrawn)) FILTER (WHERE v.review_id IS NOT NULL), '[]') AS votes
       FROM review_facts r
       JOIN death_facts dth ON dth.id = r.death_id
       LEFT JOIN board_sign_off_votes v ON v.review_id = r.id AND v.round = r.sign_off_round AND v.board_key = :boardKey AND NOT v.withdrawn
       WHERE ${reviews.sql} AND r.status = 'open' AND r.partnership_id = :boardPartnershipId
         AND (r.ruleset_key, r.stage) IN (SELECT * FROM unnest(CAST(:rulesetKeys AS text[]), CAST(:stages AS text[])))
       GROUP BY r.id, r.reference, dth.victim_pseudonym, r.notified_on
       ORDER BY r.notified_on DESC, r.id`,
      {
        ...reviews.params,
        boardKey: board.key,
        boardPartnershipId: board.partnershipId,
        rulesetKeys: signingStages.map(([key]) => key),
        stages: signingStages.map(([, stage]) => stage),
      },
    );
    return rows.flatMap((row) => {
      const status = boardSignOff(row.votes as Vote[], { quorum: board.quorum, chairUserId: board.chairUserId });
      if (status.complete) return [];
      const { approvals, rejections } = status;
      return [
        { id: String(row.id), reference: String(row.reference), victimPseudonym: String(row.victim_pseudonym), approvals, rejections, quorum: board.quorum },
      ];
    });
  }

  /** The action plans' progress by status, and the actions still open past their due date. */
  private async actions(access: SqlCondition, today: CalendarDate): Promise<Pick<BoardDashboardFigures, 'actions' | 'overdueActions'>> {
    const params = { ...access.params, today };
    // An action of a review that has ended (discontinued with its plan unfinished) is not overdue.
    const overdue = `a.open AND r.status <> 'closed' AND d.due_on < CAST(:today AS date)`;
    const byStatus = await this.rows(
      `SELECT a.status, count(*)::int AS count, (count(*) FILTER (WHERE ${overdue}))::int AS overdue
       FROM recommendation_action_facts a JOIN review_facts r ON r.id = a.review_id JOIN deadline_facts d ON d.id = a.deadline_id
       WHERE ${access.sql} GROUP BY a.status`,
      params,
    );
    const count = (status: string) => Number(byStatus.find((row) => row.status === status)?.count ?? 0);
    const late = await this.rows(
      `SELECT a.id, a.review_id, r.reference, rec.number, a.description, ag.name AS agency_name, d.due_on, a.status
       FROM recommendation_action_facts a
       JOIN review_facts r ON r.id = a.review_id
       JOIN deadline_facts d ON d.id = a.deadline_id
       JOIN recommendation_facts rec ON rec.id = a.recommendation_id
       JOIN agency_facts ag ON ag.id = a.owning_agency_id
       WHERE ${access.sql} AND ${overdue}
       ORDER BY a.created_at, a.id`,
      params,
    );
    return {
      actions: {
        total: byStatus.reduce((sum, row) => sum + Number(row.count), 0),
        notStarted: count('not-started'),
        inProgress: count('in-progress'),
        complete: count('complete'),
        cannotComplete: count('cannot-complete'),
        overdue: byStatus.reduce((sum, row) => sum + Number(row.overdue), 0),
      },
      overdueActions: late.map((row) => ({
        id: String(row.id),
        reviewId: String(row.review_id),
        reviewReference: String(row.reference),
        recommendationNumber: Number(row.number),
        description: String(row.description),
        owningAgencyName: String(row.agency_name),
        dueOn: String(row.due_on),
        status: String(row.status),
        overdue: true,
      })),
    };
  }

  /** Runs SQL with `:named` parameters in the current transaction. */
  private rows(sql: string, params: Record<string, unknown>): Promise<Row[]> {
    const tx = this.txHost.tx;
    const [query, values] = tx.connection.driver.escapeQueryWithParameters(sql, params, {});
    return tx.query(query, values);
  }
}
