import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';

export class ReviewTypeView {
  @ApiProperty({ example: 'DHR' }) type: string;
  @ApiProperty({ description: 'Whether the partnership runs this review type' }) enabled: boolean;
  @ApiProperty({ example: 'dhr-2016', description: 'The edition new reviews open under' }) defaultRuleset: string;
  @ApiProperty({ example: 'Domestic Homicide Review', description: 'The name that edition gives the review type' }) name: string;
  @ApiProperty({ type: [String], description: 'Every installed edition of this type' }) editions: string[];
}

export class UpdateReviewTypeRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ example: 'dardr-2024-draft', description: 'An installed edition of this type; open reviews keep theirs' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be a ruleset key such as dhr-2016' })
  defaultRuleset?: string;
}
