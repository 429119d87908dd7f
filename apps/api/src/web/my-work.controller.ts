import { Get, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { can, Role } from '@app/access';
import { addCalendarDays, AuthenticatedUser, Clock, PageQuery } from '@app/common';
import { DeadlineListQuery, DeadlinesService } from '@app/deadlines';
import { ActionListQuery, RecommendationsService } from '@app/recommendations';
import { NextSteps, ReviewListQuery, ReviewQueries } from '@app/reviews';
import { myWorkPage } from './page-models/my-work-page';
import { render, WebController } from './render';
import { StageNames } from './stage-names';

/** How far ahead "My work" looks for deadlines (issue 6: the next 28 days). */
export const LOOK_AHEAD_DAYS = 28;
/** How many open reviews' next steps My work lists (the most pressing first); the rest are a link away. */
export const NEXT_STEPS_SHOWN = 20;

function query<T extends object>(cls: new () => T, values: Partial<T>): T {
  return Object.assign(new cls(), values);
}

@WebController('my-work')
export class MyWorkController {
  constructor(
    private readonly reviews: ReviewQueries,
    private readonly deadlines: DeadlinesService,
    private readonly recommendations: RecommendationsService,
    private readonly clock: Clock,
    private readonly stageNames: StageNames,
    private readonly nextSteps: NextSteps,
  ) {}

  /**
   * My deadlines are the ones that are mine to meet or chase (DeadlinesService `mine`: a case
   * officer's partnership, a chair's reviews, a panel member's agency's information requests, an
   * action owner's agency's actions), not every deadline I may see.
   */
  @Get()
  async page(@Req() req: { user: AuthenticatedUser }, @Res() res: Response): Promise<void> {
    const user = req.user;
    const today = this.clock.today();
    const deadlines = await this.deadlines.list(
      user,
      query(DeadlineListQuery, { status: 'open', dueBefore: addCalendarDays(today, LOOK_AHEAD_DAYS + 1), mine: true, pageSize: 100 }),
      today,
    );
    const overdue = await this.deadlines.list(user, query(DeadlineListQuery, { status: 'missed', mine: true, pageSize: 100 }), today);
    const reviews = await this.reviews.list(user, query(ReviewListQuery, { pageSize: 20, sort: '-updatedAt' }));
    const signOffs = can(user, 'sign-off-for-board') ? await this.reviews.signOffsAwaiting(user) : null;
    const actions =
      can(user, 'work-agency-actions') && user.agencyId
        ? await this.recommendations.listActions(user, query(ActionListQuery, { agency: user.agencyId, pageSize: 100 }))
        : null;
    const model = myWorkPage({
      today,
      lookAheadDays: LOOK_AHEAD_DAYS,
      overdue: overdue.items,
      upcoming: deadlines.items,
      reviews,
      stageLabels: await this.stageNames.all(),
      signOffs,
      actions: actions ? actions.items : null,
      agencyPages: user.roles.includes(Role.PanelMember),
      nextSteps: await this.nextSteps.openReviews(user, query(PageQuery, { pageSize: NEXT_STEPS_SHOWN })),
    });
    return render(res, 'my-work.njk', model);
  }
}
