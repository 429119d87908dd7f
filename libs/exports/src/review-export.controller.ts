import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { Response } from 'express';
import { AuthenticatedUser, CurrentUser, IdParam, IsOptional } from '@app/common';
import { ReviewExportService } from './review-export.service';

export class ExportQuery {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'html'], { message: 'must be json or html' })
  format: 'json' | 'html' = 'json';
}

@ApiTags('reviews')
@ApiBearerAuth()
@Controller('reviews')
export class ReviewExportController {
  constructor(private readonly exports: ReviewExportService) {}

  @Get(':id/export')
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ description: "The review's complete record: stages, deadlines, recommendations, actions, sign-offs and audit entries" })
  async export(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Query() query: ExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    const record = await this.exports.record(user, id, query.format);
    const name = `${record.review.reference}-record.${query.format}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    if (query.format === 'html') res.type('text/html').send(await this.exports.html(record));
    else res.json(record);
  }
}
