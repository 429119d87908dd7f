import type { NextFunction, Request, Response } from 'express';
import { AuthenticatedUser, Clock } from '@app/common';
import { Environment } from '@app/config';

export const SESSION_COOKIE = 'dhr_session';

/** What the signed session cookie carries. No name, no role: the guard loads those each request. */
export interface WebSessionData {
  userId?: string;
  /** The partnership the account belonged to at sign-in: the guard scopes the request to it first. */
  partnershipId?: string;
  /** Milliseconds since the epoch, by the product's clock, of the last request in this session. */
  lastSeenAt?: number;
  /** The session's row in `web_sessions` (libs/identity's SessionStore): signing out deletes it, so a copy of the cookie stops working. */
  sessionId?: string;
  csrfToken?: string;
  /** A one-off confirmation shown on the next page ("Decision recorded"). */
  flash?: string;
  /** Half-way through signing in (sign-in-steps.ts): not signed in until the second step is done. */
  pending?: PendingSignIn;
  /** While the person is away at the council's sign-in: the checks for their return. */
  council?: { state: string; nonce: string; codeVerifier: string; returnTo: string };
}

/** The first factor is done (password, or the council's sign-in); the second step is due. */
export interface PendingSignIn {
  userId: string;
  partnershipId: string;
  returnTo: string;
  /** Milliseconds since the epoch, by the product's clock: the half-done sign-in lapses after a while. */
  startedAt: number;
  /** `code`: enter a code from the app; `set-up`: the account must set an app up first. */
  step: 'code' | 'set-up';
}

export type WebRequest = Omit<Request, 'session'> & {
  session?: (CookieSessionInterfaces.CookieSessionObject & WebSessionData) | null;
  sessionTimedOut?: boolean;
  user?: AuthenticatedUser;
};

/**
 * The session cookie's settings: HttpOnly, SameSite=Lax, and Secure everywhere except on a
 * developer's machine and in the automated tests, which talk plain http to localhost.
 */
export function sessionCookieOptions(env: Pick<Environment, 'NODE_ENV' | 'SESSION_IDLE_MINUTES'>): CookieSessionInterfaces.CookieSessionOptions {
  return {
    name: SESSION_COOKIE,
    httpOnly: true,
    sameSite: 'lax',
    secure: env.NODE_ENV === 'production',
    signed: true,
    path: '/',
    // The browser forgets the cookie after the idle time too; the server's own check (below) is
    // the one that counts, since it uses the product's clock.
    maxAge: env.SESSION_IDLE_MINUTES * 60_000,
  };
}

/**
 * Ends a signed-in session that has been idle too long, and otherwise notes this request as its
 * latest activity (which re-issues the cookie, so its lifetime rolls on with use).
 */
export function idleTimeout(clock: Clock, idleMinutes: number) {
  const idleMs = idleMinutes * 60_000;
  return (req: WebRequest, _res: Response, next: NextFunction): void => {
    const session = req.session;
    if (session?.userId) {
      const now = clock.now().getTime();
      if (typeof session.lastSeenAt !== 'number' || now - session.lastSeenAt > idleMs) {
        req.session = null;
        req.sessionTimedOut = true;
      } else {
        session.lastSeenAt = now;
      }
    }
    next();
  };
}
