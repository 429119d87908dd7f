import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { memoryStorage } from 'multer';
import { Allow } from '@app/access';
import { AuthenticatedUser, CurrentUser, IdParam, Problem, ValidationProblem } from '@app/common';
import { versionNumber } from '@app/documents';
import { AnonymisationCheck, DocumentText, sha256 } from './anonymisation-check.service';
import {
  AcknowledgeFindingRequest,
  AcknowledgementView,
  AnonymisationCheckView,
  CheckSummaryView,
  CheckTextsRequest,
  ProtectedIdentityView,
  RecordProtectedIdentityRequest,
  VersionCheckSummary,
  VersionFindingsView,
} from './dto/anonymisation.dto';
import { EXTRACTION_LIMITS, extractText, ExtractionError, formatOf, MEDIA_TYPES } from './extract-text';
import { ProtectedIdentities } from './protected-identities.service';
import { ReportChecks } from './report-checks.service';

/** Files per check, and bytes per file: a report and its executive summary fit many times over. */
export const UPLOAD_LIMITS = { files: 10, fileSize: EXTRACTION_LIMITS.maxBytes };

@ApiTags('anonymisation')
@ApiBearerAuth()
@ApiExtraModels(CheckTextsRequest)
@Controller('reviews/:id')
export class AnonymisationController {
  constructor(
    private readonly identities: ProtectedIdentities,
    private readonly checks: AnonymisationCheck,
    private readonly reports: ReportChecks,
  ) {}

  @Get('protected-identities')
  @Allow('manage-protected-identities')
  @ApiOkResponse({
    type: [ProtectedIdentityView],
    description: "The names the review's documents must not carry: the victim's from the death's record, then those recorded here; audited",
  })
  list(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string): Promise<ProtectedIdentityView[]> {
    return this.identities.list(user, id);
  }

  @Post('protected-identities')
  @Allow('manage-protected-identities')
  @ApiCreatedResponse({ type: ProtectedIdentityView, description: 'Records a protected name (and date of birth) on the review; audited with the name sealed' })
  record(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: RecordProtectedIdentityRequest,
  ): Promise<ProtectedIdentityView> {
    return this.identities.record(user, id, body);
  }

  @Delete('protected-identities/:identityId')
  @HttpCode(204)
  @Allow('manage-protected-identities')
  @ApiNoContentResponse({ description: 'Removes a protected name recorded on the review; audited with the name sealed' })
  async remove(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('identityId', new IdParam('protected name')) identityId: string,
  ): Promise<void> {
    await this.identities.remove(user, id, identityId);
  }

  @Post('anonymisation-check')
  @HttpCode(200)
  @Allow('check-anonymisation')
  @UseInterceptors(
    FilesInterceptor('files', UPLOAD_LIMITS.files, {
      storage: memoryStorage(),
      limits: { fileSize: UPLOAD_LIMITS.fileSize, files: UPLOAD_LIMITS.files, fields: 5 },
    }),
  )
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    description: `Either files (multipart field \`files\`, up to ${UPLOAD_LIMITS.files}, each up to ${UPLOAD_LIMITS.fileSize / 1024 / 1024} MB: DOCX, PDF, ODT or UTF-8 text), or JSON \`{ texts: [{ label, text }] }\``,
    schema: {
      oneOf: [
        { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } },
        { $ref: getSchemaPath(CheckTextsRequest) },
      ],
    },
  })
  @ApiOkResponse({
    type: AnonymisationCheckView,
    description: "Extracts each document's text and lists every protected name and date of birth in it, with context; recorded and audited (matches sealed)",
  })
  async check(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Body() body: CheckTextsRequest,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
  ): Promise<AnonymisationCheckView> {
    const documents: DocumentText[] = [];
    if (files?.length) {
      if (body.texts) throw ValidationProblem.field('texts', 'send files or texts, not both');
      for (const [index, file] of files.entries()) documents.push(await this.documentOf(file, index));
    } else if (body.texts) {
      documents.push(...body.texts.map((t) => ({ label: t.label, text: t.text })));
    } else {
      throw ValidationProblem.field('files', 'upload at least one file (multipart field `files`), or send JSON texts');
    }
    return this.checks.check(user, id, documents);
  }

  @Get('anonymisation-checks')
  @Allow('check-anonymisation')
  @ApiOkResponse({
    type: [CheckSummaryView],
    description: "The review's checks, newest first: files' SHA-256, counts, findings not yet acknowledged (never the matched text)",
  })
  checksOf(@CurrentUser() user: AuthenticatedUser, @Param('id', new IdParam('review')) id: string): Promise<CheckSummaryView[]> {
    return this.checks.list(user, id);
  }

  @Post('anonymisation-checks/:checkId/acknowledgements')
  @Allow('check-anonymisation')
  @ApiCreatedResponse({
    type: AcknowledgementView,
    description: 'Keeps one finding on purpose, with the reason; audited with the reason sealed. 409 if already acknowledged',
  })
  acknowledge(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('checkId', new IdParam('anonymisation check')) checkId: string,
    @Body() body: AcknowledgeFindingRequest,
  ): Promise<AcknowledgementView> {
    return this.checks.acknowledge(user, id, checkId, body.findingId, body.reason);
  }

  @Get('documents/:documentId/versions/:n/anonymisation')
  @Allow('check-anonymisation')
  @ApiOkResponse({
    type: VersionFindingsView,
    description:
      "A version of one of the review's reports with its latest anonymisation check: each finding in its context, and its acknowledgement if any. The read is audited",
  })
  findingsOf(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('documentId', new IdParam('document')) documentId: string,
    @Param('n') n: string,
  ): Promise<VersionFindingsView> {
    return this.reports.findingsOf(user, id, documentId, versionNumber(n));
  }

  @Post('documents/:documentId/versions/:n/anonymisation')
  @HttpCode(200)
  @Allow('check-anonymisation')
  @ApiOkResponse({
    type: VersionCheckSummary,
    description:
      "Checks the version's text again (e.g. after a protected name was recorded); recorded and audited as every check. 409 if its content is not kept",
  })
  recheck(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', new IdParam('review')) id: string,
    @Param('documentId', new IdParam('document')) documentId: string,
    @Param('n') n: string,
  ): Promise<VersionCheckSummary> {
    return this.reports.recheck(user, id, documentId, versionNumber(n));
  }

  private async documentOf(file: Express.Multer.File, index: number): Promise<DocumentText> {
    const field = `files[${index}]`;
    const format = formatOf(file.mimetype, file.originalname);
    if (!format) throw ValidationProblem.field(field, `is ${file.mimetype || 'of no type'}: only DOCX, PDF, ODT or plain text can be checked`);
    try {
      const text = await extractText(file.buffer, MEDIA_TYPES[format]);
      // The file's name is kept only in the answer and, sealed, in the audit entry.
      return { label: file.originalname.slice(0, 200), text, sha256: sha256(file.buffer), mediaType: MEDIA_TYPES[format], bytes: file.size };
    } catch (error) {
      if (error instanceof ExtractionError && error.reason === 'too-large') {
        throw new Problem(HttpStatus.PAYLOAD_TOO_LARGE, 'too-large', 'Too large', `${field}: ${error.message}`);
      }
      if (error instanceof ExtractionError) throw ValidationProblem.field(field, error.message);
      throw error;
    }
  }
}
