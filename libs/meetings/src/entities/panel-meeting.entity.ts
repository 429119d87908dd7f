import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MeetingStatus = 'scheduled' | 'cancelled';
export type Attendance = 'attended' | 'apologies' | 'absent';

/** One meeting of a review's panel (issue 16.3). */
@Entity('panel_meetings')
export class PanelMeeting {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') reviewId: string;
  @Column({ type: 'timestamptz' }) startsAt: Date;
  @Column({ type: 'timestamptz' }) endsAt: Date;
  @Column({ type: 'text', nullable: true }) place: string | null;
  @Column({ type: 'text', nullable: true }) link: string | null;
  @Column({ type: 'text' }) agenda: string;
  @Column({ type: 'text' }) status: MeetingStatus;
  /** The calendar file's SEQUENCE: 0 when first sent, one more each time it is moved or cancelled. */
  @Column({ type: 'int' }) sequence: number;
  @Column({ type: 'text', nullable: true }) cancelReason: string | null;
  @Column({ type: 'text', nullable: true }) minutesText: string | null;
  @Column({ type: 'uuid', nullable: true }) minutesDocumentId: string | null;
  @Column({ type: 'timestamptz', nullable: true }) minutesRecordedAt: Date | null;
  @Column({ type: 'uuid', nullable: true }) scheduledBy: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}

/** Someone invited to a meeting, and whether they came. */
@Entity('panel_meeting_invitees')
export class MeetingInvitee {
  @PrimaryColumn('uuid') meetingId: string;
  @PrimaryColumn('uuid') userId: string;
  @Column('uuid') reviewId: string;
  @Column({ type: 'text' }) invitedAs: 'independent-chair' | 'panel-member';
  @Column({ type: 'text', nullable: true }) attendance: Attendance | null;
}

/** An action agreed at a meeting, with its owner and due date; its deadline chases the owner. */
@Entity('panel_meeting_actions')
export class MeetingAction {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') meetingId: string;
  @Column('uuid') reviewId: string;
  @Column({ type: 'text' }) description: string;
  @Column('uuid') ownerUserId: string;
  @Column({ type: 'date' }) dueOn: string;
  @Column('uuid') deadlineId: string;
  @Column({ type: 'date', nullable: true }) completedOn: string | null;
  @Column({ type: 'uuid', nullable: true }) completedBy: string | null;
  @Column({ type: 'timestamptz' }) createdAt: Date;
}
