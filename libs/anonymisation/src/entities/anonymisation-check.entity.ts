import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { FindingKind } from '../find-identifiers';

/** A checked document, as kept: its fingerprint, never its name or text. */
export interface CheckedDocument {
  /** 1-based position in the check. */
  index: number;
  sha256: string;
  mediaType: string;
  bytes: number;
  characters: number;
  /** A version of one of the review's documents, when that is what was checked (ids only). */
  documentId?: string;
  version?: number;
}

/** What a finding is: a protected name, a date of birth, or a document whose text could not be read (which blocks too). */
export type CheckFindingKind = FindingKind | 'unreadable';

/** A finding, as kept: where it is and whose, never the matched text. */
export interface KeptFinding {
  id: string;
  document: number;
  kind: CheckFindingKind;
  label: string;
  offset: number;
  length: number;
  /** For an unreadable document: why its text could not be read (never the text itself). */
  note?: string;
}

/** One check of a review's documents for protected names and dates of birth. */
@Entity('anonymisation_checks')
export class AnonymisationCheckRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  /** The order checks were made in (several may share an instant). */
  @Column({ type: 'bigint', insert: false, update: false, select: false }) seq: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ name: 'checked_by', type: 'uuid', nullable: true }) checkedBy: string | null;
  @Column({ name: 'checked_at', type: 'timestamptz' }) checkedAt: Date;
  @Column({ type: 'jsonb' }) documents: CheckedDocument[];
  @Column({ name: 'finding_count', type: 'int' }) findingCount: number;
  @Column({ type: 'jsonb' }) findings: KeptFinding[];
  /** SHA-256 of the findings with their matched text, so a later check can tell the same result. */
  @Column({ name: 'findings_sha256' }) findingsSha256: string;
}

/** A finding kept on purpose, with the reason. */
@Entity('anonymisation_acknowledgements')
export class AnonymisationAcknowledgement {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'check_id', type: 'uuid' }) checkId: string;
  @Column({ name: 'finding_id' }) findingId: string;
  @Column() reason: string;
  @Column({ name: 'acknowledged_by', type: 'uuid', nullable: true }) acknowledgedBy: string | null;
  @Column({ name: 'acknowledged_at', type: 'timestamptz' }) acknowledgedAt: Date;
}
