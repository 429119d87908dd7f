import { HttpStatus, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { createHash, randomInt } from 'node:crypto';
import { authenticator } from 'otplib';
import QRCode from 'qrcode';
import { IsNull, Not } from 'typeorm';
import { Role, ROLES } from '@app/access';
import { AuditService } from '@app/audit';
import { Clock, Problem, UnauthorizedProblem } from '@app/common';
import { ConfigurationError, Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { RecoveryCode, TotpFactor } from './entities/totp-factor.entity';

/** Who an account is, as far as its second factor goes. */
export interface FactorHolder {
  id: string;
  partnershipId: string;
  email: string;
  roles: Role[];
}

export interface Enrolment {
  /** The secret in base32, for typing into an app that cannot scan. */
  secret: string;
  /** The otpauth:// URI an authenticator app reads from the QR code. */
  uri: string;
  /** The QR code of the URI, as an SVG image (no script, safe to inline). */
  qrSvg: string;
}

const ISSUER = 'Statutory death reviews';
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
// One 30-second step either side of now: a phone's clock a little out, or a code typed as it turns.
const TOLERANCE_STEPS = 1;
/** Wrong codes in a row before codes are refused for a while, right or wrong. */
const FAILURES_BEFORE_BLOCK = 5;
const BLOCK_MINUTES = 15;
const STEP_SECONDS = 30;

/** The roles TOTP_REQUIRED_ROLES names; an unknown name stops the start. */
export function requiredRoles(setting: string): Role[] {
  if (setting.trim() === 'none') return [];
  const names = setting.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !ROLES.includes(name as Role));
  if (unknown.length) throw new ConfigurationError(`TOTP_REQUIRED_ROLES names no such role: ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`);
  return names as Role[];
}

/** A recovery code as stored: its SHA-256, whatever spaces, hyphens or capitals it was typed with. */
function recoveryHash(code: string): string {
  return createHash('sha256')
    .update(code.toLowerCase().replace(/[^a-z0-9]/g, ''), 'utf8')
    .digest('hex');
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: 16 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/**
 * Time-based one-time passwords (RFC 6238, through otplib, SHA-1, six digits, 30 seconds: what every authenticator app reads) as a second factor, checked against
 * the product's clock, with ten single-use recovery codes. Required of the roles in
 * TOTP_REQUIRED_ROLES; anyone who has set one up is asked for a code whatever their role.
 */
@Injectable()
export class SecondFactorService {
  private readonly required: Role[];

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly tenancy: Tenancy,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    env: Environment,
  ) {
    this.required = requiredRoles(env.TOTP_REQUIRED_ROLES);
  }

  /** Whether this account's roles oblige it to use a code. */
  isRequired(user: Pick<FactorHolder, 'roles'>): boolean {
    return user.roles.some((role) => this.required.includes(role));
  }

  /**
   * The token endpoint's second step: an account with an app must send a right code (or an
   * unused recovery code); one that must have an app and has none is sent to the web pages to
   * set it up (the API cannot show a QR code).
   */
  async requireForToken(user: FactorHolder, sent: { totpCode?: string; recoveryCode?: string }): Promise<void> {
    if (!(await this.isEnrolled(user))) {
      if (!this.isRequired(user)) return;
      throw new Problem(
        HttpStatus.FORBIDDEN,
        'totp-enrolment-required',
        'Authenticator app needed',
        'This account must use a code from an authenticator app. Sign in on the web pages once to set one up, then ask for a token with totpCode.',
      );
    }
    if (sent.totpCode === undefined && sent.recoveryCode === undefined) {
      throw new Problem(HttpStatus.UNAUTHORIZED, 'totp-required', 'Code needed', 'Send totpCode, the code your authenticator app shows (or a recoveryCode).');
    }
    const right = sent.totpCode !== undefined ? await this.verifyCode(user, sent.totpCode) : await this.useRecoveryCode(user, sent.recoveryCode!);
    if (!right) throw new UnauthorizedProblem('That code is not right, or has been used already.');
  }

  /** Whether the account has a confirmed authenticator app. */
  isEnrolled(user: Pick<FactorHolder, 'id' | 'partnershipId'>): Promise<boolean> {
    return this.tenancy.forPartnership(user.partnershipId, () =>
      this.txHost.tx.getRepository(TotpFactor).exists({ where: { userId: user.id, confirmedAt: Not(IsNull()) } }),
    );
  }

  /**
   * A new secret for the account, not yet confirmed (replacing one not confirmed either). An
   * account that has confirmed one gets none: its secret is never shown again.
   */
  async startEnrolment(user: Omit<FactorHolder, 'roles'>): Promise<Enrolment | null> {
    const secret = authenticator.generateSecret(20);
    const started = await this.tenancy.forPartnership(user.partnershipId, () =>
      this.txHost.withTransaction(async () => {
        const factors = this.txHost.tx.getRepository(TotpFactor);
        const existing = await factors.findOne({ where: { userId: user.id }, lock: { mode: 'pessimistic_write' } });
        if (existing?.confirmedAt) return false;
        await factors.upsert({ userId: user.id, partnershipId: user.partnershipId, secret, createdAt: this.clock.now(), confirmedAt: null, lastStep: null }, [
          'userId',
        ]);
        return true;
      }),
    );
    if (!started) return null;
    const uri = authenticator.keyuri(user.email, ISSUER, secret);
    return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 2 }) };
  }

  /**
   * Confirms the secret with a first valid code; returns the ten recovery codes, to be shown this
   * once (only their hashes are kept), or null when the code is not right.
   */
  confirmEnrolment(user: Omit<FactorHolder, 'roles'>, code: string): Promise<string[] | null> {
    return this.tenancy.forPartnership(user.partnershipId, () =>
      this.txHost.withTransaction(async () => {
        const factor = await this.lockedFactor(user.id);
        if (!factor || factor.confirmedAt) return null;
        const step = this.acceptedStep(factor, code);
        if (step === null) return null;
        const now = this.clock.now();
        await this.txHost.tx.getRepository(TotpFactor).update({ userId: user.id }, { confirmedAt: now, lastStep: step });
        const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
        const recovery = this.txHost.tx.getRepository(RecoveryCode);
        await recovery.delete({ userId: user.id });
        await recovery.insert(codes.map((one) => ({ userId: user.id, partnershipId: user.partnershipId, codeHash: recoveryHash(one), createdAt: now })));
        await this.audit.record({ action: 'auth.authenticator-set-up', actorId: user.id, partnershipId: user.partnershipId, changes: { userId: user.id } });
        return codes;
      }),
    );
  }

  /**
   * Checks a code from the account's confirmed app; a code is accepted once only. After five
   * wrong codes in a row every code is refused for fifteen minutes (by the product's clock), so a
   * six-digit code cannot be found by trying them all.
   */
  verifyCode(user: Pick<FactorHolder, 'id' | 'partnershipId'>, code: string): Promise<boolean> {
    return this.tenancy.forPartnership(user.partnershipId, () =>
      this.txHost.withTransaction(async () => {
        const factor = await this.lockedFactor(user.id);
        if (!factor?.confirmedAt) return false;
        const now = this.clock.now();
        if (factor.blockedUntil && factor.blockedUntil.getTime() > now.getTime()) return false;
        const factors = this.txHost.tx.getRepository(TotpFactor);
        const step = this.acceptedStep(factor, code);
        if (step === null) {
          const failures = factor.failedAttempts + 1;
          const blocked = failures >= FAILURES_BEFORE_BLOCK;
          await factors.update(
            { userId: user.id },
            { failedAttempts: blocked ? 0 : failures, blockedUntil: blocked ? new Date(now.getTime() + BLOCK_MINUTES * 60_000) : factor.blockedUntil },
          );
          if (blocked)
            await this.audit.record({ action: 'auth.codes-blocked', actorId: user.id, partnershipId: user.partnershipId, changes: { userId: user.id } });
          return false;
        }
        await factors.update({ userId: user.id }, { lastStep: step, failedAttempts: 0, blockedUntil: null });
        return true;
      }),
    );
  }

  /** Uses up one of the account's recovery codes; false when it is not one, or was used already. */
  useRecoveryCode(user: Pick<FactorHolder, 'id' | 'partnershipId'>, code: string): Promise<boolean> {
    return this.tenancy.forPartnership(user.partnershipId, () =>
      this.txHost.withTransaction(async () => {
        const used = await this.txHost.tx
          .getRepository(RecoveryCode)
          .update({ userId: user.id, codeHash: recoveryHash(code), usedAt: IsNull() }, { usedAt: this.clock.now() });
        if (!used.affected) return false;
        await this.audit.record({ action: 'auth.recovery-code-used', actorId: user.id, partnershipId: user.partnershipId, changes: { userId: user.id } });
        return true;
      }),
    );
  }

  private lockedFactor(userId: string): Promise<TotpFactor | null> {
    return this.txHost.tx
      .getRepository(TotpFactor)
      .createQueryBuilder('f')
      .addSelect('f.secret')
      .where('f.user_id = :userId', { userId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The time step of this code if it is right now (by the product's clock) and later than the last one accepted. */
  private acceptedStep(factor: TotpFactor, code: string): number | null {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const now = this.clock.now().getTime();
    const delta = authenticator.clone({ epoch: now, step: STEP_SECONDS, window: TOLERANCE_STEPS }).checkDelta(token, factor.secret);
    if (delta === null) return null;
    const step = Math.floor(now / 1000 / STEP_SECONDS) + delta;
    if (factor.lastStep !== null && step <= factor.lastStep) return null;
    return step;
  }
}
