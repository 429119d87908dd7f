import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser } from '@app/common';
import { BoardReportQuery, BoardReportView, ReportFormat } from './board-report.dto';
import { reportCsv, reportHtml } from './board-report.render';
import { BoardReportService } from './board-report.service';

const MEDIA_TYPES: Record<ReportFormat, string> = { json: 'application/json', csv: 'text/csv', html: 'text/html' };

@ApiTags('boards')
@ApiBearerAuth()
@Controller('boards')
export class BoardReportController {
  constructor(private readonly reports: BoardReportService) {}

  @Get(':id/report')
  @ApiOperation({
    summary: "A board's quarterly progress report",
    description:
      "Reviews by stage, deadlines met and missed in the quarter, actions by agency and theme, overdue actions and the board's latest audit checkpoint. " +
      'For members of the board, CSP managers, CSP chairs and auditors. `format` (or, without it, the Accept header) chooses JSON, CSV or a printable HTML page. The read is audited.',
  })
  @ApiProduces('application/json', 'text/csv', 'text/html')
  @ApiOkResponse({ type: BoardReportView })
  @ApiForbiddenResponse({ description: 'Not a member of the board, nor a CSP manager, CSP chair or auditor' })
  @ApiNotFoundResponse({ description: 'No board of your partnership has that id or key' })
  async report(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: BoardReportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<BoardReportView | string> {
    const format = query.format ?? negotiated(req, res);
    const report = await this.reports.report(user, id, query.quarter, format);
    if (format === 'json') return report;
    res.type(`${MEDIA_TYPES[format]}; charset=utf-8`);
    if (format === 'html') return reportHtml(report);
    res.attachment(`${report.board.key}-report-${report.quarter}.csv`);
    return reportCsv(report);
  }
}

/** The format the Accept header prefers; JSON when it names none of the three. */
function negotiated(req: Request, res: Response): ReportFormat {
  res.vary('Accept');
  const preferred = req.accepts(Object.values(MEDIA_TYPES));
  const format = (Object.keys(MEDIA_TYPES) as ReportFormat[]).find((f) => MEDIA_TYPES[f] === preferred);
  return format ?? 'json';
}
