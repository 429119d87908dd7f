import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { can } from '@app/access';
import { AuthenticatedUser, ConflictProblem, ForbiddenProblem, IdParam, PageQuery, validateBody, ValidationProblem } from '@app/common';
import { ReviewExportService, mayExportRecord } from '@app/exports';
import { UsersService } from '@app/identity';
import { PartnershipsService } from '@app/partnerships';
import { ActionBody, RecommendationBody, RecommendationsService } from '@app/recommendations';
import { ActionPipeline, CreateReviewRequest, ReviewIntake, ReviewListQuery, ReviewQueries, ReviewView } from '@app/reviews';
import { Ruleset, RulesetsService } from '@app/rulesets';
import { ActionForms, notificationFields, planActionFields, recommendationFields } from './action-forms';
import { auditActionName } from './audit-words';
import { Choice, FieldSpec, formErrors, FormErrors, FormValues, readForm } from './forms';
import { pageNumber, pagination } from './paging';
import { explainRefusal } from './refusals';
import { redirectWithFlash, render, WebController } from './render';
import { StageNames } from './stage-names';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

/** A form that failed, to show again on the page with what was typed and what was wrong. */
interface FailedForm {
  action: string;
  values: FormValues;
  errors: FormErrors;
}

const PAGE_SIZE = 20;
/** Audit entries a page, on the review's page. */
const AUDIT_PAGE_SIZE = 20;
/** The form ids of the recommendation forms (they share the review page with the actions' forms). */
const ADD_RECOMMENDATION = 'add-recommendation';
const addPlanAction = (recommendationNumber: number) => `add-action-${recommendationNumber}`;

/** The review list and its filters, the log-a-notification form, and a review's own page. */
@WebController('reviews')
export class ReviewsPagesController {
  constructor(
    private readonly reviews: ReviewQueries,
    private readonly intake: ReviewIntake,
    private readonly pipeline: ActionPipeline,
    private readonly actionForms: ActionForms,
    private readonly rulesets: RulesetsService,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
    private readonly recommendations: RecommendationsService,
    private readonly exports: ReviewExportService,
    private readonly stageNames: StageNames,
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
    return render(res, 'reviews/list.njk', {
      title: 'Reviews',
      width: 'full',
      reviews: page.items,
      total: page.total,
      filters: { type: query.type ?? '', stage: query.stage ?? '', overdue: query.overdue === true },
      typeChoices: types.map((t) => ({ value: t.type, text: t.name })),
      stageChoices: Object.entries(stageLabels).map(([value, text]) => ({ value, text })),
      stageLabels,
      mayLog: can(req.user, 'log-notification'),
      pagination: pagination(query.page, pages, link),
    });
  }

  @Get('new')
  async newForm(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    return this.renderNew(req, res, {}, { errors: [], fieldErrors: {} });
  }

  @Post('new')
  async create(@Req() req: SignedIn, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const fields = await this.notificationFields(req.user);
    const { data, values } = readForm(fields, body);
    try {
      const request = await validateBody(CreateReviewRequest, data);
      const review = await this.intake.create(req.user, request);
      return redirectWithFlash(req, res, `/reviews/${review.id}`, `Notification logged: ${review.reference}`);
    } catch (error) {
      if (error instanceof ValidationProblem) return this.renderNew(req, res, values, formErrors(fields, error), 400);
      if (error instanceof ConflictProblem)
        return this.renderNew(req, res, values, { errors: [{ text: error.detail, href: '#type' }], fieldErrors: { type: error.detail } }, 409);
      throw error;
    }
  }

  @Get(':id')
  async show(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Query('auditPage') auditPage?: string,
  ): Promise<void> {
    return this.renderReview(req, res, await this.reviews.get(req.user, id), undefined, 200, pageNumber(auditPage));
  }

