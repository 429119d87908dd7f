import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { plainToInstance, Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { CalendarDateField, IsCalendarDate, IsOptional } from '@app/common';
import { Text } from '@app/reviews';
import { PROCEEDING_KINDS, PROCEEDING_STATUSES, type ProceedingKind, type ProceedingStatus } from '../proceeding-kinds';

/** Free text that may be left out but, when given, says something. */
function OptionalText(max: number, example: string, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ example, maxLength: max, description }),
    IsOptional(),
    IsString(),
    MinLength(1),
    MaxLength(max),
    Matches(/\S/, { message: 'must not be blank' }),
  );
}

export class HearingBody {
  @CalendarDateField('The date of the hearing')
  date: string;

  @Text(200, 'Trial begins')
  what: string;
}

/**
 * A list of hearings, as JSON sends it (an array) or as a web form posts it (`hearings.0.date`,
 * which arrives as an object keyed 0, 1...): either way a list of HearingBody to validate.
 */
function Hearings(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [HearingBody], description }),
    IsOptional(),
    Transform(({ value }) => {
      const list = value && typeof value === 'object' && !Array.isArray(value) ? Object.values(value as object) : value;
      return Array.isArray(list) ? list.map((item) => (item && typeof item === 'object' ? plainToInstance(HearingBody, item) : item)) : list;
    }),
    IsArray({ message: 'must be a list of hearings, each with a date and what it is' }),
    ArrayMaxSize(50),
    ValidateNested({ each: true }),
  );
}

const KIND_MESSAGE = `must be one of: ${PROCEEDING_KINDS.join(', ')}`;
const STATUS_MESSAGE = `must be one of: ${PROCEEDING_STATUSES.join(', ')}`;
const CONTACT_HINT = 'A role only, never a name: for example "Senior Investigating Officer, Cheshire Police"';

/** What `record-proceeding` records. */
export class RecordProceedingBody {
  @ApiProperty({ enum: PROCEEDING_KINDS })
  @IsIn(PROCEEDING_KINDS, { message: KIND_MESSAGE })
  kind: ProceedingKind;

  @Text(200, 'Liverpool Crown Court')
  body: string;

  @OptionalText(100, 'T20267001', "The court's or body's own reference")
  reference?: string;

  @Hearings('Hearing dates, each with what it is')
  hearings?: HearingBody[];

  @ApiPropertyOptional({ type: String, format: 'date', example: '2027-03-14', description: 'When it is expected to conclude' })
  @IsOptional()
  @IsCalendarDate()
  expectedConclusionOn?: string;

  @ApiPropertyOptional({ enum: PROCEEDING_STATUSES, default: 'not-started' })
  @IsOptional()
  @IsIn(PROCEEDING_STATUSES, { message: STATUS_MESSAGE })
  status?: ProceedingStatus;

  @OptionalText(200, 'Senior Investigating Officer, Cheshire Police', CONTACT_HINT)
  contact?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'When it concluded: required when the status is concluded' })
  @IsOptional()
  @IsCalendarDate()
  concludedOn?: string;

  @OptionalText(2000, 'Fictional: the defendant was convicted of murder.', 'Its outcome, once concluded')
  outcome?: string;
}

/** What `update-proceeding` changes: only the fields given; hearings given are added to those recorded. */
export class UpdateProceedingBody {
  @ApiProperty({ format: 'uuid', description: 'The proceeding of this review to update' })
  @IsUUID('all', { message: 'must be the id of a proceeding of this review' })
  proceedingId: string;

  @OptionalText(200, 'Liverpool Crown Court')
  body?: string;

  @OptionalText(100, 'T20267001')
  reference?: string;

  @Hearings('Hearings to add to those recorded')
  addHearings?: HearingBody[];

  @ApiPropertyOptional({ type: String, format: 'date', example: '2027-03-14' })
  @IsOptional()
  @IsCalendarDate()
  expectedConclusionOn?: string;

  @ApiPropertyOptional({ enum: PROCEEDING_STATUSES })
  @IsOptional()
  @IsIn(PROCEEDING_STATUSES, { message: STATUS_MESSAGE })
  status?: ProceedingStatus;

  @OptionalText(200, 'Senior Investigating Officer, Cheshire Police', CONTACT_HINT)
  contact?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'When it concluded: required when the status becomes concluded' })
  @IsOptional()
  @IsCalendarDate()
  concludedOn?: string;

  @OptionalText(2000, 'Fictional: the defendant was convicted of murder.')
  outcome?: string;
}

export class HearingView {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() what: string;
}

export class ProceedingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ enum: PROCEEDING_KINDS }) kind: string;
  @ApiProperty({ example: 'Criminal trial' }) kindName: string;
  @ApiProperty({ example: 'Liverpool Crown Court', description: 'The court or body' }) body: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
  @ApiProperty({ type: [HearingView], description: 'Oldest first' }) hearings: HearingView[];
  @ApiProperty({ nullable: true, type: String, format: 'date' }) expectedConclusionOn: string | null;
  @ApiProperty({ enum: PROCEEDING_STATUSES }) status: string;
  @ApiProperty({ example: 'Under way' }) statusName: string;
  @ApiProperty({ nullable: true, type: String, description: 'A role, never a name' }) contact: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) concludedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
