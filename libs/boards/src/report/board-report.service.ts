import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { can } from '@app/access';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, CalendarDate, Clock, ForbiddenProblem, ValidationProblem } from '@app/common';
import { DEADLINE_STATUS_SQL } from '@app/deadlines';
import { Board, PartnershipsService } from '@app/partnerships';
import { RulesetDefinition, RulesetsService } from '@app/rulesets';
import { PAUSE_CATEGORY_NAMES } from '@app/reviews';
import { BoardsService } from '../boards.service';
import {
  ActionCounts,
  AgencyActionCounts,
  BoardReportView,
  DeadlineCounts,
  DeadlineKindCounts,
  OverdueAction,
  PausedTimeCount,
  PausedTimeFigures,
  ReportCheckpoint,
  ReportFormat,
  ReviewFigures,
  ThemeActionCounts,
} from './board-report.dto';
import { parseQuarter, Quarter, reportAsAt } from './quarter';

type Params = Record<string, string>;
type Row = Record<string, unknown>;

/**
 * Each action's status as at :asAt, for the actions of the partnership's reviews that existed by
 * then. An action starts not started and changes only by appended updates, so its status on a
 * day is that of its last update on or before it; a later update must not leak into a past
 * quarter's report, which then reads the same whenever it is run.
 */
const ACTIONS_AS_AT = `
  SELECT a.id, a.review_id, a.recommendation_id, a.owning_agency_id, a.deadline_id,
    COALESCE((SELECT u.status FROM action_update_facts u WHERE u.action_id = a.id AND u.on_date <= CAST(:asAt AS date)
              ORDER BY u.on_date DESC, u.id DESC LIMIT 1), 'not-started') AS status
  FROM recommendation_action_facts a JOIN review_facts rv ON rv.id = a.review_id
  WHERE rv.partnership_id = :partnershipId AND CAST(a.created_at AT TIME ZONE 'Europe/London' AS date) <= CAST(:asAt AS date)`;

/**
 * The quarterly progress report each board receives: where the partnership's reviews stand, how
 * their deadlines went in the quarter, and how the action plans are progressing.
 */
