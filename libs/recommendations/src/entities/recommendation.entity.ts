import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const LEVELS = ['local', 'regional', 'national'] as const;
export type Level = (typeof LEVELS)[number];

@Entity('recommendations')
export class Recommendation {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  /** 1, 2, 3... within the review, as the report numbers them. */
  @Column({ type: 'int' }) number: number;
  @Column() text: string;
  @Column({ type: 'text' }) level: Level;
  @Column({ name: 'owning_agency_id', type: 'uuid' }) owningAgencyId: string;
  /** Keys of the partnership's strategy priorities. */
  @Column({ type: 'text', array: true }) themes: string[];
  @Column({ type: 'text', array: true, default: '{}' }) tags: string[];
  /** The SMART outcome: what will be different, by when, and how it will be known. */
  @Column() outcome: string;
  @Column({ type: 'int', default: 1 }) version: number;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  /** Withdrawn, not deleted: when, by whom and why; null while it stands. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true }) withdrawnBy: string | null;
  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true }) withdrawnReason: string | null;
}
