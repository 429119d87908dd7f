import { INestApplication, Logger } from '@nestjs/common';
import { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Stops the api as a deploy, `docker stop` or Ctrl-C asks (SIGTERM, SIGINT) without failing the
 * requests under way. Nest's own signal hooks close the application's parts (the database pools
 * among them) while the HTTP server still takes requests, so a request in flight lost its
 * connection half-way and answered 500, or not at all. Here, in order:
 * 1. no new connections are taken, and idle kept-alive ones are closed;
 * 2. a request that still arrives on a kept-alive connection is served, answered with
 *    `Connection: close`, so its client goes elsewhere for the next;
 * 3. once every connection has ended, or `graceSeconds` have passed (then the rest are cut),
 *    the application closes (every shutdown hook runs) and the process exits.
 */
export function stopGracefully(app: INestApplication, graceSeconds: number): void {
  const logger = new Logger('Shutdown');
  const server = app.getHttpServer() as Server;
  let stopping = false;
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (stopping && !response.headersSent) response.setHeader('Connection', 'close');
  });

  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing the requests under way (at most ${graceSeconds} s), then stopping`);
    const ended = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const cut = setTimeout(() => {
      logger.warn(`Requests still under way after ${graceSeconds} s are cut off`);
      server.closeAllConnections();
    }, graceSeconds * 1000);
    await ended;
    clearTimeout(cut);
    await app.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stop(signal).catch((error: unknown) => {
        logger.error(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
    });
  }
}
