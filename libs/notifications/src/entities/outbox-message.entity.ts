import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** `withdrawn`: no longer true when its turn came (its deadline met, say), so never sent. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'withdrawn';
export const OUTBOX_STATUSES: OutboxStatus[] = ['pending', 'sending', 'sent', 'failed', 'withdrawn'];

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** One mail, from the moment the change that caused it commits until it is delivered or given up on. */
@Entity('outbox_messages')
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid', nullable: true })
  partnershipId: string | null;

  @Column({ name: 'recipient_id', type: 'uuid', nullable: true })
  recipientId: string | null;

  @Column({ name: 'to_address' })
  toAddress: string;

  @Column()
  subject: string;

  @Column({ name: 'text_body' })
  textBody: string;

  @Column({ name: 'html_body' })
  htmlBody: string;

  @Column({ type: 'jsonb', default: [] })
  attachments: MailAttachment[];

  /** What the mail is, e.g. `reminder` or `escalation`. */
  @Column()
  kind: string;

  @Column({ name: 'review_id', type: 'uuid', nullable: true })
  reviewId: string | null;

  @Column({ type: 'text', default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** The correlation id of the change or job that caused the mail, for the logs. */
  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  /** Why a withdrawn mail was not sent, in plain English. */
  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true })
  withdrawnReason: string | null;
}
