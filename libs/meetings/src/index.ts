export * from './meetings.module';
export * from './meetings.service';
export * from './dto/meeting.view';
export { MEETING_ACTION } from './meeting-records';
export { meetingUid } from './meeting-calendar';
