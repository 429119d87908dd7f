import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from '@app/common';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { InformationRequestView } from '@app/reviews';
import { DOCUMENT_KINDS, DocumentKind, SCAN_STATUSES, ScanStatus } from '../entities/document.entity';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' || value === 'on' ? true : value === 'false' || value === '' ? false : value);

/** The text fields of `POST /api/reviews/:id/documents` (multipart/form-data, beside the part named `file`). */
export class NewDocumentFields {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS, { message: `must be one of ${DOCUMENT_KINDS.join(', ')}` })
  kind: DocumentKind;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ description: 'The agency it came from (its code or id), where one did. A panel member’s upload is always their own agency’s.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  agency?: string;

  @ApiPropertyOptional({ description: 'Shared with the whole panel, whatever agency it came from (never family correspondence).' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  sharedWithPanel?: boolean;
}

/** The text fields of `POST /api/reviews/:id/information-requests/:requestId/documents` (beside the part named `file`). */
export class AnswerUploadFields {
  @ApiProperty({ enum: ['imr', 'chronology'], description: "The agency's answer: its IMR or its chronology" })
  @IsIn(['imr', 'chronology'], { message: 'must be imr or chronology' })
  kind: 'imr' | 'chronology';

  @ApiPropertyOptional({ maxLength: 200, description: 'The document’s title; its kind, in answer to an information request, unless said' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;
}

/** The multipart body of an answer by upload, for OpenAPI. */
export class AnswerUploadBody extends AnswerUploadFields {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file: PDF, DOCX, ODT, XLSX, CSV, TXT, PNG or JPEG by default' })
  file: unknown;
}

/** The multipart body of an upload, for OpenAPI. */
export class DocumentUploadBody extends NewDocumentFields {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The file: PDF, DOCX, ODT, XLSX, CSV, TXT, PNG or JPEG by default' })
  file: unknown;
}

export class VersionUploadBody {
  @ApiProperty({ type: 'string', format: 'binary' })
  file: unknown;
}

export class PersonRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class DocumentVersionView {
  @ApiProperty({ description: '1, 2, 3...: a new version never replaces an old one' }) n: number;
  @ApiProperty({ description: 'The name it was uploaded under, made safe' }) filename: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'Sniffed from the content, never taken from the upload' }) mediaType: string;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256: string;
  @ApiProperty({ enum: SCAN_STATUSES }) scanStatus: ScanStatus;
  @ApiProperty({ description: 'How many times the virus scanner was asked about this version (0 when nothing is scanned)' }) scanAttempts: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the virus scanner was last asked; null if never' })
  lastScanAttemptAt: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'While pending: why the last attempt got no verdict, in plain words (e.g. "The virus scanner could not be reached."); null otherwise',
  })
  lastScanError: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'While pending: when the worker next tries to scan it (the wait doubles with each failure, up to a cap); null otherwise',
  })
  nextScanAttemptAt: string | null;
  @ApiProperty({ type: PersonRef, nullable: true }) uploadedBy: PersonRef | null;
  @ApiProperty() uploadedAt: string;
  @ApiProperty({ description: "The content's path (ids only); null once disposed of or if the scan found it infected", nullable: true, type: String })
  contentUrl: string | null;
}

export class DocumentView {
  @ApiProperty() id: string;
  @ApiProperty() reviewId: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind: DocumentKind;
  @ApiProperty() kindName: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String, description: "The agency's code" }) agency: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) agencyId: string | null;
  @ApiProperty({ nullable: true, type: String }) agencyName: string | null;
  @ApiProperty() sharedWithPanel: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [DocumentVersionView], description: 'Oldest first' }) versions: DocumentVersionView[];
  @ApiProperty({ type: DocumentVersionView }) latest: DocumentVersionView;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      "An upload's answer only: what the checks run on the new version said, by check (e.g. `anonymisation`: the report checked for identifying details); `{ status: 'failed' }` for a check that could not run",
  })
  checks?: Record<string, unknown>;
}

/** The answer to an upload against an information request: the request as it now is, and the document. */
export class InformationAnswerView {
  @ApiProperty({ type: InformationRequestView, description: 'The request, now received with the document' }) request: InformationRequestView;
  @ApiProperty({ type: DocumentView }) document: DocumentView;
}