@Injectable()
export class BoardReportService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly boards: BoardsService,
    private readonly partnerships: PartnershipsService,
    private readonly rulesets: RulesetsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async report(user: AuthenticatedUser, boardIdOrKey: string, quarterKey: string, format: ReportFormat): Promise<BoardReportView> {
    const today = this.clock.today();
    const quarter = parseQuarter(quarterKey);
    if (!quarter) throw ValidationProblem.field('quarter', 'must be a calendar quarter written YYYY-Qn, e.g. 2026-Q3');
    if (quarter.startsOn > today) throw ValidationProblem.field('quarter', 'has not started yet');
    const board = await this.boards.find(user.partnershipId, boardIdOrKey);
    await this.refuseUnlessReader(user, board);

    // One snapshot for every figure, so the sections of the report agree with each other. The
    // audit entry is appended afterwards in a transaction of its own: the chain's head must be
    // read fresh under its lock, which a repeatable-read snapshot taken earlier would not see.
    const view = await this.txHost.withTransaction({ isolationLevel: 'REPEATABLE READ' }, () => this.build(board, quarter, reportAsAt(quarter, today)));
    await this.audit.record({
      action: 'board.report-viewed',
      partnershipId: user.partnershipId,
      changes: { board: board.key, quarter: quarter.key, format },
      boards: [board.key],
    });
    return view;
  }

  /** Whether this person may read the board's report: its members and those who oversee every board. */
  async mayRead(user: AuthenticatedUser, board: Board): Promise<boolean> {
    return can(user, 'read-board-report') || this.partnerships.isBoardMember(board.id, user.id);
  }

  private async refuseUnlessReader(user: AuthenticatedUser, board: Board): Promise<void> {
    if (await this.mayRead(user, board)) return;
    throw new ForbiddenProblem(`Only members of the ${board.name}, CSP managers, CSP chairs and auditors may read its quarterly report.`, {
      reason: 'not-a-board-member',
    });
  }

  /**
   * The editions whose stages and deadlines the report lists: those the partnership's reviews run
   * under, and those new reviews of the types it runs would open under. An edition it has never
   * used adds no empty rows.
   */
  private async definitionsIn(partnershipId: string): Promise<RulesetDefinition[]> {
    const used = await this.rows('SELECT DISTINCT ruleset_key FROM review_facts WHERE partnership_id = :partnershipId', { partnershipId });
    const current = (await this.rulesets.reviewTypes(partnershipId)).filter((t) => t.enabled).map((t) => t.defaultRuleset);
    const keys = new Set([...current, ...used.map((row) => String(row.ruleset_key))]);
    return (await this.rulesets.list()).filter((definition) => keys.has(definition.key));
  }

  private async build(board: Board, quarter: Quarter, asAt: CalendarDate): Promise<BoardReportView> {
    const params: Params = { partnershipId: board.partnershipId, startsOn: quarter.startsOn, endsOn: quarter.endsOn, asAt, boardId: board.id };
    const definitions = await this.definitionsIn(board.partnershipId);
    const [partnership] = await this.rows('SELECT name FROM partnership_facts WHERE id = :partnershipId', params);
    return {
      board: { id: board.id, key: board.key, name: board.name },
      partnership: String(partnership.name),
      quarter: quarter.key,
      startsOn: quarter.startsOn,
      endsOn: quarter.endsOn,
      asAt,
      reviews: await this.reviewFigures(params, definitions),
      deadlines: await this.deadlineFigures(params, definitions),
      pausedTime: await this.pausedTime(params),
      actions: await this.actionFigures(params),
      overdueActions: await this.overdueActions(params),
      latestCheckpoint: await this.latestCheckpoint(params),
    };
  }

  private async reviewFigures(params: Params, definitions: RulesetDefinition[]): Promise<ReviewFigures> {
    const rows = await this.rows(
      'SELECT stage, count(*) AS count FROM review_facts WHERE partnership_id = :partnershipId AND notified_on <= CAST(:asAt AS date) GROUP BY stage',
      params,
    );
    const counts = new Map(rows.map((row) => [String(row.stage), Number(row.count)]));
    // Every stage of the rulesets in their order, so a board sees the empty stages too.
    const stages = new Map<string, string>();
    for (const definition of definitions) for (const stage of definition.stages) if (!stages.has(stage.key)) stages.set(stage.key, stage.label);
    for (const stage of counts.keys()) if (!stages.has(stage)) stages.set(stage, stage);
    const [opened] = await this.rows(
      'SELECT count(*) AS count FROM review_facts WHERE partnership_id = :partnershipId AND notified_on BETWEEN CAST(:startsOn AS date) AND CAST(:asAt AS date)',
      params,
    );
    // A review can be reopened (the Secretary of State can direct that one is held), so it is the
    // last move into its closed stage that dates the closing.
    const [closed] = await this.rows(
      `SELECT count(*) AS count FROM review_facts r
       WHERE r.partnership_id = :partnershipId AND r.status = 'closed'
         AND (SELECT e.occurred_on FROM review_stage_moves e WHERE e.review_id = r.id AND e.to_stage = r.stage ORDER BY e.id DESC LIMIT 1)
             BETWEEN CAST(:startsOn AS date) AND CAST(:asAt AS date)`,
      params,
    );
    return {
      total: rows.reduce((sum, row) => sum + Number(row.count), 0),
      byStage: [...stages].map(([stage, label]) => ({ stage, label, count: counts.get(stage) ?? 0 })),
      stageNote: 'Each review is counted at the stage it is at now; a review that has moved on since the as-at date is shown at its new stage.',
      openedInQuarter: Number(opened.count),
      closedInQuarter: Number(closed.count),
    };
  }

  /**
   * Deadlines due in the quarter, judged by the product's one rule (DEADLINE_STATUS_SQL) as at
   * the as-at date: a completion recorded after it and a pause started after it are not yet
   * known then. A deadline a pause stopped cannot be missed, so it counts as open; a statutory
   * notice runs through a pause and is judged as any other.
   */
  private async deadlineFigures(params: Params, definitions: RulesetDefinition[]): Promise<{ overall: DeadlineCounts; byKind: DeadlineKindCounts[] }> {
    const rows = await this.rows(
      `SELECT split_part(d.key, ':', 1) AS kind, ${DEADLINE_STATUS_SQL} AS status, count(*) AS count
       FROM (SELECT dl.review_id, dl.key, dl.due_on, CASE WHEN dl.completed_on <= CAST(:today AS date) THEN dl.completed_on END AS completed_on,
                    (dl.cancelled AND dl.completed_on <= CAST(:today AS date)) AS cancelled, dl.moved_by_pause
             FROM deadline_facts dl) d
       JOIN (SELECT rv.id, rv.partnership_id,
               CASE WHEN EXISTS (SELECT 1 FROM review_pause_periods p WHERE p.review_id = rv.id AND p.started_on <= CAST(:today AS date)
                                   AND (p.ended_on IS NULL OR p.ended_on > CAST(:today AS date))) THEN 'paused' ELSE 'open' END AS status
             FROM review_facts rv) r ON r.id = d.review_id
       WHERE r.partnership_id = :partnershipId AND d.due_on BETWEEN CAST(:startsOn AS date) AND CAST(:endsOn AS date)
       GROUP BY 1, 2`,
      { ...params, today: params.asAt },
    );
    // Kinds as the rulesets list their deadlines (the key before any `:`, as deadlineKind reads it).
    const labels = new Map<string, string>();
    for (const definition of definitions) for (const [kind, rule] of Object.entries(definition.deadlines)) if (!labels.has(kind)) labels.set(kind, rule.label);
    for (const row of rows) if (!labels.has(String(row.kind))) labels.set(String(row.kind), String(row.kind));
    const byKind = [...labels].map(([kind, label]) => ({ kind, label, ...deadlineCounts(rows.filter((row) => row.kind === kind)) }));
    return { overall: deadlineCounts(rows), byKind };
  }

  /**
   * Days paused within the quarter, by cause. A pause stops the clocks from the day it starts to
   * the day it resumes (that day not counted, as the paused days a resume adds); one still running,
   * or resumed after the as-at date, counts up to and including the as-at date.
   */
  private async pausedTime(params: Params): Promise<PausedTimeFigures> {
    const rows = await this.rows(
      `SELECT p.category, pf.kind, pf.kind_name, count(*) AS pauses,
              sum(LEAST(COALESCE(p.ended_on, CAST(:asAt AS date) + 1), CAST(:asAt AS date) + 1) - GREATEST(p.started_on, CAST(:startsOn AS date))) AS days
       FROM review_pause_periods p
       JOIN review_facts r ON r.id = p.review_id
       LEFT JOIN proceeding_facts pf ON pf.id = p.proceeding_id
       WHERE r.partnership_id = :partnershipId AND p.started_on <= CAST(:asAt AS date)
         AND (p.ended_on IS NULL OR p.ended_on > CAST(:startsOn AS date))
       GROUP BY 1, 2, 3`,
      params,
    );
    const sum = (list: Row[], field: string) => list.reduce((total, row) => total + Number(row[field]), 0);
    // Every category the product knows, in its order, then any other found (none today).
    const categories = new Map<string, string>(Object.entries(PAUSE_CATEGORY_NAMES));
    for (const row of rows) if (!categories.has(String(row.category))) categories.set(String(row.category), String(row.category));
    const byCategory: PausedTimeCount[] = [...categories].map(([key, label]) => {
      const of = rows.filter((row) => row.category === key);
      return { key, label, days: sum(of, 'days'), pauses: sum(of, 'pauses') };
    });
    const kinds = new Map<string, PausedTimeCount>();
    for (const row of rows.filter((r) => r.kind !== null)) {
      const entry = kinds.get(String(row.kind)) ?? { key: String(row.kind), label: String(row.kind_name), days: 0, pauses: 0 };
      entry.days += Number(row.days);
      entry.pauses += Number(row.pauses);
      kinds.set(entry.key, entry);
    }
    return {
      totalDays: sum(rows, 'days'),
      byCategory,
      byProceedingKind: [...kinds.values()].sort((a, b) => b.days - a.days || a.label.localeCompare(b.label)),
      note: 'Days a review was paused within the quarter, the day it resumed not counted; a pause still running counts up to the as-at date.',
    };
  }

  private async actionFigures(params: Params): Promise<{ overall: ActionCounts; byAgency: AgencyActionCounts[]; byTheme: ThemeActionCounts[] }> {
    const byAgency = await this.rows(
      `SELECT ag.code, ag.name, a.status, count(*) AS count FROM (${ACTIONS_AS_AT}) a JOIN agency_facts ag ON ag.id = a.owning_agency_id
       GROUP BY ag.code, ag.name, a.status ORDER BY ag.name`,
      params,
    );
    const byTheme = await this.rows(
      `SELECT t.theme, a.status, count(*) AS count
       FROM (${ACTIONS_AS_AT}) a JOIN recommendation_facts rec ON rec.id = a.recommendation_id CROSS JOIN LATERAL unnest(rec.themes) AS t(theme)
       GROUP BY t.theme, a.status`,
      params,
    );
    const priorities = await this.rows('SELECT key, name FROM priority_facts WHERE partnership_id = :partnershipId ORDER BY position', params);
    const themes = new Map(priorities.map((p) => [String(p.key), String(p.name)]));
    for (const row of byTheme) if (!themes.has(String(row.theme))) themes.set(String(row.theme), String(row.theme));
    const agencies = new Map(byAgency.map((row) => [String(row.code), String(row.name)]));
    return {
      overall: actionCounts(byAgency),
      byAgency: [...agencies].map(([agency, agencyName]) => ({ agency, agencyName, ...actionCounts(byAgency.filter((row) => row.code === agency)) })),
      byTheme: [...themes].map(([theme, name]) => ({ theme, name, ...actionCounts(byTheme.filter((row) => row.theme === theme)) })),
    };
  }

  private async overdueActions(params: Params): Promise<OverdueAction[]> {
    const rows = await this.rows(
      `SELECT r.reference, dth.victim_pseudonym, rec.number, ag.name AS agency_name, a.status, d.due_on, CAST(:asAt AS date) - d.due_on AS days_overdue
       FROM (${ACTIONS_AS_AT}) a
       JOIN deadline_facts d ON d.id = a.deadline_id
       JOIN review_facts r ON r.id = a.review_id
       JOIN death_facts dth ON dth.id = r.death_id
       JOIN recommendation_facts rec ON rec.id = a.recommendation_id
       JOIN agency_facts ag ON ag.id = a.owning_agency_id
       WHERE a.status NOT IN ('complete', 'cannot-complete') AND d.due_on < CAST(:asAt AS date)
       ORDER BY d.due_on, r.reference, rec.number, ag.name`,
      params,
    );
    return rows.map((row) => ({
      reviewReference: String(row.reference),
      victimPseudonym: String(row.victim_pseudonym),
      recommendationNumber: Number(row.number),
      agencyName: String(row.agency_name),
      status: String(row.status),
      dueOn: String(row.due_on),
      daysOverdue: Number(row.days_overdue),
    }));
  }

  /** The latest checkpoint the board had recorded by the end of the as-at day (London time). */
  private async latestCheckpoint(params: Params): Promise<ReportCheckpoint | null> {
    const [row] = await this.rows(
      `SELECT seq, hash, recorded_at FROM board_checkpoints
       WHERE board_id = :boardId AND recorded_at < CAST(CAST(:asAt AS date) + 1 AS timestamp) AT TIME ZONE 'Europe/London'
       ORDER BY recorded_at DESC, seq DESC LIMIT 1`,
      params,
    );
    return row ? { seq: Number(row.seq), hash: String(row.hash), recordedAt: (row.recorded_at as Date).toISOString() } : null;
  }

  /** Runs SQL with `:named` parameters in the current transaction. */
  private rows(sql: string, params: Params): Promise<Row[]> {
    const tx = this.txHost.tx;
    const [query, values] = tx.connection.driver.escapeQueryWithParameters(sql, params, {});
    return tx.query(query, values);
  }
}

function deadlineCounts(rows: Row[]): DeadlineCounts {
  const count = (...statuses: string[]) => rows.filter((row) => statuses.includes(String(row.status))).reduce((sum, row) => sum + Number(row.count), 0);
  const counts = { met: count('met'), missed: count('missed'), open: count('open', 'paused') };
  return { ...counts, total: counts.met + counts.missed + counts.open };
}

function actionCounts(rows: Row[]): ActionCounts {
  const count = (status: string) => rows.filter((row) => row.status === status).reduce((sum, row) => sum + Number(row.count), 0);
  const counts = { notStarted: count('not-started'), inProgress: count('in-progress'), complete: count('complete'), cannotComplete: count('cannot-complete') };
  return { ...counts, total: counts.notStarted + counts.inProgress + counts.complete + counts.cannotComplete };
}
