import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from '@app/common';
import { IsBoolean, IsString, Matches } from 'class-validator';

export class EditionView {
  @ApiProperty({ example: 'dardr-2024-draft-v4' }) key: string;
  @ApiProperty({ example: 'Domestic Abuse Related Death Review' }) name: string;
  @ApiProperty({ description: 'Whether the law it follows is in force' }) inForce: boolean;
  @ApiProperty({ nullable: true, description: 'What an edition not in force is', example: "Draft, not in force: the 2024 consultation's proposal." })
  status: string | null;
  @ApiProperty({ nullable: true, description: 'The edition that puts this one right, if one is installed', example: 'dhr-2016-v4' }) supersededBy:
    string | null;
}

export class ReviewTypeView {
  @ApiProperty({ example: 'DHR' }) type: string;
  @ApiProperty({ description: 'Whether the partnership runs this review type' }) enabled: boolean;
  @ApiProperty({ example: 'dhr-2016-v4', description: 'The edition new reviews open under' }) defaultRuleset: string;
  @ApiProperty({ example: 'Domestic Homicide Review', description: 'The name that edition gives the review type' }) name: string;
  @ApiProperty({ type: [String], description: 'Every installed edition of this type' }) editions: string[];
  @ApiProperty({ type: [EditionView], description: 'Each edition: whether its law is in force, and what puts it right' }) editionDetails: EditionView[];
}

export class UpdateReviewTypeRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ example: 'dardr-2024-draft-v4', description: 'An installed edition of this type; open reviews keep theirs' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be a ruleset key such as dhr-2016-v4' })
  defaultRuleset?: string;
}
