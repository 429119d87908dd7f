import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { can } from '@app/access';
import { AuthenticatedUser, IdParam, Problem, validateBody, ValidationProblem } from '@app/common';
import { DocumentsService, sendVersion, versionNumber } from '@app/documents';
import { ReviewExportService } from '@app/exports';
import { ActionBody, RecommendationBody, RecommendationsService, WithdrawBody } from '@app/recommendations';
import { ActionPipeline, CreateReviewRequest, NamedDeadlineView, ReviewEnding, ReviewIntake, ReviewListQuery, ReviewQueries } from '@app/reviews';
import { LegalHolds, LiftLegalHoldRequest, PlaceLegalHoldRequest } from '@app/retention';
import { RulesetsService } from '@app/rulesets';
import { ActionForms, notificationFields, planActionFields, recommendationFields, WITHDRAW_FIELDS } from './action-forms';
import { FailedForm, submitForm } from './form-post';
import { FieldSpec, FormErrors, FormValues } from './forms';
import { formPage, reviewListPage } from './page-models/review-list-page';
import { csrfFieldCheck, MultipartForm } from './csrf';
import {
  ADD_RECOMMENDATION,
  addPlanAction,
  auditFilter,
  AuditFilter,
  newVersionForm,
  ReviewPages,
  UPLOAD_DOCUMENT,
  withdrawRecommendation,
} from './page-models/review-page';
import { LIFT_HOLD_FIELDS, liftHoldForm, PLACE_HOLD_FIELDS, PLACE_HOLD_FORM } from './page-models/retention-pages';
import { pageNumber, pagination } from './paging';
import { RefusalContext } from './refusals';
import { redirectWithFlash, render, WebController } from './render';
import { StageNames } from './stage-names';
import { longDate } from './view-filters';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

const PAGE_SIZE = 20;

/** The review list and its filters, the log-a-notification form, and a review's own page. */
@WebController('reviews')
export class ReviewsPagesController {
  constructor(
    private readonly reviews: ReviewQueries,
    private readonly intake: ReviewIntake,
    private readonly pipeline: ActionPipeline,
    private readonly actionForms: ActionForms,
    private readonly rulesets: RulesetsService,
    private readonly recommendations: RecommendationsService,
    private readonly exports: ReviewExportService,
    private readonly stageNames: StageNames,
    private readonly pages: ReviewPages,
    private readonly holds: LegalHolds,
    private readonly documents: DocumentsService,
  ) {}

  @Get()
  async list(@Req() req: SignedIn, @Res() res: Response, @Query() query: ReviewListQuery): Promise<void> {
    query.pageSize = PAGE_SIZE;
    const page = await this.reviews.list(req.user, query);
    const stageLabels = await this.stageNames.all();
    const types = await this.rulesets.reviewTypes(req.user.partnershipId);
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    const link = (n: number) =>
      `/reviews?${new URLSearchParams({ ...(query.type ? { type: query.type } : {}), ...(query.stage ? { stage: query.stage } : {}), ...(query.overdue ? { overdue: 'true' } : {}), page: String(n) })}`;
    return render(
      res,
      'reviews/list.njk',
      reviewListPage({
        page,
        filters: { type: query.type ?? '', stage: query.stage ?? '', overdue: query.overdue === true },
        types: types.map((t) => ({ value: t.type, text: t.name })),
        stageLabels,
        mayLog: can(req.user, 'log-notification'),
        mayImport: can(req.user, 'import-reviews'),
        pagination: pagination(query.page, pages, link),
      }),
    );
  }

  @Get('new')
  async newForm(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    return this.renderNew(req, res, {}, { errors: [], fieldErrors: {} });
  }

  @Post('new')
  async create(@Req() req: SignedIn, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    return submitForm({
      fields: await this.notificationFields(req.user),
      body,
      work: async (data) => {
        const review = await this.intake.create(req.user, await validateBody(CreateReviewRequest, data));
        redirectWithFlash(req, res, `/reviews/${review.id}`, `Notification logged: ${review.reference}`);
      },
      refusalAt: { href: '#type', field: 'type' },
      rerender: (failed, status) => this.renderNew(req, res, failed.values, failed.errors, status),
    });
  }

