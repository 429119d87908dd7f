import { existsSync } from 'node:fs';
import { ConfigurationError } from './environment';
import { portInUse, StartupError } from './startup';

/**
 * Runs an app's start-up and, if it fails for a reason a person can fix (a bad setting, a port
 * in use, a service that does not answer), says what to change in one plain line, without a
 * stack trace, and exits with status 1. Anything else is a fault in the product: its stack is shown.
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
  if (error instanceof ConfigurationError || error instanceof StartupError) return error.message;
  const { code, address, port } = (error ?? {}) as { code?: string; address?: string; port?: number };
  // A port taken between the check and the listen.
  if (code === 'EADDRINUSE' && port !== undefined) return portInUse(port, 'PORT or WORKER_PORT');
  if (code === 'ECONNREFUSED') {
    return `Could not start: nothing answers at ${address}:${port}. PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) must be running; node scripts/check-services.js says which is not and how to start it.`;
  }
  return (error as Error)?.stack ?? String(error);
}
