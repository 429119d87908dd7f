import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CalendarDateField, IsOptional } from '@app/common';
import { PROTECTED_ROLES } from '../entities/protected-identity.entity';

export class RecordProtectedIdentityRequest {
  @ApiProperty({ enum: PROTECTED_ROLES, description: "Whose name it is; 'victim' only where the death's record holds no real name" })
  @IsIn(PROTECTED_ROLES)
  role: string;

  @ApiProperty({ example: 'Robert Fictionson', maxLength: 200, description: 'The real name, as documents may spell it (titles are ignored when matching)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'must not be blank' })
  name: string;

  @IsOptional()
  @CalendarDateField('The date of birth, if known: any date in a checked document equal to it is a finding', { required: false, example: '1979-06-02' })
  dateOfBirth?: string;
}

export class ProtectedIdentityView {
  @ApiProperty({ format: 'uuid', nullable: true, description: "Null for the victim's name from the death's record (removed only with the death's record)" })
  id: string | null;
  @ApiProperty({ enum: PROTECTED_ROLES }) role: string;
  @ApiProperty({ enum: ['death-record', 'review'], description: "Where the name is kept: the death's record or this review" }) source: string;
  @ApiProperty({
    nullable: true,
    description: "The name; null where the reader may not see it (the victim's real name is shown only to the partnership's CSP manager and chair)",
  })
  name: string | null;
  @ApiProperty({ nullable: true, example: '1979-06-02' }) dateOfBirth: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) recordedBy: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class TextToCheck {
  @ApiProperty({ example: 'overview-report-draft-3.txt', maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) label: string;
  @ApiProperty({ description: 'The text (a JSON body is at most 100 kB: upload files for more)' }) @IsString() text: string;
}

export class CheckTextsRequest {
  @ApiPropertyOptional({ type: [TextToCheck], description: 'Texts to check, when not uploading files (multipart field `files`)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TextToCheck)
  texts?: TextToCheck[];
}

export class FindingView {
  @ApiProperty({ example: '1:35', description: 'The finding within its check (document:offset), to acknowledge it by' }) id: string;
  @ApiProperty({ example: 1, description: "The document's 1-based position in the check" }) document: number;
  @ApiProperty({ example: 'overview-report.docx' }) documentLabel: string;
  @ApiProperty({
    enum: ['name', 'date-of-birth', 'unreadable'],
    description: "'unreadable': the document's text could not be read, so nothing in it was checked",
  })
  kind: string;
  @ApiProperty({ example: 'victim', description: "Whose name or date of birth (a role), or 'date of birth' for a date found by its wording" }) label: string;
  @ApiProperty({ description: 'The matched text as it stands in the document' }) match: string;
  @ApiProperty({ description: 'About 40 characters either side, the match between ⟦ and ⟧' }) context: string;
  @ApiProperty({ description: 'Where the match starts in the extracted text' }) offset: number;
  @ApiProperty() length: number;
  @ApiPropertyOptional({ example: '1985-03-12', description: 'For a date: the day it names' }) date?: string;
}

export class CheckedDocumentView {
  @ApiProperty() index: number;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'SHA-256 of the file (or of the text, UTF-8), hex' }) sha256: string;
  @ApiProperty() mediaType: string;
  @ApiProperty() bytes: number;
  @ApiProperty() characters: number;
}

export class AnonymisationCheckView {
  @ApiProperty({ format: 'uuid' }) checkId: string;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ type: [CheckedDocumentView] }) documents: CheckedDocumentView[];
  @ApiProperty({ type: [FindingView] }) findings: FindingView[];
  @ApiProperty({ description: 'True when nothing was found' }) clean: boolean;
}

export class AcknowledgeFindingRequest {
  @ApiProperty({ example: '1:35' }) @IsString() @MinLength(1) @MaxLength(40) findingId: string;
  @ApiProperty({ maxLength: 1000, description: 'Why it may stay (e.g. "a public figure named in the published inquest")' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, { message: 'must not be blank' })
  reason: string;
}

export class AcknowledgementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) checkId: string;
  @ApiProperty() findingId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid', nullable: true }) acknowledgedBy: string | null;
  @ApiProperty({ format: 'date-time' }) acknowledgedAt: string;
}

