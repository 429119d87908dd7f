import { Get, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@app/access';
import { CouncilRefusal, CouncilSignInService } from '@app/identity';
import { MessagePageModel, accountPage } from './page-models/account-pages';
import { render, WebController } from './render';
import { SignInSteps } from './sign-in-steps';
import { safeReturnPath } from './web-paths';
import { WebRequest } from './web-session';

const REFUSALS: Record<CouncilRefusal, string> = {
  failed: 'Your council account could not be checked just now. Try again, or sign in with your email address and password.',
  'email-not-verified':
    'Your council account did not confirm your email address, so it cannot be used to sign in here. Sign in with your email address and password instead.',
  'no-account':
    'There is no account on this service for your council email address. Ask an administrator to give you one: signing in with a council account does not make one.',
};

/**
 * "Sign in with your council account": OpenID Connect (CouncilSignInService). The state, nonce
 * and PKCE verifier wait in the signed session cookie while the person is at the provider; the
 * provider's answer comes back to the callback, which is a GET (no CSRF token: the state is the check).
 */
@WebController('sign-in/council')
export class CouncilSignInController {
  constructor(
    private readonly council: CouncilSignInService,
    private readonly steps: SignInSteps,
  ) {}

  @Public()
  @Get()
  async start(@Req() req: WebRequest, @Res() res: Response, @Query('returnTo') returnTo?: string): Promise<void> {
    if (!this.council.enabled) return res.redirect(303, '/sign-in');
    let started: Awaited<ReturnType<CouncilSignInService['start']>>;
    try {
      started = await this.council.start();
    } catch {
      return this.refuse(res, 'failed');
    }
    req.session = { council: { ...started.checks, returnTo: safeReturnPath(returnTo) } };
    res.redirect(303, started.url);
  }

  @Public()
  @Get('callback')
  async callback(@Req() req: WebRequest, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const checks = req.session?.council;
    if (!this.council.enabled || !checks) return this.refuse(res, 'failed');
    const outcome = await this.council.finish(query, checks);
    if ('refused' in outcome) {
      req.session = null;
      return this.refuse(res, outcome.refused);
    }
    return this.steps.afterFirstFactor(req, res, outcome.user, safeReturnPath(checks.returnTo), 'council');
  }

  private refuse(res: Response, reason: CouncilRefusal): Promise<void> {
    return render(
      res,
      'council-refused.njk',
      accountPage<MessagePageModel>({ title: 'You cannot sign in with your council account', text: REFUSALS[reason], reason }),
      403,
    );
  }
}
