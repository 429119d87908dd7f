import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The review's own history: each action taken, on which date, and the stage it left and reached. */
@Entity('review_events')
export class ReviewEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column()
  action: string;

  @Column({ name: 'occurred_on', type: 'date' })
  occurredOn: string;

  @Column({ name: 'from_stage' })
  fromStage: string;

  @Column({ name: 'to_stage' })
  toStage: string;

  @Column({ type: 'jsonb', default: {} })
  details: Record<string, unknown>;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
