import { Injectable } from '@nestjs/common';
import { connect, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { Environment } from '@app/config';
import { ClamdAddress, clamdAddress, ClamdReplyError, InstreamFramer, parseScanReply } from './clamd-protocol';

/**
 * A scan's outcome. `not-scanned`: no clamd is configured (CLAMD_URL / CLAMD_SOCKET unset), so
 * nothing was checked. `engine` is clamd's VERSION line (engine/signature database/date) when
 * clamd gave it.
 */
export interface ScanResult {
  status: 'clean' | 'infected' | 'not-scanned';
  /** The signature clamd found, for `infected`. */
  signature?: string;
  /** When clamd gave its verdict; absent for `not-scanned`. */
  scannedAt?: Date;
  engine?: string;
}

/**
 * clamd gave no verdict. The thing scanned has none: keep it pending and try again later.
 * - `unavailable`: clamd could not be reached (refused, no such host or socket);
 * - `timeout`: nothing was sent or received for CLAMD_TIMEOUT_MS;
 * - `refused`: clamd answered with an error instead of a verdict, in its own words (e.g.
 *   `INSTREAM size limit exceeded. ERROR`: the stream is longer than its StreamMaxLength);
 * - `interrupted`: the connection dropped before clamd answered (clamd stopped, or it cut off a
 *   stream over StreamMaxLength and its answer was lost with the connection).
 */
export class VirusScanError extends Error {
  constructor(
    message: string,
    readonly reason: 'unavailable' | 'timeout' | 'refused' | 'interrupted',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'VirusScanError';
  }
}

/** Scans byte streams with clamd's INSTREAM command, over TCP or a unix socket. */
@Injectable()
export class VirusScanner {
  private readonly address: ClamdAddress | undefined;
  private readonly timeoutMs: number;

  constructor(env: Environment) {
    this.address = clamdAddress(env);
    this.timeoutMs = env.CLAMD_TIMEOUT_MS;
  }

  /** Whether a clamd is configured; without one every scan is `not-scanned`. */
  get configured(): boolean {
    return this.address !== undefined;
  }

  /** Where clamd is, for messages: `tcp://host:port` or the socket path. */
  get describe(): string {
    const address = this.address;
    if (!address) return 'not configured';
    return 'path' in address ? address.path : `tcp://${address.host}:${address.port}`;
  }

  /**
   * Streams `stream` to clamd and returns its verdict. Throws VirusScanError when clamd gives none
   * (the caller keeps the thing pending and retries); an error of the stream itself is rethrown as
   * it is. Without a configured clamd: `not-scanned`, and the stream is left unread.
   */
  async scan(stream: Readable): Promise<ScanResult> {
    if (!this.address) return { status: 'not-scanned' };
    const framer = new InstreamFramer();
    // Listened for from the start, so a stream failing while clamd is being reached is caught too.
    let sourceError: Error | undefined;
    let connection: Socket | undefined;
    const onSourceError = (error: Error) => {
      sourceError ??= error;
      connection?.destroy(new SourceError(error));
    };
    stream.on('error', onSourceError);
    let reply: string;
    try {
      reply = await this.exchange((socket) => {
        connection = socket;
        if (sourceError) return void socket.destroy(new SourceError(sourceError));
        stream.pipe(framer).pipe(socket, { end: false });
      });
    } finally {
      // clamd may answer before the stream ends (an error): the rest is not ours to read.
      stream.unpipe(framer);
      stream.off('error', onSourceError);
    }
    let verdict;
    try {
      verdict = parseScanReply(reply);
    } catch (error) {
      throw new VirusScanError((error as ClamdReplyError).message, 'refused', { cause: error });
    }
    const scannedAt = new Date();
    const engine = await this.version().catch(() => undefined);
    return { ...verdict, scannedAt, ...(engine ? { engine } : {}) };
  }

  /** PING → PONG; throws VirusScanError otherwise. Without a configured clamd: false. */
  async ping(): Promise<boolean> {
    if (!this.address) return false;
    const reply = await this.exchange((socket) => socket.write('zPING\0'));
    if (reply !== 'PONG') throw new VirusScanError(`clamd answered PING with ${JSON.stringify(reply)}`, 'refused');
    return true;
  }

  /** clamd's VERSION line, e.g. `ClamAV 1.4.6/27470/Thu Nov 26 09:32:06 2026`. */
  async version(): Promise<string | undefined> {
    if (!this.address) return undefined;
    return this.exchange((socket) => socket.write('zVERSION\0'));
  }

  /**
   * One command on a connection of its own: connects, lets `send` write, and resolves with the
   * reply up to its closing NUL. The timeout is of inactivity (nothing sent or received for that
   * long), so a large stream is not cut short while it flows.
   */
  private exchange(send: (socket: Socket) => void): Promise<string> {
    const address = this.address!;
    const where = this.describe;
    return new Promise<string>((resolve, reject) => {
      const socket = connect(address);
      const received: Buffer[] = [];
      let settled = false;
      const finish = (error: Error | undefined, reply?: string) => {
        if (settled) return;
        settled = true;
        socket.destroy();
        if (error) reject(error);
        else resolve(reply!);
      };
      const replyOrUndefined = () => {
        const text = Buffer.concat(received).toString('utf8');
        return text.length > 0 ? text.replace(/\0[\s\S]*$/, '').trim() : undefined;
      };
      socket.setTimeout(this.timeoutMs);
      let connected = false;
      socket.on('connect', () => {
        connected = true;
        send(socket);
      });
      socket.on('data', (data: Buffer) => {
        received.push(data);
        if (data.includes(0)) finish(undefined, replyOrUndefined());
      });
      socket.on('timeout', () => finish(new VirusScanError(`clamd at ${where} did not answer within ${this.timeoutMs} ms`, 'timeout')));
      const dropped = (detail: string, cause?: Error) =>
        new VirusScanError(
          `clamd at ${where} dropped the connection after ${socket.bytesWritten} bytes were sent, before answering (${detail}); a stream longer than clamd's StreamMaxLength is cut off like this`,
          'interrupted',
          { cause },
        );
      socket.on('error', (error: Error) => {
        if (error instanceof SourceError) return finish(error.cause as Error);
        // clamd may answer (e.g. "size limit exceeded") and close while the stream is still being sent.
        const reply = replyOrUndefined();
        if (reply !== undefined) return finish(undefined, reply);
        if (!connected) {
          return finish(new VirusScanError(`clamd at ${where} is unreachable: ${error.message}`, 'unavailable', { cause: error }));
        }
        finish(dropped(error.message, error));
      });
      socket.on('close', () => {
        const reply = replyOrUndefined();
        if (reply !== undefined) finish(undefined, reply);
        else finish(dropped('closed'));
      });
    });
  }
}

/** The stream being scanned failed: its own error, not clamd's. */
class SourceError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}
