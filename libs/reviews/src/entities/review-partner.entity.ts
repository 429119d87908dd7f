import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { DraftUnderSignOff } from './draft-under-sign-off';

/** One of the review partners the ruleset names (police, local authority, ICB), with who speaks for it on this review. */
@Entity('review_partners')
export class ReviewPartner {
  @PrimaryColumn({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @PrimaryColumn()
  partner: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}

/** A review partner's vote on the report; the latest vote of each partner is the one that counts. */
@Entity('review_partner_sign_offs')
export class ReviewPartnerSignOff {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column()
  partner: string;

  @Column({ type: 'text' })
  decision: 'approve' | 'reject';

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'signed_on', type: 'date' })
  signedOn: string;

  @Column({ name: 'signed_by', type: 'uuid' })
  signedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  /** The draft (report versions and their hashes) this vote was cast on; null before documents existed. */
  @Column({ name: 'cast_on', type: 'jsonb', nullable: true })
  castOn: DraftUnderSignOff | null;
}
