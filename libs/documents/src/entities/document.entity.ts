import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** The kinds of document a review holds (issue 15.1). Values are part of the API contract. */
export const DOCUMENT_KINDS = [
  'imr',
  'chronology',
  'terms-of-reference',
  'panel-minutes',
  'overview-report',
  'executive-summary',
  'action-plan',
  'home-office-qa-letter',
  'published-report',
  'family-correspondence',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  imr: 'Individual management review (IMR)',
  chronology: 'Chronology',
  'terms-of-reference': 'Terms of reference',
  'panel-minutes': 'Panel minutes',
  'overview-report': 'Overview report',
  'executive-summary': 'Executive summary',
  'action-plan': 'Action plan',
  'home-office-qa-letter': 'Home Office quality assurance letter',
  'published-report': 'Published report',
  'family-correspondence': 'Family correspondence',
  other: 'Other',
};

export const SCAN_STATUSES = ['pending', 'clean', 'infected', 'not-scanned'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

@Entity('documents')
export class ReviewDocument {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ type: 'text' }) kind: DocumentKind;
  @Column({ type: 'text' }) title: string;
  /** The agency it came from, where one did. */
  @Column({ name: 'agency_id', type: 'uuid', nullable: true }) agencyId: string | null;
  /** Shared with the whole panel, whatever agency it came from. */
  @Column({ name: 'shared_with_panel', type: 'boolean', default: false }) sharedWithPanel: boolean;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** One version of a document: immutable once written, but for its scan status and the record of its scan attempts. */
@Entity('document_versions')
export class DocumentVersion {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' }) documentId: string;
  @PrimaryColumn({ type: 'int' }) n: number;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ type: 'text' }) filename: string;
  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } }) size: number;
  @Column({ name: 'media_type', type: 'text' }) mediaType: string;
  @Column({ type: 'text' }) sha256: string;
  /** Where the content is in the document storage; null once disposed of. */
  @Column({ name: 'storage_key', type: 'text', nullable: true }) storageKey: string | null;
  @Column({ name: 'scan_status', type: 'text', default: 'not-scanned' }) scanStatus: ScanStatus;
  /** How many times clamd was asked about it (the upload, content requests, the worker's re-scans). */
  @Column({ name: 'scan_attempts', type: 'int', default: 0 }) scanAttempts: number;
  /** When clamd was last asked. */
  @Column({ name: 'scan_attempted_at', type: 'timestamptz', nullable: true }) scanAttemptedAt: Date | null;
  /** Why the last attempt got no verdict, in plain words; null once clamd has given one. */
  @Column({ name: 'scan_error', type: 'text', nullable: true }) scanError: string | null;
  /** When the worker next re-scans a pending version; null otherwise. */
  @Column({ name: 'scan_next_at', type: 'timestamptz', nullable: true }) scanNextAt: Date | null;
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true }) uploadedBy: string | null;
  @Column({ name: 'uploaded_at', type: 'timestamptz' }) uploadedAt: Date;
}
