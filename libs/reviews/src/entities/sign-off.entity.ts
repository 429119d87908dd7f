import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DraftUnderSignOff } from './draft-under-sign-off';

/** One board member's vote on a draft (a sign-off round) of the review. */
@Entity('sign_offs')
export class SignOff {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column({ name: 'board_key' })
  boardKey: string;

  @Column({ type: 'int' })
  round: number;

  @Column({ name: 'signed_on', type: 'date' })
  signedOn: string;

  @Column({ name: 'signed_by', type: 'uuid', nullable: true })
  signedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'text', default: 'approve' })
  decision: 'approve' | 'reject';

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** The draft (report versions and their hashes) this vote was cast on; null before documents existed. */
  @Column({ name: 'cast_on', type: 'jsonb', nullable: true })
  castOn: DraftUnderSignOff | null;

  /** Set when a later change (to a recommendation, say) took this approval back. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason: string | null;
}
