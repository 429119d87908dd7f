import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Allow } from '@app/access';
import { AuthenticatedUser, CurrentUser, IdParam, Page } from '@app/common';
import { Disposal } from './disposal.service';
import {
  DisposalView,
  DisposeRequest,
  DueForDisposalItem,
  DueForDisposalPage,
  DueForDisposalQuery,
  LegalHoldView,
  LiftLegalHoldRequest,
  PlaceLegalHoldRequest,
  ReviewTypeRetentionView,
  SetRetentionRequest,
} from './dto/retention.dto';
import { LegalHolds } from './legal-holds.service';
import { RetentionService } from './retention.service';

@ApiTags('retention')
@ApiBearerAuth()
@Controller('admin/retention')
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly disposal: Disposal,
  ) {}

  @Get('rules')
  @Allow('manage-retention')
  @ApiOkResponse({
    type: [ReviewTypeRetentionView],
    description: "Each review type's retention rule: its ruleset's, the partnership's own period if set, and the one in force (null: never due for disposal)",
  })
  rules(@CurrentUser() user: AuthenticatedUser): Promise<ReviewTypeRetentionView[]> {
    return this.retention.rules(user.partnershipId);
  }

  @Put('rules/:type')
  @Allow('manage-retention')
  @ApiOkResponse({ type: ReviewTypeRetentionView, description: "Sets the partnership's own retention period for a review type (local practice); audited" })
  setRule(@CurrentUser() user: AuthenticatedUser, @Param('type') type: string, @Body() body: SetRetentionRequest): Promise<ReviewTypeRetentionView> {
    return this.retention.setRule(user, type, body.years);
  }

  @Delete('rules/:type')
  @Allow('manage-retention')
  @ApiOkResponse({ type: ReviewTypeRetentionView, description: "Goes back to the ruleset's rule for the review type; audited" })
  clearRule(@CurrentUser() user: AuthenticatedUser, @Param('type') type: string): Promise<ReviewTypeRetentionView> {
    return this.retention.clearRule(user, type);
  }

  @Get('due')
  @Allow('dispose-of-records')
  @ApiOkResponse({
    type: DueForDisposalPage,
    description: 'Ended reviews whose end date plus the retention period is today or earlier, not yet disposed of, soonest due first, with any legal hold',
  })
  due(@CurrentUser() user: AuthenticatedUser, @Query() query: DueForDisposalQuery): Promise<Page<DueForDisposalItem>> {
    return this.retention.dueForDisposal(user.partnershipId, query);
  }

  @Post('reviews/:id/dispose')
  @HttpCode(200)
  @Allow('dispose-of-records')
  @ApiOkResponse({
    type: DisposalView,
    description:
      "Disposes of the review's personal data, irreversibly, keeping its statistical shape and its audit entries; confirmReference must be its reference. 409 while on legal hold or before it is due",
  })
  dispose(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string, @Body() body: DisposeRequest): Promise<DisposalView> {
    return this.disposal.dispose(user, id, body.confirmReference);
  }
}

@ApiTags('retention')
@ApiBearerAuth()
@Controller('reviews/:id/legal-holds')
export class LegalHoldsController {
  constructor(private readonly holds: LegalHolds) {}

  @Get()
  @Allow('see-legal-holds')
  @ApiOkResponse({ type: [LegalHoldView], description: "The review's legal holds, active ones first" })
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string): Promise<LegalHoldView[]> {
    return this.holds.list(user, id);
  }

  @Post()
  @Allow('place-legal-hold')
  @ApiCreatedResponse({ type: LegalHoldView, description: 'Places a legal hold: the review is not disposed of while it is active; audited' })
  place(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string, @Body() body: PlaceLegalHoldRequest): Promise<LegalHoldView> {
    return this.holds.place(user, id, body.reason);
  }

  @Post(':holdId/lift')
  @HttpCode(200)
  @Allow('lift-legal-hold')
  @ApiOkResponse({ type: LegalHoldView, description: 'Lifts a legal hold, with the reason; audited. The hold stays on record' })
  lift(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('holdId', new IdParam('legal hold')) holdId: string,
    @Body() body: LiftLegalHoldRequest,
  ): Promise<LegalHoldView> {
    return this.holds.lift(user, id, holdId, body.reason);
  }
}
