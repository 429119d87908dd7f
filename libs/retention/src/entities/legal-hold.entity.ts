import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A legal hold on a review (e.g. the IICSA instruction on records touching child sexual abuse):
 * while one is not lifted, the review's records are not disposed of. Holds are kept once lifted.
 */
@Entity('legal_holds')
export class LegalHold {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column() reason: string;
  @Column({ name: 'placed_by', type: 'uuid', nullable: true }) placedBy: string | null;
  @Column({ name: 'placed_at', type: 'timestamptz' }) placedAt: Date;
  @Column({ name: 'lifted_by', type: 'uuid', nullable: true }) liftedBy: string | null;
  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true }) liftedAt: Date | null;
  @Column({ name: 'lift_reason', type: 'text', nullable: true }) liftReason: string | null;
}
