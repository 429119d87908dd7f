import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@app/access';
import { AuthenticatedUser, TooManyAttemptsProblem } from '@app/common';
import { Environment } from '@app/config';
import { CouncilSignInService, SessionStore, SignInThrottle, UsersService } from '@app/identity';
import { SignInPageModel } from './page-models/sign-in-page';
import { render, WebController } from './render';
import { SignInSteps } from './sign-in-steps';
import { safeReturnPath } from './web-paths';
import { WebRequest } from './web-session';

@WebController()
export class SignInController {
  constructor(
    private readonly users: UsersService,
    private readonly env: Environment,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionStore,
    private readonly steps: SignInSteps,
    private readonly council: CouncilSignInService,
  ) {}

  @Get()
  home(@Res() res: Response): void {
    res.redirect(303, '/my-work');
  }

  @Public()
  @Get('sign-in')
  page(
    @Res() res: Response,
    @Query('returnTo') returnTo?: string,
    @Query('timedOut') timedOut?: string,
    @Query('signedOut') signedOut?: string,
  ): Promise<void> {
    const model: SignInPageModel = {
      title: 'Sign in',
      returnTo: safeReturnPath(returnTo),
      timedOut: timedOut === '1',
      signedOut: signedOut === '1',
      signedOutEverywhere: signedOut === 'everywhere',
      idleMinutes: this.env.SESSION_IDLE_MINUTES,
      councilSignIn: this.council.enabled,
      values: {},
    };
    return render(res, 'sign-in.njk', model);
  }

  @Public()
  @Post('sign-in')
  async signIn(@Req() req: WebRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const returnTo = safeReturnPath(body.returnTo);
    const fieldErrors: Record<string, string> = {};
    if (!email) fieldErrors.email = 'Enter your email address';
    if (!password) fieldErrors.password = 'Enter your password';
    if (Object.keys(fieldErrors).length) return this.refuse(res, returnTo, email, fieldErrors, 400);
    let user;
    try {
      user = await this.throttle.attempt(email, req.ip ?? 'unknown', () => this.users.signIn(email, password));
    } catch (error) {
      if (!(error instanceof TooManyAttemptsProblem)) throw error;
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      const wait = `There have been too many failed attempts to sign in. Wait ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, then try again`;
      return this.refuse(res, returnTo, email, { email: wait }, 429);
    }
    if (!user) return this.refuse(res, returnTo, email, { email: 'The email address or password is not right, or the account is locked for a while' }, 400);
    return this.steps.afterFirstFactor(req, res, user, returnTo, 'password');
  }

  /** Ends this session on the server too: the cookie, or any copy of it, no longer works. */
  @Public()
  @Post('sign-out')
  async signOut(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    if (typeof req.session?.sessionId === 'string') await this.sessions.end(req.session.sessionId);
    req.session = null;
    res.redirect(303, '/sign-in?signedOut=1');
  }

  /** Ends every session and every bearer token of the signed-in person's account, this one included. */
  @Post('sign-out-everywhere')
  async signOutEverywhere(@Req() req: WebRequest & { user: AuthenticatedUser }, @Res() res: Response): Promise<void> {
    await this.sessions.signOutEverywhere(req.user);
    req.session = null;
    res.redirect(303, '/sign-in?signedOut=everywhere');
  }

  private refuse(res: Response, returnTo: string, email: string, fieldErrors: Record<string, string>, status: number): Promise<void> {
    const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
    const model: SignInPageModel = { title: 'Sign in', returnTo, councilSignIn: this.council.enabled, values: { email }, errors, fieldErrors };
    return render(res, 'sign-in.njk', model, status);
  }

  @Public()
  @Get('accessibility')
  accessibility(@Res() res: Response): Promise<void> {
    return render(res, 'accessibility.njk', { title: 'Accessibility statement' });
  }
}
