import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery, IsOptional } from '@app/common';

export const REVIEW_SORTS = ['notifiedOn', '-notifiedOn', 'reference', '-reference', 'updatedAt', '-updatedAt'] as const;

export class ReviewListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'information' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  stage?: string;

  @ApiPropertyOptional({ example: 'DHR' })
  @IsOptional()
  @Matches(/^[A-Z]+$/, { message: 'must be a review type such as DHR' })
  type?: string;

  @ApiPropertyOptional({ description: 'true: only running reviews with a deadline past due (an ended review is never overdue); false: only those without' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ example: 'Adult A', description: 'Finds reviews whose reference or victim pseudonym contains this (any case)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['open', 'paused', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'paused', 'closed'])
  status?: 'open' | 'paused' | 'closed';

  @ApiPropertyOptional({ enum: REVIEW_SORTS, default: '-notifiedOn', description: 'A leading minus sorts newest or last first' })
  @IsOptional()
  @IsIn(REVIEW_SORTS, { message: `must be one of: ${REVIEW_SORTS.join(', ')}` })
  sort: (typeof REVIEW_SORTS)[number] = '-notifiedOn';
}
