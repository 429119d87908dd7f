import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageQuery, IsOptional } from '@app/common';
import { OUTBOX_STATUSES, OutboxStatus } from '../entities/outbox-message.entity';

export class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES, { message: `must be one of: ${OUTBOX_STATUSES.join(', ')}` })
  status?: OutboxStatus;
}

export class OutboxMessageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'uuid', nullable: true }) recipientId: string | null;
  @ApiProperty() to: string;
  @ApiProperty() subject: string;
  @ApiProperty({ format: 'uuid', nullable: true }) reviewId: string | null;
  @ApiProperty({ enum: OUTBOX_STATUSES }) status: OutboxStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, description: 'Why the last attempt failed' }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true }) sentAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) failedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) withdrawnAt: string | null;
  @ApiProperty({ nullable: true, description: 'Why a withdrawn mail was not sent, e.g. its deadline was met first' }) withdrawnReason: string | null;
}
