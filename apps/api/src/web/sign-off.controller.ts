import { Body, Get, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '@app/access';
import { AuthenticatedUser, Clock, IdParam } from '@app/common';
import { RecommendationsService } from '@app/recommendations';
import { ActionPipeline, ReviewQueries, ReviewView } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { voteFields } from './action-forms';
import { FailedForm, submitForm } from './form-post';
import { dateValue } from './forms';
import { signOffItemPage, signOffListPage } from './page-models/sign-off-pages';
import { redirectWithFlash, render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

/** A board key as rulesets name boards: a short word such as csp or dab. */
const BOARD_KEY = /^[a-z]{1,20}$/;

/**
 * A board member's sign-off: what waits for their vote, and per report and board, the report
 * and its recommendations to read and the vote to record (the review's `sign-off` action, so the
 * service's rules apply: a member of that board, at the sign-off stage, a comment to reject).
 */
@WebController('sign-off')
@Allow('sign-off-for-board')
export class SignOffController {
  constructor(
    private readonly reviews: ReviewQueries,
    private readonly pipeline: ActionPipeline,
    private readonly recommendations: RecommendationsService,
    private readonly rulesets: RulesetsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    return render(res, 'sign-off/list.njk', signOffListPage(await this.reviews.signOffsAwaiting(req.user)));
  }

  @Get(':id/:board')
  async item(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string, @Param('board') board: string): Promise<void> {
    return this.renderItem(req, res, id, board);
  }

  /** A vote posted: checked against the review as this person may see it, without recording a read. */
  @Post(':id/:board')
  async vote(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('board') board: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const review = await this.reviews.view(req.user, id);
    const boardName = this.boardOf(review, board).boardName;
    const ruleset = await this.rulesets.get(review.ruleset);
    return submitForm({
      fields: voteFields(),
      body,
      work: async (data) => {
        await this.pipeline.act({ user: req.user, id, name: 'sign-off', rawBody: { ...data, board }, expectedVersion: Number(body.version) || undefined });
        const decided = data.decision === 'reject' ? 'rejection' : 'approval';
        redirectWithFlash(req, res, '/sign-off', `Your ${decided} of ${review.reference} for the ${boardName} is recorded`);
      },
      refusalAt: { href: '#decision' },
      explain: (problem) => {
        const stage = problem.extensions.currentStage;
        return {
          what: `Sign off for the ${boardName}`,
          stageLabel: typeof stage === 'string' ? ruleset.stageLabel(stage) : review.stageLabel,
          stageName: (key) => ruleset.stageLabel(key),
          alternativesAre: 'on the review’s page',
        };
      },
      rerender: (failed, status) => this.renderItem(req, res, id, board, failed, status),
    });
  }

  /** One of the boards that must sign off this review; any other is a page that does not exist. */
  private boardOf(review: ReviewView, board: string) {
    const status = BOARD_KEY.test(board) ? review.signOffStatus.find((s) => s.board === board) : undefined;
    if (!status) throw new NotFoundException();
    return status;
  }

  /** The report's page for one board: the one read of the review this request records (`review.viewed`). */
  private async renderItem(req: SignedIn, res: Response, id: string, board: string, failed?: FailedForm, status = 200): Promise<void> {
    const review = await this.reviews.get(req.user, id);
    const boardStatus = this.boardOf(review, board);
    const waiting = (await this.reviews.signOffsAwaiting(req.user)).some((i) => i.reviewId === review.id && i.board === board);
    const model = signOffItemPage({
      review,
      board: boardStatus,
      me: req.user.id,
      waiting,
      recommendations: await this.recommendations.list(req.user, review.id),
      fields: voteFields(),
      initial: { on: dateValue(this.clock.today()) },
      failed,
    });
    return render(res, 'sign-off/item.njk', model, status);
  }
}
