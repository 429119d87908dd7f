import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A partnership's own retention period for a review type (local practice), in place of its ruleset's. */
@Entity('retention_overrides')
export class RetentionOverride {
  @PrimaryColumn({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @PrimaryColumn({ name: 'review_type' }) reviewType: string;
  @Column({ type: 'int' }) years: number;
  @Column({ name: 'set_by', type: 'uuid', nullable: true }) setBy: string | null;
  @Column({ name: 'set_at', type: 'timestamptz' }) setAt: Date;
}
