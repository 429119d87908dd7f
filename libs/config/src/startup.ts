import { createServer } from 'node:net';

/**
 * A reason the product cannot start that a person can fix: its message is one plain line that
 * says what to change, printed without a stack trace.
 */
export class StartupError extends Error {}

/** A URL as it may be shown: any password is replaced by *** and the query (which may hold one) left off. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return '(a URL that cannot be read)';
  }
}

/** The line for a port another process holds, naming the setting that chooses it. */
export function portInUse(port: number, setting: string): string {
  return `Port ${port} is already in use: stop what is using it or set ${setting} to a free port.`;
}

/**
 * Checks that the app can listen on `port` (on every interface, as it will), before it touches
 * the database or Redis; port 0 (any free port) always can.
 */
export async function ensurePortFree(port: number, setting: string): Promise<void> {
  if (port === 0) return;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(portInUse(port, setting)));
      else if (error.code === 'EACCES')
        reject(new StartupError(`Port ${port} needs privileges this process does not have: set ${setting} to a port above 1023.`));
      else reject(error);
    });
    server.listen(port, () => server.close(() => resolve()));
  });
}
