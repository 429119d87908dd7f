import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server in the test process. It can be told to refuse mail (451, try later) to
 * play a mail server that is down, and keeps every message it accepted, parsed.
 */
export class SmtpSink {
  readonly messages: ParsedMail[] = [];
  refusing = false;
  /** Holds each message this long before answering, like a slow mail server. */
  delayMs = 0;
  refusals = 0;
  private server: SMTPServer;

  /**
   * @param port a fixed port, to play a mail server that comes back where it was (0: any free one)
   * @param closeTimeoutMs how long stop() lets a client's open connection (nodemailer's pool keeps
   *   them) linger before closing it; smtp-server's default is 30 seconds
   */
  static async start({ port = 0, closeTimeoutMs }: { port?: number; closeTimeoutMs?: number } = {}): Promise<SmtpSink> {
    const sink = new SmtpSink();
    sink.server = new SMTPServer({
      ...(closeTimeoutMs === undefined ? {} : { closeTimeout: closeTimeoutMs }),
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          if (sink.delayMs) await new Promise((resolve) => setTimeout(resolve, sink.delayMs));
          if (sink.refusing) {
            sink.refusals += 1;
            const error = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
            error.responseCode = 451;
            return callback(error);
          }
          sink.messages.push(await simpleParser(Buffer.concat(chunks)));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => sink.server.listen(port, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  to(address: string): ParsedMail[] {
    return this.messages.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address)));
  }

  clear(): void {
    this.messages.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
