import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A partnership's choice for one review type: whether it runs it, and under which edition. */
@Entity('partnership_review_types')
export class PartnershipReviewType {
  @PrimaryColumn({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @PrimaryColumn({ name: 'review_type' }) reviewType: string;
  @Column() enabled: boolean;
  @Column({ name: 'default_ruleset_key', type: 'text', nullable: true }) defaultRulesetKey: string | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
