import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@app/access';
import { SecondFactorService } from '@app/identity';
import { RecoveryCodesPageModel, SetUpAuthenticatorPageModel, SignInCodePageModel, accountPage } from './page-models/account-pages';
import { render, WebController } from './render';
import { SignInSteps } from './sign-in-steps';
import { WebRequest } from './web-session';

const LAPSED = '/sign-in?timedOut=1';

function fieldError(field: string, text: string) {
  return { errors: [{ text, href: `#${field}` }], fieldErrors: { [field]: text } };
}

/**
 * The second step of signing in: a code from the authenticator app (or a recovery code), and
 * setting an app up where the account's roles require one. The person is not signed in until
 * it is done; the steps hold their place in the session for ten minutes.
 */
@WebController('sign-in')
export class TwoFactorPagesController {
  constructor(
    private readonly steps: SignInSteps,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Public()
  @Get('code')
  codePage(@Req() req: WebRequest, @Res() res: Response): Promise<void> | void {
    if (!this.steps.pending(req, 'code')) return res.redirect(303, LAPSED);
    return render(res, 'sign-in-code.njk', accountPage<SignInCodePageModel>({ title: 'Enter the code from your authenticator app', fieldErrors: {} }));
  }

  @Public()
  @Post('code')
  async code(@Req() req: WebRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const pending = this.steps.pending(req, 'code');
    if (!pending) return res.redirect(303, LAPSED);
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const recoveryCode = typeof body.recoveryCode === 'string' ? body.recoveryCode.trim() : '';
    const account = { id: pending.userId, partnershipId: pending.partnershipId };
    if (recoveryCode) {
      if (await this.secondFactor.useRecoveryCode(account, recoveryCode)) return this.steps.signedIn(req, res, account, pending.returnTo);
      const failed = fieldError('recoveryCode', 'The recovery code is not right, or has been used already');
      return render(
        res,
        'sign-in-code.njk',
        accountPage<SignInCodePageModel>({ title: 'Enter the code from your authenticator app', recoveryOpen: true, ...failed }),
        400,
      );
    }
    if (!code)
      return render(
        res,
        'sign-in-code.njk',
        accountPage<SignInCodePageModel>({ title: 'Enter the code from your authenticator app', ...fieldError('code', 'Enter the code') }),
        400,
      );
    if (await this.secondFactor.verifyCode(account, code)) return this.steps.signedIn(req, res, account, pending.returnTo);
    const failed = fieldError('code', 'The code is not right. Enter the code your app shows now (after 5 wrong codes, wait 15 minutes)');
    return render(res, 'sign-in-code.njk', accountPage<SignInCodePageModel>({ title: 'Enter the code from your authenticator app', ...failed }), 400);
  }

  @Public()
  @Get('set-up-authenticator')
  async setUpPage(@Req() req: WebRequest, @Res() res: Response): Promise<void> {
    const pending = this.steps.pending(req, 'set-up');
    const user = pending && (await this.steps.account(pending));
    if (!user) return res.redirect(303, LAPSED);
    const enrolment = await this.secondFactor.startEnrolment(user);
    // Set up already (in another tab): the code step is the way in.
    if (!enrolment) return this.steps.afterFirstFactor(req, res, user, pending.returnTo, 'password');
    return render(
      res,
      'set-up-authenticator.njk',
      accountPage<SetUpAuthenticatorPageModel>({ title: 'Set up an authenticator app', action: '/sign-in/set-up-authenticator', enrolment, fieldErrors: {} }),
    );
  }

  @Public()
  @Post('set-up-authenticator')
  async setUp(@Req() req: WebRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const pending = this.steps.pending(req, 'set-up');
    const user = pending && (await this.steps.account(pending));
    if (!user) return res.redirect(303, LAPSED);
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const recoveryCodes = code ? await this.secondFactor.confirmEnrolment(user, code) : null;
    if (!recoveryCodes) {
      // A new secret each time the page is shown: the one on the failed page is not shown twice.
      const enrolment = await this.secondFactor.startEnrolment(user);
      if (!enrolment) return res.redirect(303, LAPSED);
      const failed = fieldError('code', code ? 'The code is not right. Scan the new QR code and enter the code your app shows' : 'Enter the code');
      return render(
        res,
        'set-up-authenticator.njk',
        accountPage<SetUpAuthenticatorPageModel>({ title: 'Set up an authenticator app', action: '/sign-in/set-up-authenticator', enrolment, ...failed }),
        400,
      );
    }
    // Signed in now; the codes are shown on this answer only, never kept in the session.
    await this.steps.startSession(req, user);
    return render(res, 'recovery-codes.njk', accountPage<RecoveryCodesPageModel>({ title: 'Your recovery codes', recoveryCodes, returnTo: pending.returnTo }));
  }
}
