import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { Clock } from '@app/common';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { SecondFactorService, SessionStore, User, UsersService } from '@app/identity';
import { PendingSignIn, WebRequest } from './web-session';

/** How long a half-done sign-in (password right, code not yet entered) lasts. */
const PENDING_MINUTES = 10;

/**
 * The steps of signing in on the web pages, after the first factor (the password, or the
 * council's sign-in): a code from the authenticator app if the account has one, setting one up
 * first if its roles require one (TOTP_REQUIRED_ROLES), and only then a signed-in session.
 */
@Injectable()
export class SignInSteps {
  constructor(
    private readonly secondFactor: SecondFactorService,
    private readonly users: UsersService,
    private readonly tenancy: Tenancy,
    private readonly clock: Clock,
    private readonly env: Environment,
    private readonly sessions: SessionStore,
  ) {}

  /** Where a person goes once their first factor is right. */
  async afterFirstFactor(req: WebRequest, res: Response, user: User, returnTo: string, via: 'password' | 'council'): Promise<void> {
    if (via === 'council' && this.env.OIDC_COUNTS_AS_SECOND_FACTOR) return this.signedIn(req, res, user, returnTo);
    const step = (await this.secondFactor.isEnrolled(user)) ? 'code' : this.secondFactor.isRequired(user) ? 'set-up' : null;
    if (!step) return this.signedIn(req, res, user, returnTo);
    // A new session, holding no one as signed in yet.
    req.session = { pending: { userId: user.id, partnershipId: user.partnershipId, returnTo, startedAt: this.clock.now().getTime(), step } };
    res.redirect(303, step === 'code' ? '/sign-in/code' : '/sign-in/set-up-authenticator');
  }

  /** The half-done sign-in at this step, if it has not lapsed. */
  pending(req: WebRequest, step: PendingSignIn['step']): PendingSignIn | null {
    const pending = req.session?.pending;
    if (!pending || pending.step !== step || typeof pending.startedAt !== 'number') return null;
    if (this.clock.now().getTime() - pending.startedAt > PENDING_MINUTES * 60_000) return null;
    return pending;
  }

  /** The account of a half-done sign-in, if still active. */
  account(pending: PendingSignIn): Promise<User | null> {
    return this.tenancy.forPartnership(pending.partnershipId, () => this.users.findActive(pending.userId));
  }

  /** Signs the person in and opens the page they were going to. */
  async signedIn(req: WebRequest, res: Response, user: Pick<User, 'id' | 'partnershipId'>, returnTo: string): Promise<void> {
    await this.startSession(req, user);
    res.redirect(303, returnTo);
  }

  /**
   * A new session for the signed-in person, kept on the server (SessionStore) so that signing out
   * ends it: nothing (not even the CSRF token) carries over.
   */
  async startSession(req: WebRequest, user: Pick<User, 'id' | 'partnershipId'>): Promise<void> {
    const sessionId = await this.sessions.start(user);
    req.session = { userId: user.id, partnershipId: user.partnershipId, sessionId, lastSeenAt: this.clock.now().getTime() };
  }
}
