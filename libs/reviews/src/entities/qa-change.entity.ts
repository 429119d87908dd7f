import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const QA_CHANGE_STATUSES = ['outstanding', 'done', 'explained'] as const;
export type QaChangeStatus = (typeof QA_CHANGE_STATUSES)[number];

/** One change the Home Office Quality Assurance Panel's letter requires, and how it was answered (issue 16.4). */
@Entity('review_qa_changes')
export class QaChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  /** The sign-off round the letter answered: a letter is one per round. */
  @Column({ name: 'letter_round', type: 'int' })
  letterRound: number;

  @Column({ name: 'letter_received_on', type: 'date' })
  letterReceivedOn: string;

  /** Its place in the letter's list, from 1. */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', default: 'outstanding' })
  status: QaChangeStatus;

  /** Why it was not made (required when explained), or a note of how it was. */
  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  @Column({ name: 'marked_by', type: 'uuid', nullable: true })
  markedBy: string | null;

  @Column({ name: 'marked_at', type: 'timestamptz', nullable: true })
  markedAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
