import { BoardDashboardFigures, BoardReportView, BoardView, DashboardOutstandingNotice, DashboardOverdueAction, DashboardOverdueDeadline } from '@app/boards';
import { ErrorSummaryItem } from '../forms';

/** A board as the board pages show it. */
export interface BoardModel {
  key: string;
  name: string;
  chair: { userId: string; name: string } | null;
  quorum: number;
  members: { userId: string; name: string }[];
}

export function boardModel(board: BoardView): BoardModel {
  return {
    key: board.key,
    name: board.name,
    chair: board.chair ? { userId: board.chair.userId, name: board.chair.name } : null,
    quorum: board.quorum,
    members: board.members.map((m) => ({ userId: m.userId, name: m.name })),
  };
}

/** `/boards`: what `boards/list.njk` shows. */
export interface BoardListPageModel {
  title: string;
  /** Whether this person oversees every board (else these are the boards they sit on). */
  overseer: boolean;
  boards: (BoardModel & { member: boolean })[];
}

export function boardListPage(boards: BoardView[], mine: Set<string>, overseer: boolean): BoardListPageModel {
  return {
    title: 'Boards',
    overseer,
    boards: boards.filter((board) => overseer || mine.has(board.key)).map((board) => ({ ...boardModel(board), member: mine.has(board.key) })),
  };
}

/** Counts of actions by status. */
export interface ActionProgress {
  total: number;
  notStarted: number;
  inProgress: number;
  complete: number;
  cannotComplete: number;
  overdue: number;
}

/** A report waiting for this board's sign-off, with where the board stands on it. */
export interface WaitingRow {
  id: string;
  reference: string;
  victimPseudonym: string;
  approvals: number;
  rejections: number;
  quorum: number;
}

/** `/boards/:id`: what `boards/dashboard.njk` shows. */
export interface BoardDashboardPageModel {
  title: string;
  width: 'full';
  board: BoardModel;
  quorumMet: boolean;
  inProgressTotal: number;
  byStage: { stage: string; label: string; count: number }[];
  overdueDeadlines: Pick<DashboardOverdueDeadline, 'label' | 'dueOn' | 'daysRemaining' | 'review'>[];
  /** Statutory notices still outstanding on reviews that have ended: shown apart, never as overdue reviews. */
  noticesOutstanding: Pick<DashboardOutstandingNotice, 'label' | 'dueOn' | 'review'>[];
  waiting: WaitingRow[];
  actions: ActionProgress;
  overdueActions: Pick<DashboardOverdueAction, 'id' | 'reviewId' | 'reviewReference' | 'recommendationNumber' | 'description' | 'owningAgencyName' | 'dueOn'>[];
  mayReadReport: boolean;
}

/** The dashboard from its figures, each computed in SQL by the boards lib (BoardDashboardService). */
export function boardDashboardPage(input: {
  board: BoardView;
  figures: BoardDashboardFigures;
  stageLabels: Record<string, string>;
  mayReadReport: boolean;
}): BoardDashboardPageModel {
  const { board, figures } = input;
  const counts = new Map(figures.inProgressByStage.map((s) => [s.stage, s.count]));
  return {
    title: board.name,
    width: 'full',
    board: boardModel(board),
    quorumMet: board.members.length >= board.quorum,
    inProgressTotal: figures.inProgressByStage.reduce((sum, s) => sum + s.count, 0),
    byStage: Object.entries(input.stageLabels)
      .map(([stage, label]) => ({ stage, label, count: counts.get(stage) ?? 0 }))
      .filter((s) => s.count > 0),
    overdueDeadlines: figures.overdueDeadlines.map(({ label, dueOn, daysRemaining, review }) => ({ label, dueOn, daysRemaining, review })),
    noticesOutstanding: figures.noticesOutstanding.map(({ label, dueOn, review }) => ({ label, dueOn, review })),
    waiting: figures.waiting.map(({ id, reference, victimPseudonym, approvals, rejections, quorum }) => ({
      id,
      reference,
      victimPseudonym,
      approvals,
      rejections,
      quorum,
    })),
    actions: { ...figures.actions },
    overdueActions: figures.overdueActions.map(({ id, reviewId, reviewReference, recommendationNumber, description, owningAgencyName, dueOn }) => ({
      id,
      reviewId,
      reviewReference,
      recommendationNumber,
      description,
      owningAgencyName,
      dueOn,
    })),
    mayReadReport: input.mayReadReport,
  };
}

