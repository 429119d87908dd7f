import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { AuditService } from '@app/audit';
import { Clock } from '@app/common';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { User } from './entities/user.entity';
import { WebSessionRecord } from './entities/web-session.entity';

/** How stale a session's last-seen time may get before a request writes it again. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The server's record of signed-in web sessions (`web_sessions`), so that signing out ends a
 * session here and not only in the browser: the signed cookie names a session, and it works only
 * while that row exists and has been used within the idle time. "Sign out everywhere" ends every
 * session and every bearer token of the account (its token generation goes up by one).
 */
@Injectable()
export class SessionStore {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly env: Environment,
    private readonly audit: AuditService,
    private readonly tenancy: Tenancy,
  ) {}

  private get sessions(): Repository<WebSessionRecord> {
    return this.txHost.tx.getRepository(WebSessionRecord);
  }

  private get idleMs(): number {
    return this.env.SESSION_IDLE_MINUTES * 60_000;
  }

  /** Records a new session for the person just signed in, and clears sessions long idle; returns its id. */
  start(user: Pick<User, 'id' | 'partnershipId'>): Promise<string> {
    const now = this.clock.now();
    const id = randomUUID();
    return this.tenancy.asSystem(async () => {
      await this.sessions.delete({ lastSeenAt: LessThan(new Date(now.getTime() - this.idleMs)) });
      await this.sessions.insert({ id, userId: user.id, partnershipId: user.partnershipId, createdAt: now, lastSeenAt: now });
      return id;
    });
  }

  /**
   * Whether this session is still live for this account: recorded, not signed out, used within
   * the idle time. Notes the use (at most once a minute). Runs in the request's scope.
   */
  async isLive(sessionId: string, userId: string): Promise<boolean> {
    const session = await this.sessions.findOneBy({ id: sessionId, userId });
    if (!session) return false;
    const now = this.clock.now().getTime();
    if (now - session.lastSeenAt.getTime() > this.idleMs) {
      await this.sessions.delete({ id: sessionId });
      return false;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.update({ id: sessionId }, { lastSeenAt: new Date(now) });
    return true;
  }

  /** Ends one session (signing out): its cookie, even a copy of it, no longer works. */
  end(sessionId: string): Promise<void> {
    return this.tenancy.asSystem(async () => {
      await this.sessions.delete({ id: sessionId });
    });
  }

  /**
   * Ends every web session and every bearer token of the account, audited. Runs in the caller's
   * scope (the signed-in person's partnership).
   */
  signOutEverywhere(user: Pick<User, 'id' | 'partnershipId'>, by: string | null = user.id): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const ended = await this.sessions.delete({ userId: user.id });
      await this.txHost.tx.getRepository(User).increment({ id: user.id }, 'tokenGeneration', 1);
      await this.audit.record({
        action: 'auth.signed-out-everywhere',
        actorId: by ?? undefined,
        partnershipId: user.partnershipId,
        changes: { userId: user.id, sessionsEnded: ended.affected ?? 0 },
      });
    });
  }
}
