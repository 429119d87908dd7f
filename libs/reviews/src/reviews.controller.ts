import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser, IdParam, Page, PageQuery, ValidationProblem } from '@app/common';
import { AuditTrailQuery } from '@app/audit';
import { CreateReviewRequest } from './dto/create-review.dto';
import { ReviewListQuery } from './dto/review-list.query';
import { ReviewActionSummary, ReviewListItem, ReviewView } from './dto/review.view';
import { ActionPipeline } from './pipeline/action-pipeline';
import { ReviewConnections } from './review-connections.service';
import { ReviewIntake } from './review-intake.service';
import { ReviewQueries } from './review-queries.service';
import { NextSteps, NextStepView } from './next-step';
import { AddContributorRequest, CreateLinkRequest } from './deaths/death.dto';

/** `If-Match: "3"` (or W/"3", or 3) → 3; absent → undefined; anything else is a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) throw ValidationProblem.field('If-Match', 'must be the review version in quotes, e.g. "3"');
  return Number(match[1]);
}

/** Whether a `Prefer` header (RFC 7240) asks for `return=minimal`; other preferences are ignored, as the RFC allows. */
export function prefersMinimal(header: string | undefined): boolean {
  return (header ?? '').split(',').some((preference) => preference.split(';')[0].trim().toLowerCase().replace(/\s+/g, '') === 'return=minimal');
}

@ApiTags('reviews')
@ApiBearerAuth()
@ApiExtraModels(ReviewView, ReviewActionSummary)
@Controller('reviews')
export class ReviewsController {
  constructor(
    private readonly intake: ReviewIntake,
    private readonly reviews: ReviewQueries,
    private readonly connections: ReviewConnections,
    private readonly pipeline: ActionPipeline,
    private readonly nextStepsOf: NextSteps,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Log a death notification, opening a review at the decision stage' })
  @ApiCreatedResponse({ type: ReviewView })
  async create(@CurrentUser() user: AuthenticatedUser, @Body() request: CreateReviewRequest, @Res({ passthrough: true }) res: Response): Promise<ReviewView> {
    const review = await this.intake.create(user, request);
    res.location(`/api/reviews/${review.id}`).setHeader('ETag', `"${review.version}"`);
    return review;
  }

  @Get()
  @ApiOperation({ summary: 'Reviews the caller may see, filtered and a page at a time' })
  @ApiOkResponse({ description: '{items, total, page, pageSize}', type: [ReviewListItem] })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ReviewListQuery): Promise<Page<ReviewListItem>> {
    return this.reviews.list(user, query);
  }

  @Get('next-steps')
  @ApiOperation({
    summary: 'What happens next on each review you can see that has not ended: the step, who holds it and by when, most pressing first',
  })
  @ApiOkResponse({ description: '{items, total, page, pageSize}', type: [NextStepView] })
  nextSteps(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<Page<NextStepView>> {
    return this.nextStepsOf.openReviews(user, query);
  }

  @Get(':id/next-step')
  @ApiOperation({ summary: 'What happens next on the review: the step that takes it on, who holds it and by when, and what stops it if anything does' })
  @ApiOkResponse({ type: NextStepView })
  @ApiNotFoundResponse({ description: 'No such review, or not one the caller may see' })
  nextStep(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string): Promise<NextStepView> {
    return this.nextStepsOf.forReview(user, id);
  }

  @Get(':id')
  @ApiOkResponse({ type: ReviewView })
  @ApiNotFoundResponse({ description: 'No such review, or not one the caller may see' })
  async get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReviewView> {
    const review = await this.reviews.get(user, id);
    res.setHeader('ETag', `"${review.version}"`);
    return review;
  }

  @Get(':id/audit')
  @ApiOperation({ summary: "The review's audit trail, oldest first unless order=newest; filterable by kind, person and whether an entry records a read" })
  auditTrail(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string, @Query() query: AuditTrailQuery) {
    return this.reviews.auditTrail(user, id, query);
  }

  @Post(':id/contributors')
  @ApiOperation({ summary: "Let another partnership contribute to this review: its people can be appointed to it and see it, and nothing else of the lead's" })
  @ApiCreatedResponse({ type: ReviewView })
  addContributor(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Body() request: AddContributorRequest,
  ): Promise<ReviewView> {
    return this.connections.addContributor(user, id, request.partnershipId);
  }

  @Post(':id/links')
  @ApiOperation({ summary: 'Link a joint review (a SAR or CSPR run alongside) or another review of the same death; the link shows on both sides' })
  @ApiCreatedResponse({ type: ReviewView })
  addLink(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string, @Body() request: CreateLinkRequest): Promise<ReviewView> {
    return this.connections.addLink(user, id, request);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  // The OpenAPI document shows one operation per action in place of this one (describeActions).
  @ApiOperation({ summary: 'Take an action on the review; GET /api/rulesets says which stages and roles allow each' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you read, e.g. "3": a stale one gets 409' })
  @ApiHeader({ name: 'Prefer', required: false, description: '`return=minimal` answers with only the id, reference, stage, status and version (RFC 7240)' })
  @ApiOkResponse({
    description: 'The review as it now is, or with `Prefer: return=minimal` just its new stage and version',
    schema: { oneOf: [{ $ref: getSchemaPath(ReviewView) }, { $ref: getSchemaPath(ReviewActionSummary) }] },
  })
  @ApiForbiddenResponse({ description: 'The caller may see the review but not take this action' })
  @ApiConflictResponse({ description: 'Wrong stage or status for the action, a stale If-Match, or a precondition not met' })
  async act(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReviewView | ReviewActionSummary> {
    const minimal = prefersMinimal(prefer);
    const request = { user, id, name: action, rawBody: body, expectedVersion: parseIfMatch(ifMatch) };
    const review = minimal ? await this.pipeline.actBriefly(request) : await this.pipeline.act(request);
    res.setHeader('ETag', `"${review.version}"`);
    if (minimal) res.setHeader('Preference-Applied', 'return=minimal');
    res.vary('Prefer');
    return review;
  }
}
