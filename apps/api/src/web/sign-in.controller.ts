import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@app/access';
import { Environment } from '@app/config';
import { CouncilSignInService, UsersService } from '@app/identity';
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
    const user = Object.keys(fieldErrors).length ? null : await this.users.signIn(email, password);
    if (!user) {
      if (!Object.keys(fieldErrors).length) fieldErrors.email = 'The email address or password is not right';
      const errors = Object.entries(fieldErrors).map(([field, text]) => ({ text, href: `#${field}` }));
      const model: SignInPageModel = { title: 'Sign in', returnTo, councilSignIn: this.council.enabled, values: { email }, errors, fieldErrors };
      return render(res, 'sign-in.njk', model, 400);
    }
    return this.steps.afterFirstFactor(req, res, user, returnTo, 'password');
  }

  @Public()
  @Post('sign-out')
  signOut(@Req() req: WebRequest, @Res() res: Response): void {
    req.session = null;
    res.redirect(303, '/sign-in?signedOut=1');
  }

  @Public()
  @Get('accessibility')
  accessibility(@Res() res: Response): Promise<void> {
    return render(res, 'accessibility.njk', { title: 'Accessibility statement' });
  }
}
