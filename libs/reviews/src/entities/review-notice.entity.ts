import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notice the review gave, such as one to the Secretary of State about an OWHR: which of the
 * ruleset's notice deadlines it answered, what it said, when it was due and when it went.
 */
@Entity('review_notices')
export class ReviewNotice {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column({ name: 'deadline_key' })
  deadlineKey: string;

  /** The ruleset's name for the notice, e.g. `initial`, `decision`, `reversal`, `discontinuance`. */
  @Column()
  kind: string;

  /** What the notice said, e.g. `under-a-duty`, `not-yet-decided`, `discontinued`. */
  @Column()
  outcome: string;

  @Column({ name: 'due_on', type: 'date' })
  dueOn: string;

  @Column({ name: 'sent_on', type: 'date' })
  sentOn: string;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
