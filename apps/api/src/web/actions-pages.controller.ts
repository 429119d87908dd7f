import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '@app/access';
import { AuthenticatedUser, Clock, IdParam, validateBody } from '@app/common';
import { ActionListQuery, ActionUpdateBody, RecommendationsService } from '@app/recommendations';
import { progressFields } from './action-forms';
import { FailedForm, submitForm } from './form-post';
import { dateValue } from './forms';
import { actionsPage } from './page-models/actions-page';
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
    const page = pageNumber(body.page);
    const formId = formIdOf(id);
    return submitForm({
      id: formId,
      prefix: `${formId}-`,
      fields: progressFields(),
      body,
      work: async (data) => {
        const action = await this.recommendations.recordProgress(req.user, id, await validateBody(ActionUpdateBody, data));
        redirectWithFlash(
          req,
          res,
          `/actions?page=${page}#${formId}`,
          `Progress recorded on the action for recommendation ${action.recommendationNumber} of ${action.reviewReference}`,
        );
      },
      rerender: (failed, status) => this.renderList(req, res, page, failed, status),
    });
  }

  private async renderList(req: SignedIn, res: Response, page: number, failed?: FailedForm, status = 200): Promise<void> {
    const agency = req.user.agencyId;
    const actions = agency
      ? await this.recommendations.listActions(req.user, Object.assign(new ActionListQuery(), { agency, page, pageSize: PAGE_SIZE }))
      : { items: [], total: 0 };
    const pages = Math.max(1, Math.ceil(actions.total / PAGE_SIZE));
    const model = actionsPage({
      page,
      actions,
      formIdOf,
      fields: progressFields(),
      initial: { on: dateValue(this.clock.today()) },
      pagination: pagination(page, pages, (n) => `/actions?page=${n}`),
      failed,
    });
    return render(res, 'actions.njk', model, status);
  }
}
