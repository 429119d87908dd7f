import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AuthenticatedUser, CurrentUser, IdParam, NotFoundProblem } from '@app/common';
import { DocumentUploadBody, DocumentView, VersionUploadBody } from './dto/document.dto';
import { DocumentsService } from './documents.service';

/** `n` of a version: a whole number from 1, or the version does not exist. */
function versionNumber(value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value)) throw new NotFoundProblem('This document has no version with that number.');
  return Number(value);
}

/** A quoted Content-Disposition with a plain-ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

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
    const { version, filename, content } = await this.documents.download(user, reviewId, documentId, versionNumber(n));
    res.status(200);
    res.setHeader('Content-Type', version.mediaType);
    res.setHeader('Content-Length', String(version.size));
    res.setHeader('Content-Disposition', attachment(filename));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('ETag', `"${version.sha256}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    try {
      await pipeline(content, res);
    } catch {
      // The reader went away, or the store failed mid-way: the response is already under way, so it is cut short.
      res.destroy();
    }
  }
}
