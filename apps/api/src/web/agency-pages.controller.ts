import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AuthenticatedUser, IdParam, NotFoundProblem, Problem, ValidationProblem } from '@app/common';
import { DocumentsService } from '@app/documents';
import { ActionPipeline, ReviewQueries } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { csrfFieldCheck, MultipartForm } from './csrf';
import { FailedForm, submitForm } from './form-post';
import { agencyPage, answerForm, MORE_TIME_FIELDS, moreTimeForm } from './page-models/agency-page';
import { redirectWithFlash, render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

/**
 * A panel member's page for the requests made of their agency on a review (issue 15.5): each
 * request, what was asked, when it is due and where it stands; the upload that answers it, and
 * the ask for more time. The services decide who may: this page only shows and posts.
 */
@WebController('reviews')
export class AgencyPagesController {
  constructor(
    private readonly reviews: ReviewQueries,
    private readonly documents: DocumentsService,
    private readonly pipeline: ActionPipeline,
    private readonly rulesets: RulesetsService,
  ) {}

  @Get(':id/agency')
  async show(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    return this.renderPage(req, res, id);
  }

  /** The upload answering one request (multipart; the token is the form's first field, checked before the file is stored). */
  @Post(':id/agency/requests/:requestId/documents')
  @MultipartForm()
  async answer(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('requestId', new IdParam('information request')) requestId: string,
  ): Promise<void> {
    const formId = answerForm(requestId);
    try {
      const { document } = await this.documents.answerRequest(req.user, id, requestId, req as unknown as Request, csrfFieldCheck(req as unknown as Request));
      redirectWithFlash(req, res, `/reviews/${id}/agency`, `Request answered with ${document.title}`);
    } catch (error) {
      if (!(error instanceof Problem) || !['invalid-input', 'too-large', 'conflict', 'wrong-stage'].includes(error.code)) throw error;
      const problems = error instanceof ValidationProblem ? error.errors : [{ field: 'file', message: error.detail }];
      const words = (field: string, message: string) =>
        field === 'file' && error instanceof ValidationProblem
          ? `The file ${message}`
          : field === 'kind'
            ? 'Choose an IMR or a chronology'
            : capitalise(message);
      const fieldErrors = Object.fromEntries(problems.map((p) => [p.field, words(p.field, p.message)]));
      const errors = problems.map((p) => ({ text: fieldErrors[p.field], href: `#${formId}-${p.field}` }));
      return this.renderPage(req, res, id, { id: formId, values: {}, errors: { errors, fieldErrors } }, error.getStatus());
    }
  }

  /** An ask for more time on one request: taken, or the page again with what was wrong. */
  @Post(':id/agency/requests/:requestId/more-time')
  async askForMoreTime(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('requestId', new IdParam('information request')) requestId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const formId = moreTimeForm(requestId);
    return submitForm({
      id: formId,
      prefix: `${formId}-`,
      fields: MORE_TIME_FIELDS,
      body,
      work: async (data) => {
        await this.pipeline.act({ user: req.user, id, name: 'ask-for-more-time', rawBody: { ...data, requestId } });
        redirectWithFlash(req, res, `/reviews/${id}/agency`, 'More time asked for: the chair has been told');
      },
      explain: async () => {
        const review = await this.reviews.view(req.user, id);
        const ruleset = await this.rulesets.get(review.ruleset);
        return { what: 'Ask for more time', stageLabel: review.stageLabel, stageName: (key) => ruleset.stageLabel(key), alternativesAre: 'on this page' };
      },
      rerender: (failed, status) => this.renderPage(req, res, id, failed, status),
    });
  }

  private async renderPage(req: SignedIn, res: Response, id: string, failed?: FailedForm, status = 200): Promise<void> {
    const review = await this.reviews.get(req.user, id);
    if (!review.yourPanelAgency) throw new NotFoundProblem("You do not sit on this review's panel for an agency.");
    return render(res, 'reviews/agency.njk', agencyPage(review, failed), status);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
