import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { UnauthorizedProblem } from '@app/common';
import { Environment } from '@app/config';
import { Public } from '@app/access';
import { TokenRequest, TokenResponse } from './dto/token.dto';
import { TokenClaims } from './auth.guard';
import { SecondFactorService } from './second-factor.service';
import { UsersService } from './users.service';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly env: Environment,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Email or password not recognised; `totp-required`: send totpCode or recoveryCode too' })
  @ApiForbiddenResponse({ description: '`totp-enrolment-required`: set up an authenticator app on the web pages first' })
  async token(@Body() request: TokenRequest): Promise<TokenResponse> {
    const user = await this.users.signIn(request.email, request.password);
    if (!user) throw new UnauthorizedProblem('That email and password do not match an active account.');
    await this.secondFactor.requireForToken(user, request);
    const claims: TokenClaims = { sub: user.id, pid: user.partnershipId };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.JWT_EXPIRES_IN_SECONDS };
  }
}
