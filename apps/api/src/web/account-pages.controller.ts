import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@app/access';
import { FieldProblem, ValidationProblem } from '@app/common';
import { AccountLinksService, LinkRefusal } from '@app/identity';
import { ForgotPasswordPageModel, MessagePageModel, SetPasswordPageModel, accountPage } from './page-models/account-pages';
import { render, WebController } from './render';
import { WebRequest } from './web-session';

const REFUSALS: Record<LinkRefusal, { title: string; text: string; status: number }> = {
  unknown: { title: 'This link does not work', text: 'Check that you copied the whole link from the mail.', status: 404 },
  used: { title: 'This link has been used already', text: 'Each link works once.', status: 410 },
  expired: { title: 'This link has run out', text: 'Links work for a limited time.', status: 410 },
};

function refused(res: Response, reason: LinkRefusal): Promise<void> {
  const { title, text, status } = REFUSALS[reason];
  return render(res, 'account/link-refused.njk', accountPage<MessagePageModel>({ title, text }), status);
}

function withErrors(fieldErrors: Record<string, string>) {
  return { errors: Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` })), fieldErrors };
}

/** "Password must be at least 12 characters": the policy's words for a person. */
function passwordWords(problem: FieldProblem): string {
  return `Your password ${problem.message}`;
}

/**
 * Setting one's own password from a link in a mail (an invitation, or "forgot password"), and
 * asking for such a link. The link's token travels in the page's query and the form's body, never
 * in a path, so the request log (which drops queries and bodies) never holds it.
 */
@WebController()
export class AccountPagesController {
  constructor(private readonly links: AccountLinksService) {}

  @Public()
  @Get('account/set-password')
  async setPasswordPage(@Res() res: Response, @Query('token') token?: string): Promise<void> {
    const check = typeof token === 'string' && token ? await this.links.check(token) : ({ usable: false, reason: 'unknown' } as const);
    if (!check.usable) return refused(res, check.reason);
    const model: SetPasswordPageModel = { title: check.purpose === 'invitation' ? 'Set your password' : 'Reset your password', token: token!, fieldErrors: {} };
    return render(res, 'account/set-password.njk', model);
  }

  @Public()
  @Post('account/set-password')
  async setPassword(@Req() req: WebRequest, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const token = typeof body.token === 'string' ? body.token : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
    const check = token ? await this.links.check(token) : ({ usable: false, reason: 'unknown' } as const);
    if (!check.usable) return refused(res, check.reason);
    const title = check.purpose === 'invitation' ? 'Set your password' : 'Reset your password';
    const fieldErrors: Record<string, string> = {};
    if (!password) fieldErrors.password = 'Enter a password';
    else if (password !== confirm) fieldErrors.confirmPassword = 'Enter the same password twice';
    if (Object.keys(fieldErrors).length)
      return render(res, 'account/set-password.njk', accountPage<SetPasswordPageModel>({ title, token, ...withErrors(fieldErrors) }), 400);
    try {
      const done = await this.links.setPassword(token, password);
      if (!done.usable) return refused(res, done.reason);
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error;
      const problem = error.errors.find((one) => one.field === 'password') ?? error.errors[0];
      return render(
        res,
        'account/set-password.njk',
        accountPage<SetPasswordPageModel>({ title, token, ...withErrors({ password: passwordWords(problem) }) }),
        400,
      );
    }
    req.session = { flash: 'Your password is set. Sign in with it.' };
    res.redirect(303, '/sign-in');
  }

  @Public()
  @Get('forgot-password')
  forgotPage(@Res() res: Response): Promise<void> {
    return render(res, 'account/forgot-password.njk', accountPage<ForgotPasswordPageModel>({ title: 'Reset your password', values: {}, fieldErrors: {} }));
  }

  /** The same answer whether or not an account has the address: no one learns who has one. */
  @Public()
  @Post('forgot-password')
  async forgot(@Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
      const text = email ? 'Enter an email address in the correct format, like name@example.gov.uk' : 'Enter your email address';
      return render(
        res,
        'account/forgot-password.njk',
        accountPage<ForgotPasswordPageModel>({ title: 'Reset your password', values: { email }, ...withErrors({ email: text }) }),
        400,
      );
    }
    await this.links.requestPasswordReset(email);
    return render(res, 'account/forgot-password-sent.njk', accountPage<MessagePageModel>({ title: 'Check your email' }));
  }
}
