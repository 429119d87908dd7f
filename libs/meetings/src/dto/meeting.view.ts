import { ApiProperty } from '@nestjs/swagger';

export class MeetingInviteeView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ description: "The person's name as the product holds it (staff, never the case's people)" }) name: string;
  @ApiProperty({ enum: ['independent-chair', 'panel-member'] }) invitedAs: string;
  @ApiProperty({ enum: ['attended', 'apologies', 'absent'], nullable: true, type: String, description: 'Null until attendance is recorded' })
  attendance: string | null;
}

export class MeetingMinutesView {
  @ApiProperty({ nullable: true, type: String }) text: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'A panel-minutes document of the review' }) documentId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The document's title" }) documentTitle: string | null;
  @ApiProperty() recordedAt: string;
}

export class MeetingActionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty() ownerName: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) completedOn: string | null;
  @ApiProperty({ description: 'Its deadline, `meeting-action:<id>`, chases the owner' }) deadlineKey: string;
  @ApiProperty({ enum: ['open', 'overdue', 'done'] }) status: 'open' | 'overdue' | 'done';
}

export class MeetingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['scheduled', 'cancelled'] }) status: string;
  @ApiProperty({ format: 'date', description: 'The date in Europe/London' }) date: string;
  @ApiProperty({ example: '10:00', description: 'Start, Europe/London, 24-hour clock' }) startTime: string;
  @ApiProperty({ example: '12:00' }) endTime: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ example: 'Thursday 14 January 2027, 10:00am to 12:00pm' }) when: string;
  @ApiProperty({ nullable: true, type: String }) place: string | null;
  @ApiProperty({ nullable: true, type: String }) link: string | null;
  @ApiProperty() agenda: string;
  @ApiProperty({ description: "The calendar file's UID, the same for every version of the invitation" }) uid: string;
  @ApiProperty({ description: "The calendar file's SEQUENCE: 0 when first sent, one more each move or cancellation" }) sequence: number;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ type: [MeetingInviteeView] }) invitees: MeetingInviteeView[];
  @ApiProperty({ type: MeetingMinutesView, nullable: true }) minutes: MeetingMinutesView | null;
  @ApiProperty({ type: [MeetingActionView] }) actions: MeetingActionView[];
}
