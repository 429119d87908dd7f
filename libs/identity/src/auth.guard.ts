import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ClsService } from 'nestjs-cls';
import { Actor, ACTOR_KEY, AuthenticatedUser, ForbiddenProblem, UnauthorizedProblem } from '@app/common';
import { aRole, PUBLIC_ROUTE, REQUIRED_ROLES, Role, SESSION_ROUTE } from '@app/access';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { SessionStore } from './session-store';
import { UsersService } from './users.service';

export interface TokenClaims {
  sub: string;
  /** The partnership the account belonged to at sign-in: the request is scoped to it at once. */
  pid?: string;
  /** The account's token generation when the token was issued: "sign out everywhere" moves it on. */
  gen: number;
  /** Issued at and expires at, seconds since the epoch: both required, and no further apart than JWT_EXPIRES_IN_SECONDS. */
  iat?: number;
  exp?: number;
}

/** What a web session (a signed cookie) carries: who signed in, their partnership and the session's id, never more about them. */
export interface WebSession {
  userId?: string;
  partnershipId?: string;
  /** The row in `web_sessions` that makes the cookie good: gone once signed out. */
  sessionId?: string;
}

/** Whose account a request claims to be, the partnership it said it belonged to, and what must still hold. */
interface Claimed {
  userId: string;
  partnershipId?: string;
  /** A bearer token's generation, or a web session's id. */
  tokenGeneration?: number;
  sessionId?: string;
}

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), or a signed-in
 * web session when marked @SessionAuth(). The user is loaded on each request, so a deactivated
 * account or a changed role takes effect at once; both ways put the same user on the request and
 * scope the request's database work to that person's partnership from here on.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly cls: ClsService,
    private readonly tenancy: Tenancy,
    private readonly sessions: SessionStore,
    private readonly env: Environment,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; session?: WebSession | null; user?: AuthenticatedUser }>();
    const claimed = this.reflector.getAllAndOverride<boolean>(SESSION_ROUTE, targets)
      ? this.sessionClaim(request.session)
      : await this.bearerClaim(request.headers);
    const user = await this.findAccount(claimed);
    if (!user) throw new UnauthorizedProblem('The account behind this token no longer exists or is switched off.');
    if (claimed.tokenGeneration !== undefined && claimed.tokenGeneration !== user.tokenGeneration) {
      throw new UnauthorizedProblem('This token was ended when its account signed out everywhere; ask POST /api/auth/token for a new one.');
    }

    request.user = { id: user.id, partnershipId: user.partnershipId, email: user.email, name: user.name, roles: user.roles, agencyId: user.agencyId };
    const actor: Actor = { id: user.id, partnershipId: user.partnershipId, roles: user.roles };
    this.cls.set(ACTOR_KEY, actor);
    this.tenancy.enterPartnership(user.partnershipId);
    if (claimed.sessionId !== undefined && !(await this.sessions.isLive(claimed.sessionId, user.id))) {
      throw new UnauthorizedProblem('This session has ended: sign in again.');
    }

    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (required && !required.some((role) => user.roles.includes(role))) {
      const names = required.map(aRole).join(' or ');
      throw new ForbiddenProblem(`Only ${names} may do this.`, { requiredRoles: required });
    }
    return true;
  }

  /**
   * The signed-in account, looked up afresh. Scoped straight to the partnership the token or
   * session names (signed, so not the caller's to choose), which is then the request's scope with
   * no second change of the connection; the account must still belong to it. Only a token from
   * before the claim existed, or an account since moved, is looked up as the system.
   */
  private async findAccount(claimed: Claimed) {
    if (claimed.partnershipId) {
      this.tenancy.enterPartnership(claimed.partnershipId);
      const user = await this.users.findActive(claimed.userId);
      if (user?.partnershipId === claimed.partnershipId) return user;
    }
    // Whose account this is decides the partnership, so finding it cannot wait for one.
    return this.tenancy.asSystem(() => this.users.findActive(claimed.userId));
  }

  private sessionClaim(session: WebSession | null | undefined): Claimed {
    if (typeof session?.userId !== 'string' || typeof session.sessionId !== 'string') throw new UnauthorizedProblem('Sign in to see this page.');
    return {
      userId: session.userId,
      partnershipId: typeof session.partnershipId === 'string' ? session.partnershipId : undefined,
      sessionId: session.sessionId,
    };
  }

  private async bearerClaim(headers: Record<string, string | undefined>): Promise<Claimed> {
    const [scheme, token] = (headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthorizedProblem('Send a bearer token: POST /api/auth/token gives one.');
    }
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new UnauthorizedProblem('The bearer token is not valid or has expired; ask POST /api/auth/token for a new one.');
    }
    // jsonwebtoken checks an `exp` only when there is one: a token must end, and within the lifetime this service gives.
    const { exp, iat } = claims;
    if (typeof exp !== 'number' || typeof iat !== 'number' || exp - iat > this.env.JWT_EXPIRES_IN_SECONDS || typeof claims.sub !== 'string') {
      throw new UnauthorizedProblem(
        `The bearer token must say when it was issued and expire within ${this.env.JWT_EXPIRES_IN_SECONDS} seconds of it; ask POST /api/auth/token for one.`,
      );
    }
    return {
      userId: claims.sub,
      partnershipId: typeof claims.pid === 'string' ? claims.pid : undefined,
      tokenGeneration: typeof claims.gen === 'number' ? claims.gen : 0,
    };
  }
}
