import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { csrfSync } from 'csrf-sync';
import type { Request } from 'express';
import { WebRequest } from './web-session';

/** The hidden field every form posts its token in. */
export const CSRF_FIELD = '_csrf';

/**
 * The synchroniser token pattern (csrf-sync): one random token per session, kept in the signed
 * session cookie, which every form must post back.
 */
export const csrf = csrfSync({
  size: 32,
  getTokenFromRequest: (req: Request) => (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD] as string | undefined,
  getTokenFromState: (req: Request) => (req as WebRequest).session?.csrfToken,
  storeTokenInState: (req: Request, token?: string | null) => {
    const session = (req as WebRequest).session;
    if (session) session.csrfToken = token ?? undefined;
  },
});

export class CsrfRefused extends ForbiddenException {
  constructor() {
    super('The form was sent without its security token.');
  }
}

const MULTIPART_FORM = 'web:multipart-form';

/**
 * A route taking a multipart form (a file upload): its body is streamed, not parsed before the
 * handler, so the guard cannot read the token; the handler checks it with `csrfFieldCheck`, as
 * the form's first field, before any of the file is stored.
 */
export const MultipartForm = () => SetMetadata(MULTIPART_FORM, true);

/** The check of a streamed multipart form's token (its `_csrf` field, sent before the file). */
export function csrfFieldCheck(req: Request): (fields: Record<string, string>) => void {
  return (fields) => {
    const expected = (req as WebRequest).session?.csrfToken;
    const sent = fields[CSRF_FIELD];
    if (!expected || typeof sent !== 'string' || sent.length !== expected.length || !timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) {
      throw new CsrfRefused();
    }
  };
}

/** Refuses any POST from a web page that does not carry this session's token. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return true;
    if (this.reflector.get<boolean>(MULTIPART_FORM, context.getHandler()) && /^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return true;
    if (!csrf.isRequestValid(req)) throw new CsrfRefused();
    return true;
  }
}