  @Get(':id')
  async show(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Query('auditPage') auditPage?: string,
    @Query('auditViews') auditViews?: unknown,
    @Query('auditBy') auditBy?: unknown,
    @Query('auditKind') auditKind?: unknown,
  ): Promise<void> {
    return this.renderReview(req, res, id, undefined, 200, auditFilter({ auditPage: pageNumber(auditPage), auditViews, auditBy, auditKind }));
  }

  /** The review's record as a printable page (the export service decides who may, and audits it). */
  @Get(':id/record')
  async record(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    const record = await this.exports.record(req.user, id, 'html');
    res.type('html').send(await this.exports.html(record));
  }

  @Get(':id/record.json')
  async recordJson(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    const record = await this.exports.record(req.user, id, 'json');
    res.setHeader('Content-Disposition', `attachment; filename="${record.review.reference}-record.json"`);
    res.json(record);
  }

  /**
   * An action's form posted. The form is built from the review as this person may see it, not
   * recorded as a read: the page they are shown next (after the redirect, or again with what
   * was wrong) records the one read.
   */
  @Post(':id/actions/:action')
  async act(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('action') action: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const review = await this.reviews.view(req.user, id);
    const ruleset = await this.rulesets.get(review.ruleset);
    const label = this.actionForms.label(action, review, ruleset, req.user);
    return submitForm({
      id: action,
      prefix: `${action}-`,
      fields: await this.actionForms.fields(action, review, ruleset, req.user),
      body,
      work: async (data) => {
        const done = await this.pipeline.act({ user: req.user, id, name: action, rawBody: data, expectedVersion: Number(body.version) || undefined });
        const note = endingNote(done);
        redirectWithFlash(req, res, `/reviews/${id}`, note ? `${label}: done.${note}` : `${label}: done`);
      },
      explain: (problem) => ({
        what: label,
        stageLabel: stageNow(problem, (key) => ruleset.stageLabel(key)) ?? review.stageLabel,
        stageName: (key) => ruleset.stageLabel(key),
        alternativesAre: 'below',
      }),
      refusalHref: guardPage,
      rerender: (failed, status) => this.renderReview(req, res, id, failed, status),
    });
  }

  @Post(':id/recommendations')
  async addRecommendation(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const fields = recommendationFields(await this.pages.agencyChoices(req.user), await this.pages.priorityChoices(req.user));
    return this.changePlan(req, res, id, ADD_RECOMMENDATION, 'Add a recommendation', fields, body, async (data) => {
      const recommendation = await this.recommendations.create(req.user, id, await validateBody(RecommendationBody, data));
      return `Recommendation ${recommendation.number} added`;
    });
  }

  @Post(':id/recommendations/:recommendationId/actions')
  async addPlanAction(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('recommendationId', new IdParam('recommendation')) recommendationId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const recommendation = (await this.recommendations.list(req.user, id)).find((r) => r.id === recommendationId);
    const formId = recommendation ? addPlanAction(recommendation.number) : ADD_RECOMMENDATION;
    const fields = planActionFields(await this.pages.agencyChoices(req.user));
    return this.changePlan(req, res, id, formId, 'Add an action to the action plan', fields, body, async (data) => {
      const action = await this.recommendations.addAction(req.user, id, recommendationId, await validateBody(ActionBody, data));
      return `Action added to recommendation ${action.recommendationNumber}`;
    });
  }

  @Post(':id/recommendations/:recommendationId/withdraw')
  async withdrawRecommendation(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('recommendationId', new IdParam('recommendation')) recommendationId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const recommendation = (await this.recommendations.list(req.user, id)).find((r) => r.id === recommendationId);
    const formId = recommendation ? withdrawRecommendation(recommendation.number) : ADD_RECOMMENDATION;
    return this.changePlan(req, res, id, formId, 'Withdraw a recommendation', WITHDRAW_FIELDS, body, async (data) => {
      const withdrawn = await this.recommendations.withdraw(req.user, id, recommendationId, await validateBody(WithdrawBody, data));
      return `Recommendation ${withdrawn.number} withdrawn`;
    });
  }

