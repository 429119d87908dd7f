import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const PAUSE_CATEGORIES = ['criminal-proceedings', 'inquest', 'family-request', 'other'] as const;
export type PauseCategory = (typeof PAUSE_CATEGORIES)[number];

@Entity('review_pauses')
export class ReviewPause {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column({ type: 'text' })
  category: PauseCategory;

  @Column()
  reason: string;

  @Column({ name: 'started_on', type: 'date' })
  startedOn: string;

  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: string | null;

  /** The parallel proceeding (libs/proceedings) the pause waits for, if it waits for one. */
  @Column({ name: 'proceeding_id', type: 'uuid', nullable: true })
  proceedingId: string | null;

  /** When the pause is expected to end: said, or the expected conclusion of the proceeding it waits for. */
  @Column({ name: 'expected_end_on', type: 'date', nullable: true })
  expectedEndOn: string | null;

  @Column({ name: 'paused_days', type: 'int', nullable: true })
  pausedDays: number | null;

  /** The CSP chair who approved the pause. */
  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'resumed_by', type: 'uuid', nullable: true })
  resumedBy: string | null;
}
