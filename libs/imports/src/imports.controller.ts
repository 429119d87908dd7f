import { Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { memoryStorage } from 'multer';
import { Allow } from '@app/access';
import { AuthenticatedUser, CurrentUser, IdParam, Page, PageQuery, ValidationProblem } from '@app/common';
import { ReviewImportView } from './import-report';
import { ReviewImports } from './imports.service';
import { SHEETS, sheetByKey } from './sheets';
import { templateCsv, templateWorkbook, XLSX_MEDIA_TYPE } from './workbook';

/** The largest spreadsheet accepted: thousands of rows fit many times over. */
export const IMPORT_FILE_LIMIT = 5 * 1024 * 1024;

export const importUpload = () => FileInterceptor('file', { storage: memoryStorage(), limits: { fileSize: IMPORT_FILE_LIMIT, files: 1, fields: 5 } });

@ApiTags('imports')
@ApiBearerAuth()
@Controller('imports/reviews')
export class ImportsController {
  constructor(private readonly imports: ReviewImports) {}

  @Get('template.xlsx')
  @Allow('import-reviews')
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ description: 'The template workbook: a sheet each for reviews, information requests and pauses, with guidance' })
  async template(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    res.setHeader('Content-Type', XLSX_MEDIA_TYPE);
    res.setHeader('Content-Disposition', 'attachment; filename="reviews-import-template.xlsx"');
    return new StreamableFile(await templateWorkbook());
  }

  @Get('template.csv')
  @Allow('import-reviews')
  @ApiProduces('text/csv')
  @ApiQuery({ name: 'sheet', enum: SHEETS.map((sheet) => sheet.key), required: false, description: 'Which sheet (default reviews)' })
  @ApiOkResponse({ description: "One sheet of the template as CSV: its headings; the workbook's Guidance sheet says what goes in each" })
  templateCsv(@Res({ passthrough: true }) res: Response, @Query('sheet') key?: string): string {
    const sheet = sheetByKey(key ?? 'reviews');
    if (!sheet) throw ValidationProblem.field('sheet', `must be one of: ${SHEETS.map((s) => s.key).join(', ')}`);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="reviews-import-${sheet.key}.csv"`);
    return templateCsv(sheet);
  }

  @Post()
  @Allow('import-reviews')
  @UseInterceptors(importUpload())
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: `The filled-in template (multipart field \`file\`, up to ${IMPORT_FILE_LIMIT / 1024 / 1024} MB): the XLSX workbook, or one sheet as CSV (UTF-8)`,
    schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
  })
  @ApiCreatedResponse({
    type: ReviewImportView,
    description:
      'A dry run: every cell checked and every review tried, then rolled back. Nothing is created; the report lists what would be, and every problem by sheet, row and column',
  })
  check(@CurrentUser() user: AuthenticatedUser, @UploadedFile() file: Express.Multer.File | undefined): Promise<ReviewImportView> {
    if (!file) throw ValidationProblem.field('file', 'is required: send the spreadsheet as the multipart field "file"');
    return this.imports.check(user, file.originalname, file.buffer);
  }

  @Get()
  @Allow('import-reviews')
  @ApiOkResponse({ description: "The partnership's imports, newest first" })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery): Promise<Page<ReviewImportView>> {
    return this.imports.list(user, query);
  }

  @Get(':importId')
  @Allow('import-reviews')
  @ApiOkResponse({ type: ReviewImportView })
  get(@CurrentUser() user: AuthenticatedUser, @Param('importId', new IdParam('import')) id: string): Promise<ReviewImportView> {
    return this.imports.get(user, id);
  }

  @Post(':importId/confirm')
  @HttpCode(200)
  @Allow('import-reviews')
  @ApiOkResponse({
    type: ReviewImportView,
    description: 'Imports a dry run with no problems: every review it would create, in one transaction; 409 if it had problems or was imported already',
  })
  confirm(@CurrentUser() user: AuthenticatedUser, @Param('importId', new IdParam('import')) id: string): Promise<ReviewImportView> {
    return this.imports.confirm(user, id);
  }
}
