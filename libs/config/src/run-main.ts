import { existsSync } from 'node:fs';
import { ConfigurationError } from './environment';

/**
 * Runs an app's start-up and, if it fails, says why in words a person can act on (a bad
 * setting, a service that does not answer) before exiting with status 1.
 */
export function runMain(main: () => Promise<void>): void {
  // Settings in a .env file beside the package count as if they were in the environment
  // (the environment wins where both give one).
  if (existsSync('.env')) process.loadEnvFile('.env');
  main().catch((error: unknown) => {
    process.stderr.write(`${describe(error)}\n`);
    process.exit(1);
  });
}

function describe(error: unknown): string {
  if (error instanceof ConfigurationError) return error.message;
  const { code, address, port } = (error ?? {}) as { code?: string; address?: string; port?: number };
  if (code === 'ECONNREFUSED') {
    return `Could not start: nothing answers at ${address}:${port}. PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) must be running; node scripts/check-services.js says which is not and how to start it.`;
  }
  return (error as Error)?.stack ?? String(error);
}
