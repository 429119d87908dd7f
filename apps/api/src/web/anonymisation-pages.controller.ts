import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AcknowledgeFindingRequest, AnonymisationCheck, ReportChecks } from '@app/anonymisation';
import { AuthenticatedUser, IdParam, NotFoundProblem, Problem, validateBody } from '@app/common';
import { versionNumber } from '@app/documents';
import { ReviewQueries } from '@app/reviews';
import { findingsPage } from './page-models/anonymisation-page';
import { notFoundForOthers } from './page-access';
import { redirectWithFlash, render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The findings of a report version's anonymisation check (issue 15.7 and 15.8): each finding in
 * its context, a form to acknowledge each with a reason, and the check run again. Only for those
 * who may see the review's protected names (its CSP manager and chair, its own independent
 * chair); for anyone else the page does not exist (404).
 */
@WebController('reviews')
export class AnonymisationPagesController {
  constructor(
    private readonly reports: ReportChecks,
    private readonly checks: AnonymisationCheck,
    private readonly reviews: ReviewQueries,
  ) {}

  @Get(':id/documents/:documentId/versions/:n/anonymisation')
  async show(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('documentId', new IdParam('document')) documentId: string,
    @Param('n') n: string,
  ): Promise<void> {
    return this.renderPage(req, res, id, documentId, versionNumber(n));
  }

  @Post(':id/documents/:documentId/versions/:n/anonymisation/acknowledgements')
  async acknowledge(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('documentId', new IdParam('document')) documentId: string,
    @Param('n') n: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const version = versionNumber(n);
    const findingId = typeof body.findingId === 'string' ? body.findingId : '';
    const checkId = typeof body.checkId === 'string' ? body.checkId : '';
    const reason = typeof body.reason === 'string' ? body.reason : '';
    if (!UUID.test(checkId) || findingId === '') throw new NotFoundProblem('That check has no such finding.');
    try {
      const request = await validateBody(AcknowledgeFindingRequest, { findingId, reason });
      await notFoundForOthers(this.checks.acknowledge(req.user, id, checkId, request.findingId, request.reason));
    } catch (error) {
      if (!(error instanceof Problem) || (error.code !== 'invalid-input' && error.code !== 'conflict')) throw error;
      const message =
        error.code === 'conflict'
          ? error.detail
          : reason.trim() === ''
            ? 'Enter why this may stay in the report'
            : 'The reason must be at most 1,000 characters';
      return this.renderPage(req, res, id, documentId, version, { findingId, reason, error: message }, error.getStatus());
    }
    redirectWithFlash(
      req,
      res,
      `/reviews/${id}/documents/${documentId}/versions/${version}/anonymisation`,
      'Finding acknowledged: the reason is in the audit trail',
    );
  }

  @Post(':id/documents/:documentId/versions/:n/anonymisation/check')
  async recheck(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('documentId', new IdParam('document')) documentId: string,
    @Param('n') n: string,
  ): Promise<void> {
    const version = versionNumber(n);
    const summary = await notFoundForOthers(this.reports.recheck(req.user, id, documentId, version));
    const said =
      summary.findingCount === 0
        ? 'no identifying details found'
        : `${summary.findingCount} ${summary.findingCount === 1 ? 'finding' : 'findings'} to acknowledge`;
    redirectWithFlash(req, res, summary.findingsPage, `Checked again: ${said}`);
  }

  private async renderPage(
    req: SignedIn,
    res: Response,
    id: string,
    documentId: string,
    n: number,
    failed?: { findingId: string; reason: string; error: string },
    status = 200,
  ): Promise<void> {
    const view = await notFoundForOthers(this.reports.findingsOf(req.user, id, documentId, n));
    const review = await this.reviews.view(req.user, id);
    return render(
      res,
      'reviews/anonymisation.njk',
      findingsPage(view, { id: review.id, reference: review.reference, pseudonym: review.victim.pseudonym }, failed),
      status,
    );
  }
}
