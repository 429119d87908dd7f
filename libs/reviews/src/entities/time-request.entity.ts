import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const TIME_REQUEST_DECISIONS = ['granted', 'refused'] as const;
export type TimeRequestDecision = (typeof TIME_REQUEST_DECISIONS)[number];

/** An agency's ask for more time on one information request, and the chair's answer (issue 15.5). */
@Entity('information_request_time_requests')
export class TimeRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column({ name: 'asked_by', type: 'uuid', nullable: true })
  askedBy: string | null;

  @Column({ name: 'asked_at', type: 'timestamptz' })
  askedAt: Date;

  @Column({ name: 'proposed_due_on', type: 'date' })
  proposedDueOn: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', nullable: true })
  decision: TimeRequestDecision | null;

  @Column({ name: 'new_due_on', type: 'date', nullable: true })
  newDueOn: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;
}
