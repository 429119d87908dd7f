import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '@app/audit';
import { UnauthorizedProblem } from '@app/common';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { Public } from '@app/access';
import { TokenRequest, TokenResponse } from './dto/token.dto';
import { verifyPassword } from './password';
import { TokenClaims } from './auth.guard';
import { UsersService } from './users.service';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly env: Environment,
    private readonly audit: AuditService,
    private readonly tenancy: Tenancy,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ type: TokenResponse })
  @ApiUnauthorizedResponse({ description: 'Email or password not recognised' })
  async token(@Body() request: TokenRequest): Promise<TokenResponse> {
    // An email address names an account in any partnership: finding it is the system's work.
    const user = await this.tenancy.asSystem(() => this.users.findForSignIn(request.email));
    const passwordMatches = await verifyPassword(user?.passwordHash, request.password);
    if (!user || !passwordMatches || !user.active) {
      throw new UnauthorizedProblem('That email and password do not match an active account.');
    }
    await this.tenancy.forPartnership(user.partnershipId, () => this.audit.record({ action: 'auth.signed-in', actorId: user.id, partnershipId: user.partnershipId, changes: {} }));
    const claims: TokenClaims = { sub: user.id };
    const accessToken = await this.jwt.signAsync(claims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.env.JWT_EXPIRES_IN_SECONDS };
  }
}