  /** The review's record as a printable page (the export service decides who may, and audits it). */
  @Get(':id/record')
  async record(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    const record = await this.exports.record(req.user, id, 'html');
    res.type('html').send(this.exports.html(record));
  }

  @Get(':id/record.json')
  async recordJson(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    const record = await this.exports.record(req.user, id, 'json');
    res.setHeader('Content-Disposition', `attachment; filename="${record.review.reference}-record.json"`);
    res.json(record);
  }

  @Post(':id/actions/:action')
  async act(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('action') action: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const review = await this.reviews.get(req.user, id);
    const ruleset = await this.rulesets.get(review.ruleset);
    const fields = await this.actionForms.fields(action, review, ruleset, req.user);
    const { data, values } = readForm(fields, body);
    const label = ruleset.action(action)?.label ?? action;
    try {
      await this.actionForms.requireVoteDecision(action, data);
      await this.pipeline.act({ user: req.user, id, name: action, rawBody: data, expectedVersion: Number(body.version) || undefined });
      return redirectWithFlash(req, res, `/reviews/${id}`, `${label}: done`);
    } catch (error) {
      if (error instanceof ValidationProblem)
        return this.renderReview(req, res, review, { action, values, errors: formErrors(fields, error, `${action}-`) }, 400);
      if (error instanceof ConflictProblem || error instanceof ForbiddenProblem) {
        const text = explainRefusal(error, {
          what: label,
          stageLabel: review.stageLabel,
          stageName: (key) => ruleset.stageLabel(key),
          alternativesAre: 'below',
        });
        if (text === null && error instanceof ForbiddenProblem) throw error;
        return this.renderReview(
          req,
          res,
          await this.reviews.get(req.user, id),
          { action, values, errors: { errors: [{ text: text ?? error.detail, href: `#${action}` }], fieldErrors: {} } },
          error.getStatus(),
        );
      }
      throw error;
    }
  }

  @Post(':id/recommendations')
  async addRecommendation(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const fields = recommendationFields(await this.agencyChoices(req.user), await this.priorityChoices(req.user));
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
    const fields = planActionFields(await this.agencyChoices(req.user));
    return this.changePlan(req, res, id, formId, 'Add an action to the action plan', fields, body, async (data) => {
      const action = await this.recommendations.addAction(req.user, id, recommendationId, await validateBody(ActionBody, data));
      return `Action added to recommendation ${action.recommendationNumber}`;
    });
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
    const { data, values } = readForm(fields, body);
    try {
      const done = await change(data);
      return redirectWithFlash(req, res, `/reviews/${id}#recommendations`, done);
    } catch (error) {
      if (error instanceof ValidationProblem)
        return this.renderReview(
          req,
          res,
          await this.reviews.get(req.user, id),
          { action: formId, values, errors: formErrors(fields, error, `${formId}-`) },
          400,
        );
      if (error instanceof ConflictProblem || error instanceof ForbiddenProblem) {
        const review = await this.reviews.get(req.user, id);
        const ruleset = await this.rulesets.get(review.ruleset);
        const text = explainRefusal(error, { what, stageLabel: review.stageLabel, stageName: (key) => ruleset.stageLabel(key), alternativesAre: 'below' });
        if (text === null && error instanceof ForbiddenProblem) throw error;
        return this.renderReview(
          req,
          res,
          review,
          { action: formId, values, errors: { errors: [{ text: text ?? error.detail, href: '#recommendations' }], fieldErrors: {} } },
          error.getStatus(),
        );
      }
      throw error;
    }
  }

  private async notificationFields(user: AuthenticatedUser): Promise<FieldSpec[]> {
    const types = (await this.rulesets.reviewTypes(user.partnershipId)).filter((t) => t.enabled).map((t) => ({ value: t.type, text: t.name }));
    return notificationFields(types, await this.agencyChoices(user));
  }

  private async agencyChoices(user: AuthenticatedUser): Promise<Choice[]> {
    return (await this.partnerships.listAgencies(user.partnershipId)).map((a) => ({ value: a.code, text: a.name }));
  }

