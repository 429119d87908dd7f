import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('deadlines')
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  /** The ruleset's deadline key, with an instance after a colon where there can be several. */
  @Column()
  key: string;

  @Column()
  label: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  /** The date first computed: kept through extensions so lateness against the statute shows. */
  @Column({ name: 'original_due_on', type: 'date' })
  originalDueOn: string;

  /** The date it stopped running: met, missed, or (with `cancelled`) no longer needed. */
  @Column({ name: 'completed_on', type: 'date', nullable: true })
  completedOn: string | null;

  /** Stopped because the review no longer needs it (discontinued...): neither met nor missed, and never chased. */
  @Column({ default: false })
  cancelled: boolean;

  /**
   * Whether a pause of the review stops this clock and moves it on by the paused days (the
   * review's own completion, its information requests); a statutory notice keeps running.
   */
  @Column({ name: 'moved_by_pause', default: true })
  movedByPause: boolean;
  /** For a statutory notice recorded as not (and never to be) sent: why. The deadline is then cancelled. */
  @Column({ name: 'not_sent_reason', type: 'text', nullable: true })
  notSentReason: string | null;

  /** Days added to the due date by pauses of the review. */
  @Column({ name: 'paused_days', type: 'int', default: 0 })
  pausedDays: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
