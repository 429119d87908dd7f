import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser, IdParam } from '@app/common';
import { AnswerUploadBody, DocumentUploadBody, DocumentView, InformationAnswerView, VersionUploadBody } from './dto/document.dto';
import { sendVersion, versionNumber } from './document-response';
import { DocumentsService } from './documents.service';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('reviews/:reviewId/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOkResponse({ type: [DocumentView], description: 'The documents on the review that you may see, oldest first, each with every version' })
  list(@CurrentUser() user: AuthenticatedUser, @Param('reviewId', new IdParam('review')) reviewId: string): Promise<DocumentView[]> {
    return this.documents.list(user, reviewId);
  }

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: DocumentUploadBody })
  @ApiCreatedResponse({
    type: DocumentView,
    description: 'The document with its first version. 400 if the file is not what its name says or not an allowed type; 413 if too large',
  })
  create(@CurrentUser() user: AuthenticatedUser, @Param('reviewId', new IdParam('review')) reviewId: string, @Req() req: Request): Promise<DocumentView> {
    return this.documents.create(user, reviewId, req);
  }

  @Get(':documentId')
  @ApiOkResponse({ type: DocumentView })
  get(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('documentId', new IdParam('document')) documentId: string,
  ): Promise<DocumentView> {
    return this.documents.get(user, reviewId, documentId);
  }

  @Post(':documentId/versions')
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: VersionUploadBody })
  @ApiCreatedResponse({ type: DocumentView, description: 'The document with its new version last; the earlier versions stay' })
  addVersion(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('documentId', new IdParam('document')) documentId: string,
    @Req() req: Request,
  ): Promise<DocumentView> {
    return this.documents.addVersion(user, reviewId, documentId, req);
  }

  @Get(':documentId/versions/:n/content')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: "The version's content, streamed, as an attachment; its ETag is its SHA-256. Audited." })
  async content(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('documentId', new IdParam('document')) documentId: string,
    @Param('n') n: string,
    @Res() res: Response,
  ): Promise<void> {
    await sendVersion(res, await this.documents.download(user, reviewId, documentId, versionNumber(n)));
  }
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('reviews/:reviewId/information-requests/:requestId/documents')
export class InformationAnswersController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AnswerUploadBody })
  @ApiOperation({
    summary: "Answer an information request by uploading the agency's IMR or chronology",
    description:
      "The panel member for the agency asked uploads its IMR or chronology against the request: the document is stored as the request's agency's and the action `answer-information-request` taken with its first version, in one transaction (a refusal of either leaves no document). Who may answer and the stage are checked before the file is read. 400 naming the field (`kind`, `file`, `requestId`); 403 for a panel member of another agency; 409 if the request was already answered or the stage does not allow it; 413 if too large.",
  })
  @ApiCreatedResponse({ type: InformationAnswerView, description: 'The request as it now is (received with the document) and the document' })
  answer(
    @CurrentUser() user: AuthenticatedUser,
    @Param('reviewId', new IdParam('review')) reviewId: string,
    @Param('requestId', new IdParam('information request')) requestId: string,
    @Req() req: Request,
  ): Promise<InformationAnswerView> {
    return this.documents.answerRequest(user, reviewId, requestId, req);
  }
}
