import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One link of the append-only audit chain. The database refuses UPDATE and DELETE on it. */
@Entity('audit_entries')
export class AuditEntry {
  /** The position in the chain, taken under the chain's lock; verification follows it. */
  @PrimaryColumn({ type: 'bigint' })
  seq: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column()
  action: string;

  @Column({ name: 'review_id', type: 'uuid', nullable: true })
  reviewId: string | null;

  @Column({ name: 'partnership_id', type: 'uuid', nullable: true })
  partnershipId: string | null;

  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  /** Which boards may see this entry (`csp`, `dab`). */
  @Column({ type: 'text', array: true })
  boards: string[];

  @Column({ name: 'prev_hash' })
  prevHash: string;

  @Column()
  hash: string;
}
