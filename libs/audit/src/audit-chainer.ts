import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Pool } from 'pg';
import { Environment } from '@app/config';
import { SYSTEM_ROLE } from '@app/database';
import { journalChainer } from './audit-journal';

/** Journal entries chained in one transaction at most. */
const CHAIN_BATCH = 2000;
/** How often each app also chains what a stopped process left in the journal. */
const SWEEP_EVERY_MS = 5000;

/**
 * Moves committed entries from the audit journal into the hash chain, in batches: one lock, one
 * transaction and one flush to disk for every entry committed since the last batch, however many
 * requests wrote them. A request that wrote entries waits (`flush`) until a batch that began
 * after its commit has finished, so its entries are in the chain before it answers.
 *
 * It has a connection of its own, as the system role: it is called when a transaction commits,
 * while that transaction's pooled connection is still held, and must never wait on the pool.
 */
@Injectable()
export class AuditChainer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditChainer.name);
  private readonly pool: Pool;
  private sweeper?: NodeJS.Timeout;

  constructor(env: Environment) {
    this.pool = new Pool({ connectionString: env.DATABASE_URL, max: 1, options: `-c role=${SYSTEM_ROLE}` });
    // An idle connection the server dropped is replaced at the next use; it must not crash the app.
    this.pool.on('error', (error) => this.logger.warn(`Audit chainer connection lost: ${error.message}`));
  }

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(
      () => void this.flush().catch((error: Error) => this.logger.warn(`Chaining audit entries failed, will retry: ${error.message}`)),
      SWEEP_EVERY_MS,
    );
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await this.flush().catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Resolves once every journal entry committed before the call is in the chain. Calls while a
   * batch runs share the one run that starts when it ends.
   */
  readonly flush = journalChainer(() => this.pool.connect(), CHAIN_BATCH);
}
