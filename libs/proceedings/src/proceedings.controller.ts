import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, IdParam } from '@app/common';
import { ProceedingView } from './dto/proceeding.dto';
import { ProceedingsService } from './proceedings.service';

@ApiTags('proceedings')
@ApiBearerAuth()
@Controller('reviews/:reviewId/proceedings')
export class ProceedingsController {
  constructor(private readonly proceedings: ProceedingsService) {}

  @Get()
  @ApiOperation({
    summary: "The review's parallel proceedings",
    description:
      'Criminal trials, inquests, Safeguarding Adults Reviews, Child Safeguarding Practice Reviews, IOPC and other investigations running beside the review, oldest first. ' +
      'Recorded and updated with the `record-proceeding` and `update-proceeding` actions. For whoever may see the review.',
  })
  @ApiOkResponse({ type: [ProceedingView] })
  @ApiNotFoundResponse({ description: 'No review you may see has that id' })
  list(@CurrentUser() user: AuthenticatedUser, @Param('reviewId', new IdParam('review')) reviewId: string): Promise<ProceedingView[]> {
    return this.proceedings.list(user, reviewId);
  }

  @Get(':proceedingId')
  @ApiOperation({ summary: 'One parallel proceeding of the review' })
  @ApiOkResponse({ type: ProceedingView })
  @ApiNotFoundResponse({ description: 'No review you may see has that id, or it has no proceeding with that id' })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('proceedingId', new IdParam('proceeding')) proceedingId: string,
  ): Promise<ProceedingView> {
    return this.proceedings.get(user, reviewId, proceedingId);
  }
}
