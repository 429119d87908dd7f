import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AuditEntryView {
  @ApiProperty() seq: number;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ example: 'review.action.decide' }) action: string;
  @ApiProperty({ format: 'uuid', nullable: true }) reviewId: string | null;
  @ApiProperty({ description: 'What changed: before and after, and the request that changed it' }) changes: unknown;
  @ApiProperty({ nullable: true }) correlationId: string | null;
  @ApiProperty({ type: [String] }) boards: string[];
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class CheckpointVerification {
  @ApiPropertyOptional({ example: 'dab', description: 'The board that recorded the checkpoint' }) board?: string;
  @ApiProperty({ description: 'Sequence number of the entry that was the chain head' }) seq: number;
  @ApiProperty({ description: 'The hash that entry had when the checkpoint was recorded' }) hash: string;
  @ApiProperty({ description: 'True when the chain verifies up to that entry and it still has that hash' }) ok: boolean;
  @ApiPropertyOptional({ description: 'Why the checkpoint failed' }) reason?: string;
}

export class AuditVerification {
  @ApiProperty({ description: 'True when every entry links to the one before, its hash is right, and every checkpoint matches' }) ok: boolean;
  @ApiProperty({ description: 'Entries checked' }) entries: number;
  @ApiProperty({ nullable: true, description: 'Hash of the last entry (the chain head)' }) headHash: string | null;
  @ApiProperty({ nullable: true, description: 'Sequence number of the first entry that does not verify' }) firstBrokenSeq: number | null;
  @ApiProperty({ type: [CheckpointVerification], description: 'Each checkpoint checked; ok is false when any fails' }) checkpoints: CheckpointVerification[];
  @ApiPropertyOptional({
    description: "Present only when the audit table's columns no longer all follow from the hashed text (then no entry is trusted): what changed",
  })
  reason?: string;
}