  /** A legal hold placed from the review's page (the retention library decides who may, and audits it). */
  @Post(':id/legal-holds')
  async placeHold(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    return submitForm({
      id: PLACE_HOLD_FORM,
      prefix: `${PLACE_HOLD_FORM}-`,
      fields: PLACE_HOLD_FIELDS,
      body,
      work: async (data) => {
        await this.holds.place(req.user, id, (await validateBody(PlaceLegalHoldRequest, data)).reason);
        redirectWithFlash(req, res, `/reviews/${id}#legal-holds`, 'Legal hold placed: the review’s records will not be disposed of while it is on');
      },
      refusalAt: { href: '#legal-holds' },
      rerender: (failed, status) => this.renderReview(req, res, id, failed, status),
    });
  }

  @Post(':id/legal-holds/:holdId/lift')
  async liftHold(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('holdId', new IdParam('legal hold')) holdId: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const formId = liftHoldForm(holdId);
    return submitForm({
      id: formId,
      prefix: `${formId}-`,
      fields: LIFT_HOLD_FIELDS,
      body,
      work: async (data) => {
        await this.holds.lift(req.user, id, holdId, (await validateBody(LiftLegalHoldRequest, data)).reason);
        redirectWithFlash(req, res, `/reviews/${id}#legal-holds`, 'Legal hold lifted');
      },
      refusalAt: { href: '#legal-holds' },
      rerender: (failed, status) => this.renderReview(req, res, id, failed, status),
    });
  }

  /** A document uploaded from the review page (multipart; the token is the form's first field). */
  @Post(':id/documents')
  @MultipartForm()
  async uploadDocument(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    return this.upload(req, res, id, UPLOAD_DOCUMENT, async () => {
      const document = await this.documents.create(req.user, id, req as unknown as Request, csrfFieldCheck(req as unknown as Request));
      return `Document uploaded: ${document.title}${checkNote(document.checks)}`;
    });
  }

  @Post(':id/documents/:documentId/versions')
  @MultipartForm()
  async uploadVersion(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('documentId', new IdParam('document')) documentId: string,
  ): Promise<void> {
    return this.upload(req, res, id, newVersionForm(documentId), async () => {
      const document = await this.documents.addVersion(req.user, id, documentId, req as unknown as Request, csrfFieldCheck(req as unknown as Request));
      return `Version ${document.latest.n} of ${document.title} uploaded${checkNote(document.checks)}`;
    });
  }

  /** A version's content, streamed as an attachment (the documents library decides who may, and audits it). */
  @Get(':id/documents/:documentId/versions/:n')
  async downloadDocument(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('documentId', new IdParam('document')) documentId: string,
    @Param('n') n: string,
  ): Promise<void> {
    await sendVersion(res, await this.documents.download(req.user, id, documentId, versionNumber(n)));
  }

  /** An upload: done, or the review page again with what was wrong with the file (a refusal of the person is the error page). */
  private async upload(req: SignedIn, res: Response, id: string, formId: string, work: () => Promise<string>): Promise<void> {
    try {
      redirectWithFlash(req, res, `/reviews/${id}#documents`, await work());
    } catch (error) {
      if (!(error instanceof Problem) || (error.code !== 'invalid-input' && error.code !== 'too-large')) throw error;
      const problems = error instanceof ValidationProblem ? error.errors : [{ field: 'file', message: error.detail }];
      const fieldErrors = Object.fromEntries(problems.map((p) => [p.field, capitalise(p.field === 'file' ? `The file ${p.message}` : p.message)]));
      const errors = problems.map((p) => ({ text: fieldErrors[p.field], href: `#${formId}-${p.field}` }));
      return this.renderReview(req, res, id, { id: formId, values: {}, errors: { errors, fieldErrors } }, error.getStatus());
    }
  }

