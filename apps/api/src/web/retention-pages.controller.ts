import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '@app/access';
import { AuthenticatedUser, Clock, IdParam, validateBody } from '@app/common';
import { Disposal, DisposeRequest, DueForDisposalQuery, RetentionService, SetRetentionRequest } from '@app/retention';
import { FailedForm, submitForm } from './form-post';
import { FormErrors } from './forms';
import { CONFIRM_FIELDS, disposalConfirmPage, disposalListPage, RETENTION_FIELDS, retentionFormId, retentionPage } from './page-models/retention-pages';
import { pageNumber, paginationFor } from './paging';
import { redirectWithFlash, render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

const PAGE_SIZE = 20;

/**
 * The administrators' retention pages: each review type's retention rule (and the partnership's
 * own period), the records due for disposal, and disposal itself, on a page that asks for the
 * review's reference before anything is removed. The services decide; these only show and ask.
 */
@WebController('admin')
@Allow('use-administration-pages')
export class RetentionPagesController {
  constructor(
    private readonly retention: RetentionService,
    private readonly disposal: Disposal,
    private readonly clock: Clock,
  ) {}

  @Get('retention')
  async rules(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    return this.renderRules(req, res);
  }

  @Post('retention/:type')
  async setRule(@Req() req: SignedIn, @Res() res: Response, @Param('type') type: string, @Body() body: Record<string, unknown>): Promise<void> {
    const id = retentionFormId(type);
    return submitForm({
      id,
      prefix: `${id}-`,
      fields: RETENTION_FIELDS,
      body,
      work: async (data) => {
        const rule = await this.retention.setRule(req.user, type, (await validateBody(SetRetentionRequest, data)).years);
        redirectWithFlash(req, res, '/admin/retention', `${rule.name}s: records are now kept ${rule.summary}`);
      },
      rerender: (failed, status) => this.renderRules(req, res, failed, status),
    });
  }

  @Post('retention/:type/clear')
  async clearRule(@Req() req: SignedIn, @Res() res: Response, @Param('type') type: string): Promise<void> {
    const rule = await this.retention.clearRule(req.user, type);
    redirectWithFlash(req, res, '/admin/retention', `${rule.name}s: back to the ruleset’s rule (${rule.summary})`);
  }

  @Get('disposal')
  async due(@Req() req: SignedIn, @Res() res: Response, @Query('page') page?: string): Promise<void> {
    const query = Object.assign(new DueForDisposalQuery(), { page: pageNumber(page), pageSize: PAGE_SIZE });
    const due = await this.retention.dueForDisposal(req.user.partnershipId, query);
    return render(
      res,
      'admin/disposal.njk',
      disposalListPage(
        due,
        paginationFor(due.total, query.page, PAGE_SIZE, (n) => `/admin/disposal?page=${n}`),
      ),
    );
  }

  @Get('disposal/:id')
  async confirm(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    return this.renderConfirm(req, res, id);
  }

  @Post('disposal/:id')
  async dispose(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    return submitForm({
      id: 'dispose',
      prefix: 'dispose-',
      fields: CONFIRM_FIELDS,
      body,
      work: async (data) => {
        const { confirmReference } = await validateBody(DisposeRequest, { confirmReference: data.confirmReference ?? '' });
        const done = await this.disposal.dispose(req.user, id, confirmReference);
        redirectWithFlash(
          req,
          res,
          '/admin/disposal',
          `The personal data of ${done.reference} was disposed of. Its statistical record and audit trail are kept.`,
        );
      },
      refusalAt: { href: '#dispose-confirmReference', field: 'confirmReference' },
      reword: (problem) =>
        problem.field === 'confirmReference' ? { ...problem, message: 'must be typed exactly as shown above to confirm the disposal' } : problem,
      rerender: (failed, status) => this.renderConfirm(req, res, id, failed, status),
    });
  }

  private async renderRules(req: SignedIn, res: Response, failed?: FailedForm, status = 200): Promise<void> {
    return render(res, 'admin/retention.njk', retentionPage(await this.retention.rules(req.user.partnershipId), failed), status);
  }

  private async renderConfirm(req: SignedIn, res: Response, id: string, failed?: FailedForm, status = 200): Promise<void> {
    const item = await this.disposal.candidate(req.user, id);
    const errors: FormErrors | undefined = failed?.errors;
    const values: Record<string, string> = failed ? { confirmReference: String(failed.values.confirmReference ?? '') } : {};
    return render(res, 'admin/disposal-confirm.njk', disposalConfirmPage(item, this.clock.today(), errors, values), status);
  }
}
