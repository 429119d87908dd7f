import { Injectable, Logger } from '@nestjs/common';
import { BaseClient, generators, Issuer } from 'openid-client';
import { AuditService } from '@app/audit';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { User } from './entities/user.entity';
import { UsersService } from './users.service';

/** Kept in the person's session between leaving for the council's provider and coming back. */
export interface CouncilSignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a council sign-in was refused, for the page to say so. */
export type CouncilRefusal = 'failed' | 'email-not-verified' | 'no-account';

export type CouncilOutcome = { user: User } | { refused: CouncilRefusal };

export const COUNCIL_CALLBACK_PATH = '/sign-in/council/callback';

/**
 * Single sign-on for council staff: OpenID Connect's authorisation code flow with PKCE (S256),
 * state and nonce, through openid-client. Switched on by OIDC_ISSUER_URL. The provider's verified
 * email is matched to an existing active account (emails are kept in lower case); no account is
 * ever created from a sign-in. Each sign-in is audited.
 */
@Injectable()
export class CouncilSignInService {
  private readonly logger = new Logger(CouncilSignInService.name);
  private client?: Promise<BaseClient>;

  constructor(
    private readonly env: Environment,
    private readonly users: UsersService,
    private readonly tenancy: Tenancy,
    private readonly audit: AuditService,
  ) {}

  get enabled(): boolean {
    return this.env.OIDC_ISSUER_URL !== undefined;
  }

  private get redirectUrl(): string {
    return this.env.OIDC_REDIRECT_URL ?? `${this.env.PUBLIC_URL.replace(/\/$/, '')}${COUNCIL_CALLBACK_PATH}`;
  }

  /** The provider's client, found by discovery on first use (and again after a failed discovery). */
  private async oidcClient(): Promise<BaseClient> {
    this.client ??= Issuer.discover(this.env.OIDC_ISSUER_URL!).then(
      (issuer) =>
        new issuer.Client({
          client_id: this.env.OIDC_CLIENT_ID!,
          client_secret: this.env.OIDC_CLIENT_SECRET!,
          redirect_uris: [this.redirectUrl],
          response_types: ['code'],
        }),
    );
    try {
      return await this.client;
    } catch (error) {
      this.client = undefined;
      throw error;
    }
  }

  /** Where to send the person to sign in, and the checks to keep for their return. */
  async start(): Promise<{ url: string; checks: CouncilSignInChecks }> {
    const client = await this.oidcClient();
    const checks = { state: generators.state(), nonce: generators.nonce(), codeVerifier: generators.codeVerifier() };
    const url = client.authorizationUrl({
      scope: 'openid email',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: generators.codeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, checks };
  }

  /**
   * The person back from the provider: the code exchanged (with the PKCE verifier), the ID token
   * checked (signature, issuer, audience, nonce), and their verified email matched to an account.
   */
  async finish(query: Record<string, unknown>, checks: CouncilSignInChecks): Promise<CouncilOutcome> {
    let email: unknown;
    let verified: unknown;
    try {
      const client = await this.oidcClient();
      const params = client.callbackParams(`${COUNCIL_CALLBACK_PATH}?${new URLSearchParams(query as Record<string, string>).toString()}`);
      const tokens = await client.callback(this.redirectUrl, params, { state: checks.state, nonce: checks.nonce, code_verifier: checks.codeVerifier });
      let claims: Record<string, unknown> = tokens.claims();
      // Providers that keep the email out of the ID token give it from userinfo (checked for the same subject).
      if (claims.email === undefined && tokens.access_token) claims = { ...(await client.userinfo(tokens)), ...claims };
      email = claims.email;
      verified = claims.email_verified;
    } catch (error) {
      this.logger.warn({ reason: (error as Error).message.slice(0, 300) }, 'Council sign-in failed at the provider');
      return { refused: 'failed' };
    }
    if (typeof email !== 'string' || verified !== true) {
      this.logger.warn('Council sign-in refused: the provider did not vouch for the email address');
      return { refused: 'email-not-verified' };
    }
    const user = await this.tenancy.asSystem(() => this.users.findForSignIn(email as string));
    if (!user?.active) {
      this.logger.warn('Council sign-in refused: no active account has that email address');
      return { refused: 'no-account' };
    }
    await this.tenancy.forPartnership(user.partnershipId, () =>
      this.audit.record({ action: 'auth.signed-in', actorId: user.id, partnershipId: user.partnershipId, changes: { method: 'council-sign-in' } }),
    );
    return { user };
  }
}
