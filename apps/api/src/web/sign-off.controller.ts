import { Body, Get, NotFoundException, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Allow } from '@app/access';
import { AuthenticatedUser, Clock, ConflictProblem, ForbiddenProblem, IdParam, ValidationProblem } from '@app/common';
import { RecommendationsService } from '@app/recommendations';
import { ActionPipeline, ReviewQueries, ReviewView } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { ActionForms, voteFields } from './action-forms';
import { dateValue, formErrors, FormErrors, FormValues, readForm } from './forms';
import { explainRefusal } from './refusals';
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
    private readonly actionForms: ActionForms,
    private readonly recommendations: RecommendationsService,
    private readonly rulesets: RulesetsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    return render(res, 'sign-off/list.njk', { title: 'Sign-off', width: 'full', items: await this.reviews.signOffsAwaiting(req.user) });
  }

  @Get(':id/:board')
  async item(@Req() req: SignedIn, @Res() res: Response, @Param('id', new IdParam('review')) id: string, @Param('board') board: string): Promise<void> {
    return this.renderItem(req, res, await this.reviews.get(req.user, id), board);
  }

  @Post(':id/:board')
  async vote(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('id', new IdParam('review')) id: string,
    @Param('board') board: string,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const review = await this.reviews.get(req.user, id);
    const boardName = this.boardOf(review, board).boardName;
    const fields = voteFields();
    const { data, values } = readForm(fields, body);
    try {
      await this.actionForms.requireVoteDecision('sign-off', data);
      await this.pipeline.act({ user: req.user, id, name: 'sign-off', rawBody: { ...data, board }, expectedVersion: Number(body.version) || undefined });
      const decided = data.decision === 'reject' ? 'rejection' : 'approval';
      return redirectWithFlash(req, res, '/sign-off', `Your ${decided} of ${review.reference} for the ${boardName} is recorded`);
    } catch (error) {
      if (error instanceof ValidationProblem) return this.renderItem(req, res, review, board, { values, errors: formErrors(fields, error) }, 400);
      if (error instanceof ConflictProblem || error instanceof ForbiddenProblem) {
        const ruleset = await this.rulesets.get(review.ruleset);
        const now = await this.reviews.get(req.user, id);
        const text =
          explainRefusal(error, {
            what: `Sign off for the ${boardName}`,
            stageLabel: now.stageLabel,
            stageName: (key) => ruleset.stageLabel(key),
            alternativesAre: 'on the review’s page',
          }) ?? error.detail;
        return this.renderItem(req, res, now, board, { values, errors: { errors: [{ text, href: '#decision' }], fieldErrors: {} } }, error.getStatus());
      }
      throw error;
    }
  }

  /** One of the boards that must sign off this review; any other is a page that does not exist. */
  private boardOf(review: ReviewView, board: string) {
    const status = BOARD_KEY.test(board) ? review.signOffStatus.find((s) => s.board === board) : undefined;
    if (!status) throw new NotFoundException();
    return status;
  }

  private async renderItem(
    req: SignedIn,
    res: Response,
    review: ReviewView,
    board: string,
    failed?: { values: FormValues; errors: FormErrors },
    status = 200,
  ): Promise<void> {
    const boardStatus = this.boardOf(review, board);
    const myVote = review.signOffs.find((v) => v.board === board && v.memberId === req.user.id && !v.withdrawnAt) ?? null;
    const mayVote =
      review.availableActions.includes('sign-off') &&
      !myVote &&
      (await this.reviews.signOffsAwaiting(req.user)).some((i) => i.reviewId === review.id && i.board === board);
    return render(
      res,
      'sign-off/item.njk',
      {
        title: `Sign off ${review.reference} for the ${boardStatus.boardName}`,
        width: 'full',
        review,
        board: boardStatus,
        votes: review.signOffs.filter((v) => v.board === board),
        myVote,
        mayVote,
        recommendations: await this.recommendations.list(req.user, review.id),
        fields: voteFields(),
        values: failed?.values ?? { on: dateValue(this.clock.today()) },
        fieldErrors: failed?.errors.fieldErrors ?? {},
        errors: failed?.errors.errors ?? [],
      },
      status,
    );
  }
}
