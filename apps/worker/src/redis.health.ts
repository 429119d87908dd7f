import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { Environment } from '@app/config';

/** Pings Redis, which holds the queues (and nothing that cannot be rebuilt from Postgres). */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(
    env: Environment,
    private readonly indicators: HealthIndicatorService,
  ) {
    this.redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  }

  async isHealthy(key: string) {
    const indicator = this.indicators.check(key);
    try {
      if (this.redis.status === 'wait') await this.redis.connect();
      await this.redis.ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.redis.disconnect();
  }
}
