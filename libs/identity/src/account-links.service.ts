import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { IsNull } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock, Problem } from '@app/common';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { DirectMailService } from '@app/notifications';
import { accountLinkMail } from './account-mail';
import { InviteUserRequest } from './dto/account.dto';
import { UserView } from './dto/user.dto';
import { AccountLink, AccountLinkPurpose } from './entities/account-link.entity';
import { UsersService } from './users.service';

/** Where the link to set a password is followed: a web page, the token in its query (never logged). */
export const SET_PASSWORD_PATH = '/account/set-password';

/** Why a link does not work, for the page to say so in plain words. */
export type LinkRefusal = 'unknown' | 'used' | 'expired';

export type LinkCheck = { usable: true; purpose: AccountLinkPurpose } | { usable: false; reason: LinkRefusal };

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Accounts whose passwords no administrator knows: an invitation (a new account and a link to
 * set its password) and "forgot password" (a link to set a new one). A link is random (32 bytes),
 * kept only as its SHA-256, works once and runs out (INVITATION_DAYS, PASSWORD_RESET_MINUTES);
 * a newer link of the same kind replaces an older one still unused.
 */
@Injectable()
export class AccountLinksService {
  private readonly logger = new Logger(AccountLinksService.name);

  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly tenancy: Tenancy,
    private readonly clock: Clock,
    private readonly env: Environment,
    private readonly mail: DirectMailService,
  ) {}

  /**
   * Creates the account with a password no one knows and mails its holder the link to set their
   * own. The account, the link, the audit entry and the mail go together: if the mail cannot be
   * sent (503 `mail-not-sent`) nothing is kept.
   */
  invite(partnershipId: string, request: InviteUserRequest): Promise<UserView> {
    return this.txHost.withTransaction(async () => {
      const user = await this.users.create(partnershipId, { ...request, password: randomBytes(32).toString('base64url') });
      await this.issueAndSend(partnershipId, user.id, user.email, 'invitation');
      return user;
    });
  }

  /** Sends a new invitation to an account that has never set its password (the first ran out or was lost). */
  reinvite(partnershipId: string, userId: string): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const user = await this.users.findInPartnership(partnershipId, userId);
      if (!user || !user.active) throw new Problem(404, 'not-found', 'Not found', 'No active user with that id.');
      await this.issueAndSend(partnershipId, user.id, user.email, 'invitation');
    });
  }

  /**
   * "Forgot password": mails a reset link if an active account has this email, and does nothing
   * otherwise. The caller answers the same either way, so no one learns who has an account; a
   * mail that cannot be sent is logged, not told.
   */
  async requestPasswordReset(email: string): Promise<void> {
    const user = await this.tenancy.asSystem(() => this.users.findForSignIn(email));
    if (!user?.active) return;
    try {
      await this.tenancy.forPartnership(user.partnershipId, () =>
        this.txHost.withTransaction(() => this.issueAndSend(user.partnershipId, user.id, user.email, 'password-reset')),
      );
    } catch (error) {
      if (!(error instanceof Problem && error.code === 'mail-not-sent')) throw error;
      this.logger.warn('A password reset link could not be mailed; the person can ask again');
    }
  }

  /** Whether a link (its token) can still be used, and for what. */
  async check(token: string): Promise<LinkCheck> {
    const link = await this.tenancy.asSystem(() => this.txHost.tx.getRepository(AccountLink).findOneBy({ tokenHash: tokenHash(token) }));
    return this.usability(link);
  }

  /**
   * Sets the password through a link and uses the link up (with every other unused link of the
   * account). The password must pass the password policy (UsersService.setOwnPassword); a link
   * that is unknown, used or expired is refused with the reason, and nothing changes.
   */
  async setPassword(token: string, password: string): Promise<LinkCheck> {
    const found = await this.tenancy.asSystem(() => this.txHost.tx.getRepository(AccountLink).findOneBy({ tokenHash: tokenHash(token) }));
    if (!found) return { usable: false, reason: 'unknown' };
    return this.tenancy.forPartnership(found.partnershipId, () =>
      this.txHost.withTransaction(async () => {
        const links = this.txHost.tx.getRepository(AccountLink);
        // Locked, so two uses of the same link at once cannot both succeed.
        const link = await links.findOne({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
        const check = this.usability(link);
        if (!check.usable || !link) return check;
        await this.users.setOwnPassword(link.userId, password);
        const now = this.clock.now();
        await links.update({ userId: link.userId, usedAt: IsNull() }, { usedAt: now });
        await this.audit.record({
          action: link.purpose === 'invitation' ? 'auth.invitation-accepted' : 'auth.password-reset',
          actorId: link.userId,
          partnershipId: link.partnershipId,
          changes: { userId: link.userId },
        });
        return check;
      }),
    );
  }

  private usability(link: AccountLink | null): LinkCheck {
    if (!link) return { usable: false, reason: 'unknown' };
    if (link.usedAt) return { usable: false, reason: 'used' };
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) return { usable: false, reason: 'expired' };
    return { usable: true, purpose: link.purpose };
  }

  /** In the caller's transaction: replaces unused links of this kind with a new one, audits it, and mails it. */
  private async issueAndSend(partnershipId: string, userId: string, email: string, purpose: AccountLinkPurpose): Promise<void> {
    const links = this.txHost.tx.getRepository(AccountLink);
    const now = this.clock.now();
    const lifetimeMs = purpose === 'invitation' ? this.env.INVITATION_DAYS * 86_400_000 : this.env.PASSWORD_RESET_MINUTES * 60_000;
    const expiresAt = new Date(now.getTime() + lifetimeMs);
    const token = randomBytes(32).toString('base64url');
    await links.update({ userId, purpose, usedAt: IsNull() }, { usedAt: now });
    await links.insert({ partnershipId, userId, purpose, tokenHash: tokenHash(token), createdAt: now, expiresAt });
    await this.audit.record({
      action: purpose === 'invitation' ? 'user.invited' : 'auth.password-reset-requested',
      partnershipId,
      ...(purpose === 'password-reset' ? { actorId: userId } : {}),
      changes: { userId, expiresAt: expiresAt.toISOString() },
    });
    const link = `${this.env.PUBLIC_URL.replace(/\/$/, '')}${SET_PASSWORD_PATH}?token=${token}`;
    await this.mail.send({ to: email, kind: `account.${purpose}`, ...accountLinkMail(purpose, link, expiresAt) });
  }
}
