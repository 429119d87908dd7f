import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Role } from '@app/access';
import { AuthenticatedUser, ConflictProblem, IdParam, PageQuery, validateBody, ValidationProblem } from '@app/common';
import { UsersService } from '@app/identity';
import { PartnershipsService } from '@app/partnerships';
import { RecommendationsService } from '@app/recommendations';
import { CreateReviewRequest, ReviewListQuery, ReviewsService, ReviewView } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { actionFields, FormChoices, myBoardChoices, notificationFields } from './action-forms';
import { Choice, FieldSpec, formErrors, FormErrors, FormValues, readForm } from './forms';
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

/** The review list and its filters, the log-a-notification form, and a review's own page. */
@WebController('reviews')
export class ReviewsPagesController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly rulesets: RulesetsService,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
    private readonly recommendations: RecommendationsService,
    private readonly stageNames: StageNames,
  ) {}

  @Get()
  async list(@Req() req: SignedIn, @Res() res: Response, @Query() query: ReviewListQuery): Promise<void> {
    query.pageSize = PAGE_SIZE;
    const page = await this.reviews.list(req.user, query);
    const stageLabels = await this.stageNames.all();
    const types = await this.rulesets.reviewTypes(req.user.partnershipId);
    const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
    const link = (n: number) => `/reviews?${new URLSearchParams({ ...(query.type ? { type: query.type } : {}), ...(query.stage ? { stage: query.stage } : {}), ...(query.overdue ? { overdue: 'true' } : {}), page: String(n) })}`;
    return render(res, 'reviews/list.njk', {
      title: 'Reviews',
      width: 'full',
      reviews: page.items,
      total: page.total,
      filters: { type: query.type ?? '', stage: query.stage ?? '', overdue: query.overdue === true },
      typeChoices: types.map((t) => ({ value: t.type, text: t.name })),
      stageChoices: Object.entries(stageLabels).map(([value, text]) => ({ value, text })),
      stageLabels,
      mayLog: req.user.roles.some((role) => role === Role.CspManager || role === Role.CspChair),
      pagination: pages > 1 ? { previous: query.page > 1 ? { href: link(query.page - 1) } : undefined, next: query.page < pages ? { href: link(query.page + 1) } : undefined, items: Array.from({ length: pages }, (_, i) => ({ number: i + 1, href: link(i + 1), current: i + 1 === query.page })) } : null,
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
      const review = await this.reviews.create(req.user, request);
      return redirectWithFlash(req, res, `/reviews/${review.id}`, `Notification logged: ${review.reference}`);
    } catch (error) {
      if (error instanceof ValidationProblem) return this.renderNew(req, res, values, formErrors(fields, error), 400);
      if (error instanceof ConflictProblem) return this.renderNew(req, res, values, { errors: [{ text: error.detail, href: '#type' }], fieldErrors: { type: error.detail } }, 409);
      throw error;
    }
  }

  @Get(':id')
  async show(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string): Promise<void> {
    return this.renderReview(req, res, await this.reviews.get(req.user, id));
  }

  @Post(':id/actions/:action')
  async act(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string, @Param('action') action: string, @Body() body: Record<string, unknown>): Promise<void> {
    const review = await this.reviews.get(req.user, id);
    const ruleset = await this.rulesets.get(review.ruleset);
    const fields = actionFields(action, review, ruleset, await this.choices(req.user, review, [action]));
    const { data, values } = readForm(fields, body);
    const label = ruleset.action(action)?.label ?? action;
    try {
      await this.reviews.act(req.user, id, action, data, Number(body.version) || undefined);
      return redirectWithFlash(req, res, `/reviews/${id}`, `${label}: done`);
    } catch (error) {
      if (error instanceof ValidationProblem) return this.renderReview(req, res, review, { action, values, errors: formErrors(fields, error, `${action}-`) }, 400);
      if (error instanceof ConflictProblem) {
        const text = this.explainConflict(error, label, review);
        return this.renderReview(req, res, await this.reviews.get(req.user, id), { action, values, errors: { errors: [{ text, href: `#${action}` }], fieldErrors: {} } }, 409);
      }
      throw error;
    }
  }

  /** A refusal because of the review's state, in plain words: what it is now and what can be done. */
  private explainConflict(error: ConflictProblem, label: string, review: ReviewView): string {
    const stage = error.extensions.currentStage as string | undefined;
    if (stage) {
      const allowed = (error.extensions.allowedActions as string[] | undefined) ?? [];
      const where = error.extensions.reviewStatus === 'paused' ? `is paused at the ${review.stageLabel.toLowerCase()} stage` : `is at the ${review.stageLabel.toLowerCase()} stage`;
      return `You cannot ‘${label.toLowerCase()}’ now: this review ${where}. ${allowed.length ? 'What can be done now is shown below.' : 'Nothing can be done to it now.'}`;
    }
    if (error.extensions.currentVersion !== undefined) return 'Someone else changed this review while you were reading it. Check the page as it is now, then try again.';
    return error.detail;
  }

  private async notificationFields(user: AuthenticatedUser): Promise<FieldSpec[]> {
    const types = (await this.rulesets.reviewTypes(user.partnershipId)).filter((t) => t.enabled).map((t) => ({ value: t.type, text: t.name }));
    return notificationFields(types, await this.agencyChoices(user));
  }

  private async agencyChoices(user: AuthenticatedUser): Promise<Choice[]> {
    return (await this.partnerships.listAgencies(user.partnershipId)).map((a) => ({ value: a.code, text: a.name }));
  }

  private async renderNew(req: SignedIn, res: Response, values: FormValues, errors: FormErrors, status = 200): Promise<void> {
    return render(res, 'reviews/new.njk', { title: 'Log a notification', fields: await this.notificationFields(req.user), values, ...errors }, status);
  }

  /** The choices the forms of these actions need, and no more (each list is a read). */
  private async choices(user: AuthenticatedUser, review: ReviewView, actions: string[]): Promise<FormChoices> {
    const people = async (role: Role) => (await this.users.withRole(user.partnershipId, role)).map((u) => ({ value: u.id, text: u.name }));
    const needs = (...names: string[]) => names.some((name) => actions.includes(name));
    return {
      agencies: needs('add-panel-member', 'request-information') ? await this.agencyChoices(user) : [],
      independentChairs: needs('appoint-chair') ? await people(Role.IndependentChair) : [],
      panelMembers: needs('add-panel-member') ? await people(Role.PanelMember) : [],
      reviewPartnerPeople: needs('add-review-partner') ? await people(Role.ReviewPartner) : [],
      myBoards: needs('sign-off') ? myBoardChoices(review, await this.partnerships.boardsOf(user.id)) : [],
    };
  }

  private async renderReview(req: SignedIn, res: Response, review: ReviewView, failed?: FailedForm, status = 200): Promise<void> {
    const ruleset = await this.rulesets.get(review.ruleset);
    const choices = await this.choices(req.user, review, review.availableActions);
    const forms = review.availableActions.map((action) => ({
      action,
      label: ruleset.action(action)?.label ?? action,
      fields: actionFields(action, review, ruleset, choices),
      values: failed?.action === action ? failed.values : {},
      fieldErrors: failed?.action === action ? failed.errors.fieldErrors : {},
      open: failed?.action === action,
    }));
    const audit = await this.reviews.auditTrail(req.user, review.id, Object.assign(new PageQuery(), { pageSize: 100 }));
    const recommendations = await this.recommendations.list(req.user, review.id);
    return render(
      res,
      'reviews/show.njk',
      { title: `${review.reference} (${review.victim.pseudonym})`, width: 'full', review, forms, recommendations, audit: audit.items, auditTotal: audit.total, errors: failed?.errors.errors ?? [] },
      status,
    );
  }
}