export class CheckSummaryView {
  @ApiProperty({ format: 'uuid' }) checkId: string;
  @ApiProperty({ format: 'date-time' }) checkedAt: string;
  @ApiProperty({ format: 'uuid', nullable: true }) checkedBy: string | null;
  @ApiProperty({ type: [String], description: "The checked files' SHA-256" }) sha256: string[];
  @ApiProperty() findingCount: number;
  @ApiProperty({ description: 'Findings not yet acknowledged with a reason, by id (kind and whose; never the text)' })
  unacknowledged: { id: string; kind: string; label: string }[];
  @ApiProperty({ description: 'True when every finding is acknowledged (or there were none): what a submission guard asks' }) cleared: boolean;
}

/** What the check of a new version of a report said: in the upload's answer (`checks.anonymisation`) and the guard's. */
export class VersionCheckSummary {
  @ApiProperty({ enum: ['checked'] }) status: 'checked';
  @ApiProperty({ format: 'uuid' }) checkId: string;
  @ApiProperty() findingCount: number;
  @ApiProperty({ description: 'Findings not yet acknowledged with a reason' }) unacknowledgedCount: number;
  @ApiProperty({ description: 'The text could not be read (a finding of its own, kind `unreadable`)' }) unreadable: boolean;
  @ApiProperty({ description: 'True when every finding is acknowledged (or there were none)' }) cleared: boolean;
  @ApiProperty({ example: '/reviews/{id}/documents/{documentId}/versions/1/anonymisation', description: 'The findings page (ids only)' }) findingsPage: string;
  @ApiProperty({ example: '/api/reviews/{id}/documents/{documentId}/versions/1/anonymisation' }) findingsApi: string;
}

export class AcknowledgementOfFinding {
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'uuid', nullable: true }) acknowledgedBy: string | null;
  @ApiProperty({ format: 'date-time' }) acknowledgedAt: string;
}

export class VersionFindingView {
  @ApiProperty({ example: '1:35', description: 'To acknowledge it by, with the check id' }) id: string;
  @ApiProperty({ enum: ['name', 'date-of-birth', 'unreadable'] }) kind: string;
  @ApiProperty({ example: 'victim', description: "Whose name or date of birth (a role), 'date of birth', or 'could not read the text'" }) label: string;
  @ApiProperty({ nullable: true, description: 'The matched text; null for an unreadable text, or where the content is no longer kept' })
  match: string | null;
  @ApiProperty({ nullable: true, description: 'About 40 characters before the match' }) before: string | null;
  @ApiProperty({ nullable: true, description: 'About 40 characters after the match' }) after: string | null;
  @ApiProperty({ nullable: true, description: 'Why the text could not be read (kind unreadable)' }) note: string | null;
  @ApiProperty() offset: number;
  @ApiProperty() length: number;
  @ApiProperty({ type: AcknowledgementOfFinding, nullable: true }) acknowledgement: AcknowledgementOfFinding | null;
}

/** A version of one of the review's reports, with its latest check's findings in context. */
export class VersionFindingsView {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty() kind: string;
  @ApiProperty() kindName: string;
  @ApiProperty() title: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Whether this is the latest version of the document (the one a submission asks about)' }) latest: boolean;
  @ApiProperty() sha256: string;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'The latest check of this version; null when it was never checked' }) checkId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true }) checkedAt: string | null;
  @ApiProperty({ type: [VersionFindingView] }) findings: VersionFindingView[];
  @ApiProperty() unacknowledgedCount: number;
  @ApiProperty({ description: 'Checked since the last protected name was recorded, and every finding acknowledged (or none)' }) cleared: boolean;
  @ApiProperty({ description: 'Whether the content can be checked again (kept, not found infected)' }) checkable: boolean;
  @ApiProperty({ description: 'Checked before a protected name was last recorded on the review: check it again (a submission waits for that)' })
  checkedBeforeLatestName: boolean;
}
