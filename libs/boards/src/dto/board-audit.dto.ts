import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from '@app/common';
import { IsString, MaxLength } from 'class-validator';

export class RecordCheckpointRequest {
  @ApiPropertyOptional({ maxLength: 500, example: 'Quarterly board meeting', description: 'Why the checkpoint was taken; kept with it, not mailed' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class BoardCheckpointView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'dab', description: 'Key of the board that recorded it' }) board: string;
  @ApiProperty({ description: 'Sequence number of the audit entry that was the chain head' }) seq: number;
  @ApiProperty({ description: 'The hash of that entry' }) hash: string;
  @ApiProperty({ nullable: true }) note: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}
