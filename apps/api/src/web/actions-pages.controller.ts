import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '@app/access';
import { AuthenticatedUser, Clock, IdParam, validateBody, ValidationProblem } from '@app/common';
import { ActionListQuery, ActionUpdateBody, RecommendationsService } from '@app/recommendations';
import { progressFields } from './action-forms';
import { dateValue, formErrors, FormErrors, FormValues, readForm } from './forms';
import { pageNumber, pagination } from './paging';
import { redirectWithFlash, render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

const PAGE_SIZE = 20;

/** A progress form's ids on a page of many: one prefix per action. */
const formIdOf = (actionId: string) => `progress-${actionId}`;

/**
 * The agency action owner's page: their agency's actions from every review's action plan, and a
 * progress update for each (the recommendations service decides who may record one).
 */
@WebController('actions')
@Allow('work-agency-actions')
export class ActionsPagesController {
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Req() req: SignedIn, @Res() res: Response, @Query('page') page?: string): Promise<void> {
    return this.renderList(req, res, pageNumber(page));
  }

  @Post(':id/progress')
  async progress(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('action')) id: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const fields = progressFields();
    const { data, values } = readForm(fields, body);
    const page = pageNumber(body.page);
    try {
      const action = await this.recommendations.recordProgress(req.user, id, await validateBody(ActionUpdateBody, data));
      return redirectWithFlash(
        req,
        res,
        `/actions?page=${page}#${formIdOf(id)}`,
        `Progress recorded on the action for recommendation ${action.recommendationNumber} of ${action.reviewReference}`,
      );
    } catch (error) {
      if (error instanceof ValidationProblem)
        return this.renderList(req, res, page, { actionId: id, values, errors: formErrors(fields, error, `${formIdOf(id)}-`) }, 400);
      throw error;
    }
  }

  private async renderList(
    req: SignedIn,
    res: Response,
    page: number,
    failed?: { actionId: string; values: FormValues; errors: FormErrors },
    status = 200,
  ): Promise<void> {
    const agency = req.user.agencyId;
    const actions = agency
      ? await this.recommendations.listActions(req.user, Object.assign(new ActionListQuery(), { agency, page, pageSize: PAGE_SIZE }))
      : { items: [], total: 0 };
    const today = dateValue(this.clock.today());
    const pages = Math.max(1, Math.ceil(actions.total / PAGE_SIZE));
    return render(
      res,
      'actions.njk',
      {
        title: 'Your agency’s actions',
        width: 'full',
        page,
        total: actions.total,
        actions: actions.items.map((action) => {
          const mine = failed?.actionId === action.id;
          return {
            ...action,
            form: {
              id: formIdOf(action.id),
              fields: progressFields(),
              values: mine ? failed.values : { on: today },
              fieldErrors: mine ? failed.errors.fieldErrors : {},
              open: mine,
            },
          };
        }),
        pagination: pagination(page, pages, (n) => `/actions?page=${n}`),
        errors: failed?.errors.errors ?? [],
      },
      status,
    );
  }
}
