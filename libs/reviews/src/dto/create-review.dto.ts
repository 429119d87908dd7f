import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsNotEmptyObject, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CalendarDateField } from '@app/common';

export const VICTIM_SEXES = ['female', 'male', 'unknown'] as const;

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
}

export class CreateReviewRequest {
  @ApiProperty({ example: 'DHR', description: 'The review type; a ruleset must be installed for it' })
  @IsString()
  @Matches(/^[A-Z]+$/, { message: 'must be a review type such as DHR' })
  type: string;

  @CalendarDateField('The date the CSP became aware of the death: starts the decision clock')
  notifiedOn: string;

  @CalendarDateField('Date of death; on or before the notification')
  dateOfDeath: string;

  @ApiProperty({ example: 'cheshire-police', description: 'The notifying agency: its id or code (GET /api/agencies)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  notifyingAgency: string;

  @ApiProperty({ type: VictimInput })
  @IsDefined()
  @IsNotEmptyObject()
  @ValidateNested()
  @Type(() => VictimInput)
  victim: VictimInput;

  @ApiProperty({ example: 'Found at home following a call from a neighbour.', description: 'Circumstances as notified, using pseudonyms only' })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  circumstances: string;
}
