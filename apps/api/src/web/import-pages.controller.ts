import { Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Allow, can } from '@app/access';
import { AuthenticatedUser, IdParam, PageQuery, Problem } from '@app/common';
import { importUpload, ReviewImports } from '@app/imports';
import { csrfFieldCheck, MultipartForm } from './csrf';
import { importListPage, importReportPage } from './page-models/import-pages';
import { paginationFor } from './paging';
import { redirectWithFlash, render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

const PAGE_SIZE = 20;

/**
 * Importing reviews already under way (issue 17.1): the template to download, the upload, the
 * dry run's report (every problem by sheet, row and column), and the confirmation that imports.
 */
@WebController('admin/imports')
@Allow('import-reviews')
export class ImportPagesController {
  constructor(private readonly imports: ReviewImports) {}

  @Get()
  async list(@Req() req: SignedIn, @Res() res: Response, @Query() query: PageQuery): Promise<void> {
    return this.renderList(req, res, query);
  }

  @Post()
  @MultipartForm()
  @UseInterceptors(importUpload())
  async upload(@Req() req: SignedIn, @Res() res: Response, @UploadedFile() file: Express.Multer.File | undefined): Promise<void> {
    csrfFieldCheck(req as unknown as Request)((req.body ?? {}) as Record<string, string>);
    if (!file || file.size === 0) return this.renderList(req, res, new PageQuery(), 'Select the spreadsheet to upload', 400);
    const checked = await this.imports.check(req.user, file.originalname, file.buffer);
    res.redirect(303, `/admin/imports/${checked.id}`);
  }

  @Get(':importId')
  async report(@Req() req: SignedIn, @Res() res: Response, @Param('importId', new IdParam('import')) id: string): Promise<void> {
    return render(res, 'imports/report.njk', importReportPage(await this.imports.get(req.user, id), can(req.user, 'use-administration-pages')));
  }

  @Post(':importId/confirm')
  async confirm(@Req() req: SignedIn, @Res() res: Response, @Param('importId', new IdParam('import')) id: string): Promise<void> {
    try {
      const done = await this.imports.confirm(req.user, id);
      const n = done.report.summary.toCreate;
      redirectWithFlash(req, res, `/admin/imports/${id}`, `${n} ${n === 1 ? 'review' : 'reviews'} imported`);
    } catch (error) {
      if (!(error instanceof Problem) || error.code !== 'conflict') throw error;
      const page = importReportPage(await this.imports.get(req.user, id), can(req.user, 'use-administration-pages'));
      page.errors = [{ text: error.detail, href: '#confirm' }];
      return render(res, 'imports/report.njk', page, 409);
    }
  }

  private async renderList(req: SignedIn, res: Response, query: PageQuery, fileError?: string, status = 200): Promise<void> {
    query.pageSize = PAGE_SIZE;
    const page = await this.imports.list(req.user, query);
    const pagination = paginationFor(page.total, query.page, PAGE_SIZE, (n) => `/admin/imports?page=${n}`);
    return render(res, 'imports/list.njk', importListPage(page, can(req.user, 'use-administration-pages'), pagination ?? undefined, fileError), status);
  }
}
