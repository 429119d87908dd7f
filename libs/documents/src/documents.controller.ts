import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthenticatedUser, CurrentUser, IdParam } from '@app/common';
import { DocumentUploadBody, DocumentView, VersionUploadBody } from './dto/document.dto';
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
