import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A partnership contributing to a review another partnership leads: its people can be appointed to it. */
@Entity('review_contributors')
export class ReviewContributor {
  @PrimaryColumn({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @PrimaryColumn({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'added_by', type: 'uuid', nullable: true })
  addedBy: string | null;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
