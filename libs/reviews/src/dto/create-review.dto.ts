import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmptyObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CalendarDateField, IsOptional } from '@app/common';
import { SUSPECT_RELATIONSHIPS, VICTIM_SEXES } from '../deaths/death.entity';

export { VICTIM_SEXES };

export class VictimInput {
  @ApiProperty({ example: 'Adult A', description: 'The pseudonym used everywhere the review is named; never a real name' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'must not be blank' })
  pseudonym: string;

  @ApiProperty({ example: 34, minimum: 0, maximum: 130 })
  @IsInt()
  @Min(0)
  @Max(130)
  ageAtDeath: number;

  @ApiProperty({ enum: VICTIM_SEXES })
  @IsIn(VICTIM_SEXES, { message: `must be one of: ${VICTIM_SEXES.join(', ')}` })
  sex: (typeof VICTIM_SEXES)[number];

  @ApiPropertyOptional({
    maxLength: 200,
    description:
      "The victim's real name: the protected identity. Kept apart from the death's other facts, readable only by the CSP manager and CSP chair " +
      '(GET /api/deaths/:id/identity, every read audited), and never shown in a list, a report, the audit trail, a log or an email.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'must not be blank' })
  name?: string;
}

/** Whether a create-review request names a recorded death instead of giving the death's facts. */
const factsNeeded = (o: { deathId?: string }) => o.deathId === undefined;

export class CreateReviewRequest {
  @ApiProperty({ example: 'DHR', description: 'The review type (DHR, OWHR...); a ruleset must be installed for it and the partnership must run it' })
  @IsString()
  @Matches(/^[A-Z]+$/, { message: 'must be a review type such as DHR' })
  type: string;

  @CalendarDateField('The date the CSP became aware of the death: starts the first clock')
  notifiedOn: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "A death already recorded (GET /api/deaths), when this is another review of it. Give either this or the death's facts (dateOfDeath, victim...), not both.",
  })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a recorded death' })
  deathId?: string;

  @ValidateIf(factsNeeded)
  @CalendarDateField('Date of death; on or before the notification. Required unless deathId is given')
  dateOfDeath: string;

  @ApiProperty({ example: 'cheshire-police', description: 'The notifying agency: its id or code (GET /api/agencies)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  notifyingAgency: string;

  @ApiProperty({ type: VictimInput, description: 'Required unless deathId is given' })
  @ValidateIf(factsNeeded)
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => VictimInput)
  victim: VictimInput;

  @ApiPropertyOptional({
    example: 'A residential street in the north of the borough',
    maxLength: 500,
    description: 'Where the death occurred or the body was found; name no one. Null (on a change) clears it',
    nullable: true,
  })
  @IsOptional({ nullable: true })
  @IsString()
  @MaxLength(500)
  @Matches(/\S/, { message: 'must not be blank' })
  placeOfDeath?: string | null;

  @ApiPropertyOptional({ description: 'Whether the death or the events around it involved an offensive weapon; leave out when not known' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  offensiveWeaponInvolved?: boolean;

  @ApiPropertyOptional({ enum: SUSPECT_RELATIONSHIPS, description: 'Who the suspect was to the victim, as far as is known' })
  @IsOptional()
  @IsIn(SUSPECT_RELATIONSHIPS, { message: `must be one of: ${SUSPECT_RELATIONSHIPS.join(', ')}` })
  suspectRelationship?: (typeof SUSPECT_RELATIONSHIPS)[number];

  @ApiPropertyOptional({ minimum: 0, maximum: 130, example: 34, description: "The suspect's age at the time of the death, where known" })
  @IsOptional()
  @IsInt({ message: 'must be a whole number' })
  @Min(0)
  @Max(130)
  suspectAgeAtDeath?: number;

  @ApiPropertyOptional({ default: false, description: 'A suicide where domestic abuse is suspected' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  suspectedSuicide?: boolean;

  @ApiProperty({ example: 'Found at home following a call from a neighbour.', description: 'Circumstances as notified, using pseudonyms only' })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  circumstances: string;
}

/** The facts a death is recorded with. */
export const DEATH_FACTS = [
  'dateOfDeath',
  'victim',
  'placeOfDeath',
  'offensiveWeaponInvolved',
  'suspectRelationship',
  'suspectAgeAtDeath',
  'suspectedSuicide',
] as const;

/** `POST /api/deaths`: a death recorded before, or without, a review of it. */
export class RecordDeathRequest extends PickType(CreateReviewRequest, DEATH_FACTS) {}
