import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, IdParam, Page } from '@app/common';
import { parseIfMatch } from '@app/reviews';
import {
  ActionBody,
  ActionListQuery,
  ActionUpdateBody,
  ActionView,
  RecommendationBody,
  RecommendationView,
  UpdateRecommendationBody,
  WithdrawBody,
} from './dto/recommendation.dto';
import { RecommendationsService } from './recommendations.service';

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('reviews/:reviewId/recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @ApiOkResponse({ type: [RecommendationView], description: "The review's recommendations, numbered, each with its action plan" })
  list(@CurrentUser() user: AuthenticatedUser, @Param('reviewId', new IdParam('review')) reviewId: string): Promise<RecommendationView[]> {
    return this.recommendations.list(user, reviewId);
  }

  @Post()
  @ApiCreatedResponse({ type: RecommendationView, description: 'Adding a recommendation withdraws the boards’ approvals of the current draft' })
  create(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Body() body: RecommendationBody,
  ): Promise<RecommendationView> {
    return this.recommendations.create(user, reviewId, body);
  }

  @Patch(':id')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The recommendation version you read' })
  @ApiOkResponse({ type: RecommendationView, description: 'Changing a recommendation withdraws the boards’ approvals of the current draft' })
  update(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('id', new IdParam('recommendation')) id: string,
    @Body() body: UpdateRecommendationBody,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<RecommendationView> {
    return this.recommendations.update(user, reviewId, id, body, parseIfMatch(ifMatch));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({
    type: RecommendationView,
    description:
      'Withdraws the recommendation with the reason: kept, marked withdrawn, changed no more; its open actions are withdrawn with it. Withdraws the boards’ approvals of the current draft',
  })
  withdraw(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('id', new IdParam('recommendation')) id: string,
    @Body() body: WithdrawBody,
  ): Promise<RecommendationView> {
    return this.recommendations.withdraw(user, reviewId, id, body);
  }

  @Post(':id/actions')
  @ApiCreatedResponse({ type: ActionView })
  addAction(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('id', new IdParam('recommendation')) id: string,
    @Body() body: ActionBody,
  ): Promise<ActionView> {
    return this.recommendations.addAction(user, reviewId, id, body);
  }
}

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('actions')
export class ActionsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @ApiOkResponse({ description: "Actions the caller may see (an agency action owner: their agency's), a page at a time" })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ActionListQuery): Promise<Page<ActionView>> {
    return this.recommendations.listActions(user, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ActionView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('action')) id: string): Promise<ActionView> {
    return this.recommendations.getAction(user, id);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @ApiOkResponse({ type: ActionView, description: 'Withdraws the action with the reason: kept with its history, marked withdrawn, no longer chased' })
  withdraw(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('action')) id: string, @Body() body: WithdrawBody): Promise<ActionView> {
    return this.recommendations.withdrawPlanAction(user, id, body);
  }

  @Post(':id/updates')
  @ApiCreatedResponse({ type: ActionView, description: 'Appends a progress update; the history is never overwritten' })
  update(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('action')) id: string, @Body() body: ActionUpdateBody): Promise<ActionView> {
    return this.recommendations.recordProgress(user, id, body);
  }
}
