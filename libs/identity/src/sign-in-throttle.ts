import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { Clock, TooManyAttemptsProblem } from '@app/common';
import { Environment } from '@app/config';
import { AuditService } from '@app/audit';
import { Tenancy } from '@app/database';
import { redisOptions } from '@app/queues';

/**
 * Counts one failure in a fixed window that starts with the window's first failure. The window's
 * start is the product's clock (ARGV[1]), not Redis's, so tests and replicas agree on it; Redis's
 * own expiry only tidies up. Returns the count and the window's start.
 */
const COUNT_FAILURE = `
local start = tonumber(redis.call('HGET', KEYS[1], 'start'))
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if not start or now - start >= window then
  redis.call('HSET', KEYS[1], 'start', now, 'count', 0)
  start = now
end
local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
redis.call('PEXPIRE', KEYS[1], window)
return { count, start }
`;

/** What one counter says: how many failures in its window, and since when (ms, product clock). */
interface Window {
  count: number;
  start: number;
}

/**
 * Failed sign-ins counted per account (a hash of the normalised email, whether or not an account
 * has it, so a 429 tells nothing about who has one) and per client address, in Redis, which every
 * api replica shares. Past a limit within the window, sign-in answers 429 with Retry-After before
 * any password is checked.
 *
 * Redis keeps nothing on disk and may be away: then the throttle fails open (sign-in still
 * answers, with a warning in the log), since the account lock in PostgreSQL and argon2's cost
 * still stand against guessing, and refusing everyone would let anyone who can stop Redis lock
 * every person out.
 */
@Injectable()
export class SignInThrottle implements OnModuleDestroy {
  private readonly logger = new Logger(SignInThrottle.name);
  private readonly redis: Redis;
  private readonly windowMs: number;
  private readonly prefix: string;
  private connecting?: Promise<void>;

  constructor(
    private readonly env: Environment,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly tenancy: Tenancy,
  ) {
    this.redis = new Redis({
      ...redisOptions(env.REDIS_URL),
      lazyConnect: true,
      // Sign-in must answer at once when Redis is away: no queueing, no retrying the command.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      commandTimeout: 2000,
    });
    this.redis.on('error', () => undefined);
    this.windowMs = env.SIGN_IN_WINDOW_MINUTES * 60_000;
    this.prefix = `${env.QUEUE_PREFIX}:sign-in`;
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }

  /**
   * Refuses with 429 (TooManyAttemptsProblem) when the account or the address has failed too
   * often in the window; otherwise runs `check` and counts a failure when it gives null, or clears
   * the account's count when it gives someone.
   */
  async attempt<T>(email: string, address: string, check: () => Promise<T | null>): Promise<T | null> {
    const keys = this.keysFor(email, address);
    const now = this.clock.now().getTime();
    const [account, client] = await this.read([keys.account, keys.address]);
    const waits = [
      account && account.count >= this.env.SIGN_IN_ACCOUNT_LIMIT ? this.secondsLeft(account, now) : 0,
      client && client.count >= this.env.SIGN_IN_ADDRESS_LIMIT ? this.secondsLeft(client, now) : 0,
    ];
    const wait = Math.max(...waits);
    if (wait > 0) throw new TooManyAttemptsProblem(wait);

    const outcome = await check();
    if (outcome === null) await this.countFailure(keys, now);
    else await this.forget(keys.account);
    return outcome;
  }

  /** Forgets an account's failures (an administrator unlocked it). */
  async forgetAccount(email: string): Promise<void> {
    await this.forget(this.accountKey(email));
  }

  private keysFor(email: string, address: string) {
    return { account: this.accountKey(email), address: `${this.prefix}:address:${digest(address)}` };
  }

  private accountKey(email: string): string {
    return `${this.prefix}:account:${digest(email.trim().toLowerCase())}`;
  }

  private secondsLeft(window: Window, now: number): number {
    const left = window.start + this.windowMs - now;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  private async read(keys: string[]): Promise<(Window | null)[]> {
    const none = keys.map(() => null);
    if (!(await this.connected())) return none;
    try {
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.hmget(key, 'count', 'start');
      const results = (await pipeline.exec()) ?? [];
      return results.map(([error, value]) => {
        const [count, start] = (value ?? []) as (string | null)[];
        return error || count == null || start == null ? null : { count: Number(count), start: Number(start) };
      });
    } catch (error) {
      this.away(error);
      return none;
    }
  }

  /**
   * Counts the failure against the account and the address. The failure that reaches a limit is
   * audited, once a window: which limit and for how long, never the email or the address.
   */
  private async countFailure(keys: { account: string; address: string }, now: number): Promise<void> {
    if (!(await this.connected())) return;
    const limits = [
      { limit: 'account', key: keys.account, most: this.env.SIGN_IN_ACCOUNT_LIMIT },
      { limit: 'address', key: keys.address, most: this.env.SIGN_IN_ADDRESS_LIMIT },
    ];
    let counted: Window[];
    try {
      counted = await Promise.all(
        limits.map(async ({ key }) => {
          const [count, start] = (await this.redis.eval(COUNT_FAILURE, 1, key, now, this.windowMs)) as [number, number];
          return { count: Number(count), start: Number(start) };
        }),
      );
    } catch (error) {
      return this.away(error);
    }
    for (const [i, { limit, most }] of limits.entries()) {
      if (counted[i].count !== most) continue;
      const retryAfterSeconds = this.secondsLeft(counted[i], now);
      await this.tenancy.asSystem(() => this.audit.record({ action: 'auth.sign-in-throttled', partnershipId: null, changes: { limit, retryAfterSeconds } }));
    }
  }

  private async forget(key: string): Promise<void> {
    if (!(await this.connected())) return;
    try {
      await this.redis.del(key);
    } catch (error) {
      this.away(error);
    }
  }

  /** Connects on first use (once, however many ask at the same time); false while Redis is away. */
  private async connected(): Promise<boolean> {
    if (this.redis.status === 'wait') this.connecting ??= this.redis.connect().catch((error: unknown) => this.away(error));
    if (this.connecting) await this.connecting;
    // Once connected, ioredis reconnects by itself after a loss: until then, fail open.
    return this.redis.status === 'ready';
  }

  private away(error: unknown): void {
    // The error's name and message only: never the keys (hashes of emails) or anything typed.
    this.logger.warn(
      { err: { type: (error as Error)?.name, message: (error as Error)?.message } },
      'Sign-in throttle unavailable: Redis did not answer, so sign-in is not throttled',
    );
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