  /** A change to the recommendations or the action plan: done, or its form shown again with what was wrong. */
  private async changePlan(
    req: SignedIn,
    res: Response,
    id: string,
    formId: string,
    what: string,
    fields: FieldSpec[],
    body: Record<string, unknown>,
    change: (data: Record<string, unknown>) => Promise<string>,
  ): Promise<void> {
    return submitForm({
      id: formId,
      prefix: `${formId}-`,
      fields,
      body,
      work: async (data) => redirectWithFlash(req, res, `/reviews/${id}#recommendations`, await change(data)),
      refusalAt: { href: '#recommendations' },
      explain: (problem) => this.refusalContext(req.user, id, what, problem),
      rerender: (failed, status) => this.renderReview(req, res, id, failed, status),
    });
  }

  /** Where the review stands now, to explain a refusal (read without recording it: the page shown next records its read). */
  private async refusalContext(user: AuthenticatedUser, id: string, what: string, problem: Problem): Promise<RefusalContext> {
    const review = await this.reviews.view(user, id);
    const ruleset = await this.rulesets.get(review.ruleset);
    const stageName = (key: string) => ruleset.stageLabel(key);
    return { what, stageLabel: stageNow(problem, stageName) ?? review.stageLabel, stageName, alternativesAre: 'below' };
  }

  private async notificationFields(user: AuthenticatedUser): Promise<FieldSpec[]> {
    const types = (await this.rulesets.reviewTypes(user.partnershipId)).filter((t) => t.enabled).map((t) => ({ value: t.type, text: t.name }));
    return notificationFields(types, await this.pages.agencyChoices(user));
  }

  private async renderNew(req: SignedIn, res: Response, values: FormValues, errors: FormErrors, status = 200): Promise<void> {
    return render(res, 'reviews/new.njk', formPage('Log a notification', await this.notificationFields(req.user), values, errors), status);
  }

  /** The review's page: the one read of the review this request records (`review.viewed`). */
  private async renderReview(req: SignedIn, res: Response, id: string, failed?: FailedForm, status = 200, audit?: AuditFilter): Promise<void> {
    const review = await this.reviews.get(req.user, id);
    return render(res, 'reviews/show.njk', await this.pages.build(req.user, review, failed, audit), status);
  }
}

/**
 * What an action that ended the review says of its clocks: those it stopped as no longer needed,
 * and the statutory notices still outstanding, each with its due date.
 */
export function endingNote(done: Partial<ReviewEnding>): string {
  const named = (deadlines: NamedDeadlineView[]) => deadlines.map((d) => `${d.label} (due ${longDate(d.dueOn)})`).join('; ');
  const stopped = done.cancelledDeadlines?.length ? ` Stopped as no longer needed: ${named(done.cancelledDeadlines)}.` : '';
  const owed = done.outstandingDeadlines?.length
    ? ` Still outstanding: ${named(done.outstandingDeadlines)}. Record ${done.outstandingDeadlines.length === 1 ? 'it' : 'each'} as sent, or as not sent with the reason.`
    : '';
  return stopped + owed;
}

/**
 * A guard's refusal that names where to put it right (the report's anonymisation findings): the
 * error summary links there, to the first report in the way.
 */
function guardPage(problem: Problem): string | undefined {
  const documents = problem.extensions.documents;
  if (problem.code !== 'guard-failed' || !Array.isArray(documents)) return undefined;
  const first = (documents as { blocking?: boolean; findingsPage?: unknown }[]).find((d) => d.blocking && typeof d.findingsPage === 'string');
  return first?.findingsPage as string | undefined;
}

/** What the check of a new report version found, as the upload's confirmation says it (counts only, never a name). */
function checkNote(checks: Record<string, unknown> | undefined): string {
  const check = checks?.anonymisation as { status?: string; findingCount?: number; unreadable?: boolean } | null | undefined;
  if (!check) return '';
  if (check.status !== 'checked') return '. The check for identifying details could not run: run it from the version’s anonymisation link';
  if (check.unreadable) return '. Its text could not be read, so it could not be checked for identifying details';
  if (!check.findingCount) return '. Checked for identifying details: none found';
  return `. Checked for identifying details: ${check.findingCount} ${check.findingCount === 1 ? 'finding' : 'findings'} to acknowledge`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The review's stage when a wrong-stage refusal names it, by its name. */
function stageNow(problem: Problem, stageName: (key: string) => string): string | undefined {
  const stage = problem.extensions.currentStage;
  return typeof stage === 'string' ? stageName(stage) : undefined;
}
