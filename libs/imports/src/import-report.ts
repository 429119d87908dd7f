import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ImportProblemView {
  @ApiProperty({ example: 'Reviews', description: "The sheet's name in the template" })
  sheet: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3,
    description: "The spreadsheet's row number (the headings are row 1); null for the sheet as a whole",
  })
  row: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'D', description: "The spreadsheet's column letter; null for the row or sheet as a whole" })
  column: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Date of death' })
  heading: string | null;
  @ApiProperty({ example: 'Date of death must be a real date, like 25/12/2025', description: 'In plain words, for a person to act on' })
  message: string;
}

export class ImportedDeadlineView {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
}

export const IMPORT_OUTCOMES = ['create', 'already-imported', 'has-problems', 'created'] as const;

export class ImportRowView {
  @ApiProperty({ example: 'HAL/DHR/25/03', description: 'Your reference for the review (the Reviews sheet)' })
  importReference: string;
  @ApiProperty({ example: 2 })
  row: number;
  @ApiProperty({
    enum: IMPORT_OUTCOMES,
    description:
      'create: a dry run found no problem, and confirming will create it; created: it was; already-imported: a review with this reference was imported before, so nothing is done; has-problems: see problems',
  })
  outcome: (typeof IMPORT_OUTCOMES)[number];
  @ApiPropertyOptional({ format: 'uuid', description: 'The review, once created (or the one imported before)' })
  reviewId?: string;
  @ApiPropertyOptional({ example: 'DHR-2025-004', description: "The service's reference for it (as the dry run would give it, or as given)" })
  reference?: string;
  @ApiPropertyOptional({ example: 'information' })
  stage?: string;
  @ApiPropertyOptional({ example: 'Information gathering' })
  stageName?: string;
  @ApiPropertyOptional({ example: 'open' })
  status?: string;
  @ApiPropertyOptional({ type: [String], example: ['decide', 'appoint-chair', 'agree-terms-of-reference', 'request-information'] })
  steps?: string[];
  @ApiPropertyOptional({ type: [ImportedDeadlineView], description: "The review's clocks still running after its history, soonest first" })
  outstanding?: ImportedDeadlineView[];
}

export class ImportSummaryView {
  @ApiProperty() reviews: number;
  @ApiProperty({ description: 'Reviews a confirmation creates (or, once imported, created)' }) toCreate: number;
  @ApiProperty() alreadyImported: number;
  @ApiProperty() problems: number;
}

/** What a dry run found, or what an import did: every row of the Reviews sheet, and every problem by sheet, row and column. */
export class ImportReport {
  @ApiProperty({ type: ImportSummaryView }) summary: ImportSummaryView;
  @ApiProperty({ type: [ImportRowView] }) reviews: ImportRowView[];
  @ApiProperty({ type: [ImportProblemView] }) problems: ImportProblemView[];
}

export const IMPORT_STATUSES = ['has-problems', 'ready', 'nothing-to-import', 'imported'] as const;

export class ReviewImportView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() fileName: string;
  @ApiProperty({ description: 'SHA-256 of the file as uploaded' }) fileSha256: string;
  @ApiProperty({
    enum: IMPORT_STATUSES,
    description:
      'has-problems: fix them and upload again; ready: POST …/confirm imports it; nothing-to-import: every review was imported before; imported: done',
  })
  status: (typeof IMPORT_STATUSES)[number];
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) importedAt?: string;
  @ApiProperty({ type: ImportReport }) report: ImportReport;
}
