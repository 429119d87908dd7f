import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsUUID } from 'class-validator';
import { IsCalendarDate, PageQuery, IsOptional } from '@app/common';
import { DeadlineStatus } from '../deadline-rules';

export const DEADLINE_STATUSES: DeadlineStatus[] = ['open', 'met', 'missed', 'paused', 'cancelled'];

export class ExtensionView {
  @ApiProperty({ format: 'date' }) fromDueOn: string;
  @ApiProperty({ format: 'date' }) toDueOn: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) decidedAt: string;
}

export class DeadlineView {
  @ApiProperty({ example: 'decision', description: "The ruleset's deadline key; information requests read `information-request:<id>`" }) key: string;
  @ApiProperty() label: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'date', description: 'The due date first computed, before any pause or extension' }) originalDueOn: string;
  @ApiProperty({ enum: DEADLINE_STATUSES }) status: DeadlineStatus;
  @ApiProperty({ format: 'date', nullable: true }) completedOn: string | null;
  @ApiProperty({
    description:
      'Not completed and past its due date while the review runs, or while it is paused for a clock no pause moves (a statutory notice); never on an ended review',
  })
  overdue: boolean;
  @ApiProperty({
    description:
      'Still outstanding on a review that has ended (closed, discontinued, decided not held): a statutory notice still to be sent, or recorded as not sent',
  })
  noticeOutstanding: boolean;
  @ApiProperty({ nullable: true, description: 'Set when a statutory notice was recorded as not sent (the deadline is then cancelled): why' })
  notSentReason: string | null;
  @ApiProperty({
    nullable: true,
    example: 'Recorded as not sent: the Home Office confirmed no notice was needed.',
    description: 'What else the status means, in words, or null',
  })
  statusNote: string | null;
  @ApiProperty({ nullable: true, description: 'Days from today to the due date (negative when overdue); null once completed' }) daysRemaining: number | null;
  @ApiProperty({ description: 'Days added by pauses of the review' }) pausedDays: number;
  @ApiProperty({
    description: "Whether a pause of the review stops this clock and moves it on (the review's own clocks); a statutory notice keeps running through a pause",
  })
  movedByPause: boolean;
  @ApiProperty({ type: [ExtensionView] }) extensions: ExtensionView[];
}

export class DeadlineReviewSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() type: string;
  @ApiProperty() stage: string;
  @ApiProperty() status: string;
}

export class DeadlineListItem extends DeadlineView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: DeadlineReviewSummary }) review: DeadlineReviewSummary;
}

export class DeadlineListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DEADLINE_STATUSES })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES, { message: `must be one of: ${DEADLINE_STATUSES.join(', ')}` })
  status?: DeadlineStatus;

  @ApiPropertyOptional({ format: 'date', description: 'Only deadlines due before this date' })
  @IsOptional()
  @IsCalendarDate()
  dueBefore?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the deadlines of this review' })
  @IsOptional()
  @IsUUID()
  @Type(() => String)
  reviewId?: string;

  @ApiPropertyOptional({
    description:
      "true: only the deadlines that are the caller's to meet or chase (a case officer's partnership, a chair's reviews, a panel member's agency's information requests, an action owner's agency's actions)",
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  mine?: boolean;
}
