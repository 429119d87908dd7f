import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
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

/** Refuses any POST from a web page that does not carry this session's token. */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return true;
    if (!csrf.isRequestValid(req)) throw new CsrfRefused();
    return true;
  }
}
