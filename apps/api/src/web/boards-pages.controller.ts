import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { can } from '@app/access';
import { AuthenticatedUser, Clock, FieldProblem, ForbiddenProblem, Problem, ValidationProblem } from '@app/common';
import { BoardDashboardService, BoardReportService, BoardsService, lastCompleteQuarter, quartersUpTo } from '@app/boards';
import { PartnershipsService, Board } from '@app/partnerships';
import { FieldSpec, formErrors } from './forms';
import { boardDashboardPage, boardListPage, BoardReportPageModel, quarterlyReport } from './page-models/board-pages';
import { quarterWords } from './view-filters';
import { render, WebController } from './render';
import { StageNames } from './stage-names';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

/** How many quarters the report page offers to choose from. */
const QUARTERS_OFFERED = 8;
/** The report page's one question. */
const QUARTER_FIELDS: FieldSpec[] = [{ path: 'quarter', label: 'Quarter', kind: 'select' }];

/**
 * The boards a person sits on (or oversees), each board's dashboard and its quarterly report.
 * The dashboard's figures are counted in SQL by BoardDashboardService, as this person may see
 * them: a board member sees the reviews that have reached sign-off, a CSP manager all of them.
 */
@WebController('boards')
export class BoardsPagesController {
  constructor(
    private readonly boards: BoardsService,
    private readonly reports: BoardReportService,
    private readonly dashboards: BoardDashboardService,
    private readonly partnerships: PartnershipsService,
    private readonly stageNames: StageNames,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    const user = req.user;
    const all = await this.boards.list(user.partnershipId);
    const mine = new Set(await this.partnerships.boardsOf(user.id));
    const overseer = can(user, 'oversee-every-board');
    return render(res, 'boards/list.njk', boardListPage(all, mine, overseer));
  }

  @Get(':id')
  async dashboard(@Req() req: SignedIn, @Res() res: Response, @Param('id') id: string): Promise<void> {
    const user = req.user;
    const board = await this.mayOpen(user, id);
    const view = await this.boards.view(board);
    const stageLabels = await this.stageNames.all();
    const figures = await this.dashboards.figures(user, board, this.clock.today());
    const model = boardDashboardPage({
      board: view,
      figures,
      stageLabels,
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
    const quarters = quartersUpTo(today, QUARTERS_OFFERED).map((q) => ({ value: q.key, text: quarterWords(q.key), selected: q.key === chosen }));
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
    if (can(user, 'oversee-every-board')) return board;
    if (await this.partnerships.isBoardMember(board.id, user.id)) return board;
    throw new ForbiddenProblem(`Only members of the ${board.name}, CSP managers, CSP chairs, auditors and administrators may open its pages.`, {
      reason: 'not-a-board-member',
    });
  }
}
