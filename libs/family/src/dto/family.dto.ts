import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { CalendarDateField, IsOptional } from '@app/common';
import { ADVOCACY_ACCEPTED, CONTACT_METHODS, INVOLVEMENT } from '../entities/family.entity';

const NOT_BLANK = { message: 'must not be blank' };

export class AddFamilyMemberRequest {
  @ApiProperty({ example: 'Sister', maxLength: 100, description: 'How the review names them everywhere: never their real name' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, NOT_BLANK)
  pseudonym: string;

  @ApiPropertyOptional({
    example: 'Robin Fictionson',
    maxLength: 200,
    description: 'Their real name, kept apart: read back only through the identity endpoint, each read audited; checked for in reports',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, NOT_BLANK)
  realName?: string;

  @ApiProperty({ example: 'Sister', maxLength: 100, description: 'Who they are to the victim, in words that name no one' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, NOT_BLANK)
  relationship: string;

  @ApiProperty({ enum: INVOLVEMENT, description: 'How they want to be involved' })
  @IsIn(INVOLVEMENT, { message: `must be one of: ${INVOLVEMENT.join(', ')}` })
  involvement: string;

  @ApiPropertyOptional({ example: 'AAFDA', maxLength: 200, description: 'The specialist advocacy service offered' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, NOT_BLANK)
  advocacyService?: string;

  @IsOptional()
  @CalendarDateField('The date advocacy was offered', { required: false })
  advocacyOfferedOn?: string;

  @ApiPropertyOptional({ enum: ADVOCACY_ACCEPTED, description: 'Whether the advocacy offered was accepted' })
  @IsOptional()
  @IsIn(ADVOCACY_ACCEPTED, { message: `must be one of: ${ADVOCACY_ACCEPTED.join(', ')}` })
  advocacyAccepted?: string;

  @IsOptional()
  @CalendarDateField('The date they saw the terms of reference', { required: false })
  termsOfReferenceSeenOn?: string;

  @IsOptional()
  @CalendarDateField('The date they saw the draft report', { required: false })
  draftReportSeenOn?: string;
}

export class UpdateFamilyMemberRequest extends PartialType(AddFamilyMemberRequest, { skipNullProperties: false }) {}

export class AdvocacyView {
  @ApiProperty({ nullable: true, example: 'AAFDA' }) service: string | null;
  @ApiProperty({ nullable: true, format: 'date' }) offeredOn: string | null;
  @ApiProperty({ nullable: true, enum: ADVOCACY_ACCEPTED }) accepted: string | null;
  @ApiProperty({ nullable: true, example: 'Accepted' }) acceptedText: string | null;
}

export class FamilyMemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Sister' }) pseudonym: string;
  @ApiProperty({ example: 'Sister' }) relationship: string;
  @ApiProperty({ enum: INVOLVEMENT }) involvement: string;
  @ApiProperty({ example: 'Kept informed' }) involvementText: string;
  @ApiProperty({ type: AdvocacyView }) advocacy: AdvocacyView;
  @ApiProperty({ nullable: true, format: 'date' }) termsOfReferenceSeenOn: string | null;
  @ApiProperty({ nullable: true, format: 'date' }) draftReportSeenOn: string | null;
  @ApiProperty({ description: 'Whether a real name is recorded (read it through `identity`)' }) realNameRecorded: boolean;
  @ApiProperty({ example: '/api/reviews/…/family/…/identity' }) identity: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class FamilyMemberIdentityView {
  @ApiProperty({ format: 'uuid' }) memberId: string;
  @ApiProperty() pseudonym: string;
  @ApiProperty() realName: string;
}

export class RecordFamilyContactRequest {
  @CalendarDateField('The date of the contact (not in the future)')
  contactedOn: string;

  @ApiProperty({ enum: CONTACT_METHODS })
  @IsIn(CONTACT_METHODS, { message: `must be one of: ${CONTACT_METHODS.join(', ')}` })
  method: string;

  @ApiProperty({ type: [String], format: 'uuid', description: "The family members contacted (their ids on this review's family record)" })
  @IsArray({ message: 'must list at least one family member' })
  @ArrayMinSize(1, { message: 'must list at least one family member' })
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true, message: 'must be the ids of family members on this review' })
  memberIds: string[];

  @ApiProperty({ maxLength: 2000, description: 'What was said or agreed: kept on the review, never emailed' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, NOT_BLANK)
  summary: string;
}

export class ContactMemberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() pseudonym: string;
}

export class PersonView {
  @ApiProperty({ format: 'uuid', nullable: true }) id: string | null;
  @ApiProperty({ nullable: true }) name: string | null;
}

export class FamilyContactView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) contactedOn: string;
  @ApiProperty({ enum: CONTACT_METHODS }) method: string;
  @ApiProperty({ example: 'Phone' }) methodText: string;
  @ApiProperty({ type: [ContactMemberView] }) members: ContactMemberView[];
  @ApiProperty({ type: PersonView, description: 'Who made contact' }) madeBy: PersonView;
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class FamilyPublicationNoticeView {
  @ApiProperty({ nullable: true, format: 'date', description: 'When the family was told of publication' }) toldOn: string | null;
  @ApiProperty({ nullable: true, description: 'Why the family was not told, instead of a date' }) notToldReason: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

/** The body of `record-family-told-of-publication`: the date the family was told, or why they were not (exactly one). */
export class FamilyToldOfPublicationBody {
  @ValidateIf((body: FamilyToldOfPublicationBody) => body.toldOn !== undefined)
  @CalendarDateField('The date the family was told the report would be published; give this or notToldReason, not both', { required: false })
  toldOn?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Why the family was not told (e.g. no family could be traced); instead of toldOn' })
  @ValidateIf((body: FamilyToldOfPublicationBody) => body.notToldReason !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, NOT_BLANK)
  notToldReason?: string;
}