type Counts = Omit<ActionProgress, 'overdue'>;
const counts = (c: Counts): Counts => ({
  notStarted: c.notStarted,
  inProgress: c.inProgress,
  complete: c.complete,
  cannotComplete: c.cannotComplete,
  total: c.total,
});

/** The quarterly report's figures, as `boards/report.njk` shows them. */
export interface QuarterlyReportModel {
  quarter: string;
  partnership: string;
  startsOn: string;
  endsOn: string;
  asAt: string;
  reviews: { stageNote: string; byStage: { label: string; count: number }[]; total: number; openedInQuarter: number; closedInQuarter: number };
  deadlines: {
    byKind: { label: string; met: number; missed: number; open: number; total: number }[];
    overall: { met: number; missed: number; open: number; total: number };
  };
  actions: { byAgency: (Counts & { label: string })[]; byTheme: (Counts & { label: string })[]; overall: Counts };
  pausedTime: { note: string; totalDays: number; rows: { label: string; days: number; pauses: number }[] };
  overdueActions: {
    reviewReference: string;
    victimPseudonym: string;
    recommendationNumber: number;
    agencyName: string;
    status: string;
    dueOn: string;
    daysOverdue: number;
  }[];
  latestCheckpoint: { seq: number; recordedAt: string; hash: string } | null;
}

export function quarterlyReport(report: BoardReportView): QuarterlyReportModel {
  const tally = (d: { met: number; missed: number; open: number; total: number }) => ({ met: d.met, missed: d.missed, open: d.open, total: d.total });
  return {
    quarter: report.quarter,
    partnership: report.partnership,
    startsOn: report.startsOn,
    endsOn: report.endsOn,
    asAt: report.asAt,
    reviews: {
      stageNote: report.reviews.stageNote,
      byStage: report.reviews.byStage.map((s) => ({ label: s.label, count: s.count })),
      total: report.reviews.total,
      openedInQuarter: report.reviews.openedInQuarter,
      closedInQuarter: report.reviews.closedInQuarter,
    },
    deadlines: { byKind: report.deadlines.byKind.map((k) => ({ label: k.label, ...tally(k) })), overall: tally(report.deadlines.overall) },
    actions: {
      byAgency: report.actions.byAgency.map((a) => ({ label: a.agencyName, ...counts(a) })),
      byTheme: report.actions.byTheme.map((t) => ({ label: t.name, ...counts(t) })),
      overall: counts(report.actions.overall),
    },
    pausedTime: {
      note: report.pausedTime.note,
      totalDays: report.pausedTime.totalDays,
      rows: [
        ...report.pausedTime.byCategory.map((c) => ({ label: c.label, days: c.days, pauses: c.pauses })),
        ...report.pausedTime.byProceedingKind.map((k) => ({ label: `Waiting for: ${k.label}`, days: k.days, pauses: k.pauses })),
      ],
    },
    overdueActions: report.overdueActions.map((a) => ({
      reviewReference: a.reviewReference,
      victimPseudonym: a.victimPseudonym,
      recommendationNumber: a.recommendationNumber,
      agencyName: a.agencyName,
      status: a.status,
      dueOn: a.dueOn,
      daysOverdue: a.daysOverdue,
    })),
    latestCheckpoint: report.latestCheckpoint
      ? { seq: report.latestCheckpoint.seq, recordedAt: report.latestCheckpoint.recordedAt, hash: report.latestCheckpoint.hash }
      : null,
  };
}

/** `/boards/:id/report`: what `boards/report.njk` shows. */
export interface BoardReportPageModel {
  title: string;
  width: 'full';
  printStylesheet: true;
  board: { key: string; name: string };
  quarters: { value: string; text: string; selected: boolean }[];
  chosen: string;
  /** Null when the quarter asked for is not one (then `errors` says why). */
  report: QuarterlyReportModel | null;
  errors: ErrorSummaryItem[];
  fieldErrors: Record<string, string>;
}
