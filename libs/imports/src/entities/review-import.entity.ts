import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ImportReport } from '../import-report';
import type { ReadSheet } from '../workbook';

/** A spreadsheet of reviews under way, as uploaded and checked, and (once confirmed) imported. */
@Entity('review_imports')
export class ReviewImportRecord {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'file_name' }) fileName: string;
  @Column({ name: 'file_sha256' }) fileSha256: string;
  /** The sheets as read (not the file): what a confirmation imports. */
  @Column({ type: 'jsonb' }) rows: ReadSheet[];
  @Column({ type: 'jsonb' }) report: ImportReport;
  @Column({ name: 'problem_count', type: 'int' }) problemCount: number;
  @Column({ name: 'checked_by', type: 'uuid' }) checkedBy: string;
  @Column({ name: 'checked_at', type: 'timestamptz' }) checkedAt: Date;
  @Column({ name: 'imported_by', type: 'uuid', nullable: true }) importedBy: string | null;
  @Column({ name: 'imported_at', type: 'timestamptz', nullable: true }) importedAt: Date | null;
  @Column({ name: 'review_ids', type: 'uuid', array: true, default: () => "'{}'" }) reviewIds: string[];
}
