import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser, CurrentUser, IdParam } from '@app/common';
import { MeetingView } from './dto/meeting.view';
import { MeetingsService } from './meetings.service';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('reviews/:reviewId/meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  @ApiOkResponse({ type: [MeetingView], description: "The review's panel meetings, earliest first, with invitees, attendance, minutes and actions" })
  list(@CurrentUser() user: AuthenticatedUser, @Param('reviewId', new IdParam('review')) reviewId: string): Promise<MeetingView[]> {
    return this.meetings.list(user, reviewId);
  }

  @Get(':meetingId')
  @ApiOkResponse({ type: MeetingView })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('meetingId', new IdParam('meeting')) meetingId: string,
  ): Promise<MeetingView> {
    return this.meetings.get(user, reviewId, meetingId);
  }

  @Get(':meetingId/invitation.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: "The meeting's calendar file as it now stands: METHOD:REQUEST while on, METHOD:CANCEL once cancelled" })
  calendar(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('meetingId', new IdParam('meeting')) meetingId: string,
  ): Promise<string> {
    return this.meetings.calendar(user, reviewId, meetingId);
  }
}
