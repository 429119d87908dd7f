import { Column, Entity, PrimaryColumn } from 'typeorm';

export type MeetingStatus = 'scheduled' | 'cancelled';
export type Attendance = 'attended' | 'apologies' | 'absent';

/** One meeting of a review's panel (issue 16.3). */
@Entity('panel_meetings')
export class PanelMeeting {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ name: 'starts_at', type: 'timestamptz' }) startsAt: Date;
  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt: Date;
  @Column({ type: 'text', nullable: true }) place: string | null;
  @Column({ type: 'text', nullable: true }) link: string | null;
  @Column({ type: 'text' }) agenda: string;
  @Column({ type: 'text' }) status: MeetingStatus;
  /** The calendar file's SEQUENCE: 0 when first sent, one more each time it is moved or cancelled. */
  @Column({ type: 'int' }) sequence: number;
  @Column({ name: 'cancel_reason', type: 'text', nullable: true }) cancelReason: string | null;
  @Column({ name: 'minutes_text', type: 'text', nullable: true }) minutesText: string | null;
  @Column({ name: 'minutes_document_id', type: 'uuid', nullable: true }) minutesDocumentId: string | null;
  @Column({ name: 'minutes_recorded_at', type: 'timestamptz', nullable: true }) minutesRecordedAt: Date | null;
  @Column({ name: 'scheduled_by', type: 'uuid', nullable: true }) scheduledBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Someone invited to a meeting, and whether they came. */
@Entity('panel_meeting_invitees')
export class MeetingInvitee {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ name: 'invited_as', type: 'text' }) invitedAs: 'independent-chair' | 'panel-member';
  @Column({ type: 'text', nullable: true }) attendance: Attendance | null;
}

/** An action agreed at a meeting, with its owner and due date; its deadline chases the owner. */
@Entity('panel_meeting_actions')
export class MeetingAction {
  @PrimaryColumn('uuid') id: string;
  @Column({ name: 'meeting_id', type: 'uuid' }) meetingId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ type: 'text' }) description: string;
  @Column({ name: 'owner_user_id', type: 'uuid' }) ownerUserId: string;
  @Column({ name: 'due_on', type: 'date' }) dueOn: string;
  @Column({ name: 'deadline_id', type: 'uuid' }) deadlineId: string;
  @Column({ name: 'completed_on', type: 'date', nullable: true }) completedOn: string | null;
  @Column({ name: 'completed_by', type: 'uuid', nullable: true }) completedBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
