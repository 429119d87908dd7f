import Redis from 'ioredis';
import { redactUrl, StartupError } from '@app/config';
import { redisOptions } from './queues';

/**
 * Checks, before start-up builds its queues, that Redis answers at REDIS_URL (BullMQ would
 * otherwise retry for ever, quietly); if not, a StartupError says what to change.
 */
export async function ensureRedisReachable(url: string, timeoutMs = 10000): Promise<void> {
  const redis = new Redis({
    ...redisOptions(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/NOAUTH|WRONGPASS|invalid password|invalid username/i.test(message)) {
      throw new StartupError(`Redis at ${redactUrl(url)} refused its user or password: correct them in REDIS_URL.`);
    }
    throw new StartupError(`Cannot reach Redis at ${redactUrl(url)}: start Redis or set REDIS_URL.`);
  } finally {
    redis.disconnect();
  }
}
