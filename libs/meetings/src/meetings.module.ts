import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '@app/notifications';
import { ReviewsModule } from '@app/reviews';
import { MeetingAction, MeetingInvitee, PanelMeeting } from './entities/panel-meeting.entity';
import {
  AddMeetingActionAction,
  CancelPanelMeetingAction,
  CompleteMeetingActionAction,
  MovePanelMeetingAction,
  RecordMeetingAttendanceAction,
  RecordMeetingMinutesAction,
  SchedulePanelMeetingAction,
} from './meeting.actions';
import { MeetingActionOpenGuard, PanelMeetingScheduledGuard } from './meeting-guards';
import { MeetingRecords } from './meeting-records';
import { MeetingsController } from './meetings.controller';
import { MeetingsService } from './meetings.service';

/**
 * Panel meetings (issue 16.3): scheduled with calendar invitations, moved or cancelled with
 * updated ones, attendance, minutes and actions chased like any deadline. Its actions register
 * themselves with the review pipeline by this module being imported (apps/api); libs/reviews
 * knows nothing of it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PanelMeeting, MeetingInvitee, MeetingAction]), ReviewsModule, NotificationsModule],
  controllers: [MeetingsController],
  providers: [
    MeetingRecords,
    MeetingsService,
    SchedulePanelMeetingAction,
    MovePanelMeetingAction,
    CancelPanelMeetingAction,
    RecordMeetingAttendanceAction,
    RecordMeetingMinutesAction,
    AddMeetingActionAction,
    CompleteMeetingActionAction,
    PanelMeetingScheduledGuard,
    MeetingActionOpenGuard,
  ],
  exports: [MeetingsService],
})
export class MeetingsModule {}
