import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ProceedingKind, ProceedingStatus } from '../proceeding-kinds';

/** One hearing of a proceeding: its date and what it is ("Trial begins", "Pre-inquest review"). */
export interface Hearing {
  date: string;
  what: string;
}

/** A criminal trial, inquest, SAR, CSPR, IOPC or other investigation running beside a review. */
@Entity('proceedings')
export class Proceeding {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column({ type: 'text' })
  kind: ProceedingKind;

  /** The court or body: "Liverpool Crown Court", "Cheshire Coroner's Court". */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  hearings: Hearing[];

  @Column({ name: 'expected_conclusion_on', type: 'date', nullable: true })
  expectedConclusionOn: string | null;

  @Column({ type: 'text' })
  status: ProceedingStatus;

  /** A role, never a name: "Senior Investigating Officer, Cheshire Police". */
  @Column({ type: 'text', nullable: true })
  contact: string | null;

  @Column({ name: 'concluded_on', type: 'date', nullable: true })
  concludedOn: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