  private async priorityChoices(user: AuthenticatedUser): Promise<Choice[]> {
    return (await this.partnerships.listPriorities(user.partnershipId)).map((p) => ({ value: p.key, text: p.name }));
  }

  private async renderNew(req: SignedIn, res: Response, values: FormValues, errors: FormErrors, status = 200): Promise<void> {
    return render(res, 'reviews/new.njk', { title: 'Log a notification', fields: await this.notificationFields(req.user), values, ...errors }, status);
  }

  private async renderReview(req: SignedIn, res: Response, review: ReviewView, failed?: FailedForm, status = 200, auditPage = 1): Promise<void> {
    const ruleset = await this.rulesets.get(review.ruleset);
    const formOf = (id: string, label: string, fields: FieldSpec[]) => ({
      action: id,
      label,
      fields,
      values: failed?.action === id ? failed.values : {},
      fieldErrors: failed?.action === id ? failed.errors.fieldErrors : {},
      open: failed?.action === id,
    });
    const forms = [];
    for (const action of review.availableActions) {
      forms.push(formOf(action, ruleset.action(action)?.label ?? action, await this.actionForms.fields(action, review, ruleset, req.user)));
    }
    const recommendations = await this.recommendations.list(req.user, review.id);
    const may = await this.recommendations.allowedChanges(req.user, review.id);
    const agencies = may.recommendations || may.actionPlan ? await this.agencyChoices(req.user) : [];
    const planForms = {
      recommendation: may.recommendations
        ? formOf(ADD_RECOMMENDATION, 'Add a recommendation', recommendationFields(agencies, await this.priorityChoices(req.user)))
        : null,
      actions: may.actionPlan
        ? Object.fromEntries(
            recommendations.map((r) => [r.id, formOf(addPlanAction(r.number), `Add an action to recommendation ${r.number}`, planActionFields(agencies))]),
          )
        : {},
    };
    const oversees = mayExportRecord(req.user, { chairUserId: review.chair?.userId ?? null });
    const audit = oversees ? await this.auditPage(req.user, review, ruleset, auditPage) : null;
    return render(
      res,
      'reviews/show.njk',
      {
        title: `${review.reference} (${review.victim.pseudonym})`,
        width: 'full',
        review,
        forms,
        recommendations,
        planForms,
        oversees,
        audit,
        errors: failed?.errors.errors ?? [],
      },
      status,
    );
  }

  /** One page of the review's audit trail, in words, with who did each thing. */
  private async auditPage(user: AuthenticatedUser, review: ReviewView, ruleset: Ruleset, page: number) {
    const entries = await this.reviews.auditTrail(user, review.id, Object.assign(new PageQuery(), { page, pageSize: AUDIT_PAGE_SIZE }));
    const actorIds = [...new Set(entries.items.map((e) => e.actorId).filter((id): id is string => id !== null))];
    const names = new Map<string, string>();
    for (const actorId of actorIds)
      names.set(actorId, (await this.users.findInPartnership(user.partnershipId, actorId))?.name ?? 'Someone from a contributing partnership');
    const pages = Math.max(1, Math.ceil(entries.total / AUDIT_PAGE_SIZE));
    return {
      items: entries.items.map((e) => ({
        occurredAt: e.occurredAt,
        what: auditActionName(e.action, ruleset),
        by: e.actorId === null ? 'The service' : e.actorId === user.id ? `${names.get(e.actorId)} (you)` : names.get(e.actorId),
      })),
      total: entries.total,
      from: (page - 1) * AUDIT_PAGE_SIZE + 1,
      to: (page - 1) * AUDIT_PAGE_SIZE + entries.items.length,
      pagination: pagination(page, pages, (n) => `/reviews/${review.id}?auditPage=${n}#audit`),
    };
  }
}
