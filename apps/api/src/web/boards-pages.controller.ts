import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticatedUser, Clock, FieldProblem, ForbiddenProblem, Page, Problem, ValidationProblem } from '@app/common';
import { BoardReportService, BoardsService, lastCompleteQuarter, quartersUpTo } from '@app/boards';
import { DeadlineListQuery, DeadlinesService } from '@app/deadlines';
import { PartnershipsService, Board } from '@app/partnerships';
import { ActionListQuery, RecommendationsService } from '@app/recommendations';
import { ReviewGuards, ReviewListItem, ReviewListQuery, ReviewsService } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { FieldSpec, formErrors } from './forms';
import { boardDashboardPage, boardListPage, BoardReportPageModel, quarterlyReport, WaitingRow } from './page-models/board-pages';
import { BOARD_OVERSEERS } from './page-access';
import { render, WebController } from './render';
import { StageNames } from './stage-names';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

/** How many quarters the report page offers to choose from. */
const QUARTERS_OFFERED = 8;
/** The report page's one question. */
const QUARTER_FIELDS: FieldSpec[] = [{ path: 'quarter', label: 'Quarter', kind: 'select' }];

/** Every page of a list the services give a page at a time. */
async function everyPage<T, Q extends { page: number; pageSize: number }>(make: () => Q, fetch: (query: Q) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const query = Object.assign(make(), { page, pageSize: 100 });
    const result = await fetch(query);
    items.push(...result.items);
    if (items.length >= result.total || result.items.length === 0) return items;
  }
}

/**
 * The boards a person sits on (or oversees), each board's dashboard and its quarterly report.
 * Every figure comes from the services the JSON API uses, as this person may see it: a board
 * member sees the reviews that have reached sign-off, a CSP manager all of them.
 */
@WebController('boards')
export class BoardsPagesController {
  constructor(
    private readonly boards: BoardsService,
    private readonly reports: BoardReportService,
    private readonly partnerships: PartnershipsService,
    private readonly reviews: ReviewsService,
    private readonly guards: ReviewGuards,
    private readonly rulesets: RulesetsService,
    private readonly deadlines: DeadlinesService,
    private readonly recommendations: RecommendationsService,
    private readonly stageNames: StageNames,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    const user = req.user;
    const all = await this.boards.list(user.partnershipId);
    const mine = new Set(await this.partnerships.boardsOf(user.id));
    const overseer = user.roles.some((role) => BOARD_OVERSEERS.includes(role));
    return render(res, 'boards/list.njk', boardListPage(all, mine, overseer));
  }

  @Get(':id')
  async dashboard(@Req() req: SignedIn, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const user = req.user;
    const board = await this.mayOpen(user, id);
    const view = await this.boards.view(board);
    const stageLabels = await this.stageNames.all();
    const inProgress = (
      await everyPage(
        () => new ReviewListQuery(),
        (q) => this.reviews.list(user, q),
      )
    ).filter((r) => r.status !== 'closed');
    const overdueDeadlines = await everyPage(
      () => Object.assign(new DeadlineListQuery(), { status: 'missed' as const }),
      (q) => this.deadlines.list(user, q, this.clock.today()),
    );
    const actions = await everyPage(
      () => new ActionListQuery(),
      (q) => this.recommendations.listActions(user, q),
    );
    const model = boardDashboardPage({
      board: view,
      inProgress,
      stageLabels,
      overdueDeadlines,
      waiting: await this.waitingForSignOff(user, board, inProgress),
      actions,
      mayReadReport: await this.reports.mayRead(user, board),
    });
    return render(res, 'boards/dashboard.njk', model);
  }

  @Get(':id/report')
  async report(@Req() req: SignedIn, @Res() res: Response, @Param('id') id: string, @Query('quarter') quarter?: string): Promise<void> {
    const user = req.user;
    const board = await this.mayOpen(user, id);
    const today = this.clock.today();
    const chosen = typeof quarter === 'string' && quarter !== '' ? quarter : lastCompleteQuarter(today).key;
    const quarters = quartersUpTo(today, QUARTERS_OFFERED).map((q) => ({ value: q.key, text: q.key, selected: q.key === chosen }));
    const page: BoardReportPageModel = {
      title: `${board.name}: quarterly report`,
      width: 'full',
      printStylesheet: true,
      board: { key: board.key, name: board.name },
      quarters,
      chosen,
      report: null,
      errors: [],
      fieldErrors: {},
    };
    try {
      const report = quarterlyReport(await this.reports.report(user, board.id, chosen, 'html'));
      const model: BoardReportPageModel = { ...page, title: `${board.name}: quarterly report ${report.quarter}`, report };
      return render(res, 'boards/report.njk', model);
    } catch (error) {
      // A quarter that is not one is the quarter question's mistake; any other refusal is the error page.
      if (!(error instanceof Problem) || error.code !== 'invalid-input') throw error;
      const errors = formErrors(QUARTER_FIELDS, new ValidationProblem((error.extensions.errors as FieldProblem[] | undefined) ?? []));
      const model: BoardReportPageModel = { ...page, errors: errors.errors, fieldErrors: errors.fieldErrors };
      return render(res, 'boards/report.njk', model, 400);
    }
  }

  /** The board, if this person sits on it or oversees the partnership's boards; a 404 or 403 page otherwise. */
  private async mayOpen(user: AuthenticatedUser, idOrKey: string): Promise<Board> {
    const board = await this.boards.find(user.partnershipId, idOrKey);
    if (user.roles.some((role) => BOARD_OVERSEERS.includes(role))) return board;
    if (await this.partnerships.isBoardMember(board.id, user.id)) return board;
    throw new ForbiddenProblem(`Only members of the ${board.name}, CSP managers, CSP chairs, auditors and administrators may open its pages.`, {
      reason: 'not-a-board-member',
    });
  }

  /**
   * Reviews at a stage where the ruleset asks this board to sign off, whose current draft the
   * board has not yet signed off (by its quorum rule, as the review page shows it).
   */
  private async waitingForSignOff(user: AuthenticatedUser, board: Board, inProgress: ReviewListItem[]): Promise<WaitingRow[]> {
    const waiting: WaitingRow[] = [];
    for (const item of inProgress.filter((r) => r.status === 'open')) {
      const ruleset = await this.rulesets.get(item.ruleset);
      if (!ruleset.definition.requiredSignOffs.includes(board.key) || !ruleset.action('sign-off')?.stages.includes(item.stage)) continue;
      const { review } = await this.reviews.visibleReview(user, item.id);
      const status = (await this.guards.signOffStatus(review, ruleset)).find((s) => s.board === board.key);
      if (status && !status.complete)
        waiting.push({
          id: item.id,
          reference: item.reference,
          victimPseudonym: item.victimPseudonym,
          approvals: status.approvals,
          rejections: status.rejections,
          quorum: status.quorum,
        });
    }
    return waiting;
  }
}
