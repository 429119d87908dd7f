import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { IsOptional } from '@app/common';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { CreateReviewRequest } from '../dto/create-review.dto';
import { LinkView } from '../dto/review.view';
import { LINK_KINDS } from '../entities/review-link.entity';

/** `PATCH /api/deaths/:id`: facts that become known later, such as who the suspect was. */
export class UpdateDeathRequest extends PartialType(
  PickType(CreateReviewRequest, ['placeOfDeath', 'offensiveWeaponInvolved', 'suspectRelationship', 'suspectAgeAtDeath', 'suspectedSuicide'] as const),
  // Null is a value to validate, not a field left out: only placeOfDeath may be cleared with it.
  { skipNullProperties: false },
) {}

export class DeathReviewView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() type: string;
  @ApiProperty() stage: string;
  @ApiProperty() status: string;
}

export class DeathView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) dateOfDeath: string;
  @ApiProperty({ nullable: true }) placeOfDeath: string | null;
  @ApiProperty({ description: 'Pseudonym, age and sex: never the real name' }) victim: { pseudonym: string; ageAtDeath: number; sex: string };
  @ApiProperty({ nullable: true }) offensiveWeaponInvolved: boolean | null;
  @ApiProperty({ nullable: true }) suspectRelationship: string | null;
  @ApiProperty({ nullable: true }) suspectAgeAtDeath: number | null;
  @ApiProperty() suspectedSuicide: boolean;
  @ApiProperty({ description: 'Whether a real name is held (GET /api/deaths/:id/identity, CSP manager and chair only)' }) identityRecorded: boolean;
  @ApiProperty({ type: [DeathReviewView], description: 'Reviews of this death the caller may see' }) reviews: DeathReviewView[];
  @ApiProperty({ type: [LinkView], description: 'Safeguarding and other reviews of this death, recorded against the death or one of its reviews' })
  links: LinkView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class DeathListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) dateOfDeath: string;
  @ApiProperty() victimPseudonym: string;
  @ApiProperty({ type: [String], description: 'References of its reviews the caller may see' }) reviews: string[];
}

export class IdentityView {
  @ApiProperty({ format: 'uuid' }) deathId: string;
  @ApiProperty({ description: "The victim's real name. Do not copy it into anything that leaves the product." }) victimName: string;
}

const EXTERNAL_KINDS = ['SAR', 'CSPR', 'CDR'];

/** `POST /api/reviews/:id/links` and `POST /api/deaths/:id/links`: another review of the same death. */
export class CreateLinkRequest {
  @ApiProperty({
    enum: LINK_KINDS,
    description: 'SAR: Safeguarding Adults Review; CSPR: Child Safeguarding Practice Review; CDR: child death review; or a review type of this product',
  })
  @IsIn(LINK_KINDS, { message: `must be one of: ${LINK_KINDS.join(', ')}` })
  kind: string;

  @ApiPropertyOptional({ example: 'SAR-HSAB-2026-03', maxLength: 100, description: "The other review's own reference, where it is run outside the product" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'must not be blank' })
  externalReference?: string;

  @ApiPropertyOptional({ example: 'Halton Safeguarding Adults Board', maxLength: 200, description: 'The board or body running it' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'must not be blank' })
  runBy?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The other review, where it is in the product: it must be a review of the same death you may see' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a review' })
  linkedReviewId?: string;

  @ApiPropertyOptional({ type: [String], description: "Panel members of this review (user ids) who also sit on the other review's panel" })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true, message: 'each must be the id of a panel member' })
  sharedPanelMembers?: string[];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'must not be blank' })
  note?: string;
}

/** Kinds run outside the product need saying who runs them and under what reference. */
export function isExternalKind(kind: string): boolean {
  return EXTERNAL_KINDS.includes(kind);
}

export class AddContributorRequest {
  @ApiProperty({ format: 'uuid', description: 'The contributing partnership' })
  @IsUUID('all', { message: 'must be the id of a partnership' })
  partnershipId: string;
}
