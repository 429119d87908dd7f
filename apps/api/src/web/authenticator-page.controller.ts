import { Body, Get, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticatedUser } from '@app/common';
import { SecondFactorService } from '@app/identity';
import { accountPage, AuthenticatorSetPageModel, RecoveryCodesPageModel, SetUpAuthenticatorPageModel } from './page-models/account-pages';
import { render, WebController } from './render';
import { WebRequest } from './web-session';

type SignedIn = WebRequest & { user: AuthenticatedUser };

const TITLE = 'Set up an authenticator app';

/**
 * A signed-in person's authenticator app, set up by choice where their roles do not require one
 * (those that do are made to at sign-in). Once set up, its secret is never shown again.
 */
@WebController('account/authenticator')
export class AuthenticatorPageController {
  constructor(private readonly secondFactor: SecondFactorService) {}

  @Get()
  async page(@Req() req: SignedIn, @Res() res: Response): Promise<void> {
    const enrolment = await this.secondFactor.startEnrolment(req.user);
    if (!enrolment) return render(res, 'account/authenticator.njk', accountPage<AuthenticatorSetPageModel>({ title: 'Your authenticator app' }));
    return render(
      res,
      'set-up-authenticator.njk',
      accountPage<SetUpAuthenticatorPageModel>({ title: TITLE, action: '/account/authenticator', optional: true, enrolment, fieldErrors: {} }),
    );
  }

  @Post()
  async confirm(@Req() req: SignedIn, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const code = typeof body.code === 'string' ? body.code.trim() : '';
    const recoveryCodes = code ? await this.secondFactor.confirmEnrolment(req.user, code) : null;
    if (recoveryCodes)
      return render(res, 'recovery-codes.njk', accountPage<RecoveryCodesPageModel>({ title: 'Your recovery codes', recoveryCodes, returnTo: '/my-work' }));
    const enrolment = await this.secondFactor.startEnrolment(req.user);
    if (!enrolment) return render(res, 'account/authenticator.njk', accountPage<AuthenticatorSetPageModel>({ title: 'Your authenticator app' }));
    const text = code ? 'The code is not right. Scan the new QR code and enter the code your app shows' : 'Enter the code';
    const model = accountPage<SetUpAuthenticatorPageModel>({
      title: TITLE,
      action: '/account/authenticator',
      optional: true,
      enrolment,
      errors: [{ text, href: '#code' }],
      fieldErrors: { code: text },
    });
    return render(res, 'set-up-authenticator.njk', model, 400);
  }
}
