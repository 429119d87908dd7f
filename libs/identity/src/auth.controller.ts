import { Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AuthenticatedUser, CurrentUser, UnauthorizedProblem } from '@app/common';
import { Environment } from '@app/config';
import { Public } from '@app/access';
import { TokenRequest, TokenResponse } from './dto/token.dto';
import { TokenClaims } from './auth.guard';
import { SecondFactorService } from './second-factor.service';
import { SessionStore } from './session-store';
import { SignInThrottle } from './sign-in-throttle';
import { UsersService } from './users.service';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly env: Environment,
    private readonly throttle: SignInThrottle,
    private readonly sessions: SessionStore,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  // A token is a credential: no cache, shared or private, may keep it (RFC 6749 §5.1).
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({
    description: 'Email or password not recognised, or the account is locked; `totp-required`: send totpCode or recoveryCode too',
  })
  @ApiForbiddenResponse({ description: '`totp-enrolment-required`: set up an authenticator app on the web pages first' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins for that email or from this address: Retry-After says how long to wait' })
  async token(@Req() req: Request, @Body() request: TokenRequest): Promise<TokenResponse> {
    const user = await this.throttle.attempt(request.email, req.ip ?? 'unknown', () => this.users.signIn(request.email, request.password));
    if (!user)
      throw new UnauthorizedProblem(
        'That email and password do not match an active account, or the account is locked for a while after too many failed sign-ins.',
      );
    await this.secondFactor.requireForToken(user, request);
    const claims: TokenClaims = { sub: user.id, pid: user.partnershipId, gen: user.tokenGeneration };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.JWT_EXPIRES_IN_SECONDS };
  }

  /** Ends every web session and every bearer token of the caller's account, this one included. */
  @Post('sign-out-everywhere')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Every session and bearer token of your account has ended, this one included' })
  signOutEverywhere(@CurrentUser() caller: AuthenticatedUser): Promise<void> {
    return this.sessions.signOutEverywhere(caller);
  }
}
