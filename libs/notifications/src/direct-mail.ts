import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { Problem } from '@app/common';
import { Environment } from '@app/config';

export interface DirectMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** What the mail is, for the log line (never its address or content). */
  kind: string;
}

/**
 * Mail sent at once from the api, never written to the outbox: for a mail that carries a secret
 * (a link to set one's password), which must not be kept in plain text in `outbox_messages`
 * while it waits, nor resent by the worker after a newer link has replaced it. A failure is a
 * 503 `mail-not-sent`, so the caller's transaction rolls back and the person can ask again.
 */
@Injectable()
export class DirectMailService implements OnApplicationShutdown {
  private readonly logger = new Logger(DirectMailService.name);
  private transport?: Transporter;

  constructor(private readonly env: Environment) {}

  async send(mail: DirectMail): Promise<void> {
    // Made on first use: an api that sends no such mail opens no SMTP connection.
    this.transport ??= nodemailer.createTransport(this.env.SMTP_URL);
    try {
      await this.transport.sendMail({ from: this.env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    } catch (error) {
      this.logger.warn({ kind: mail.kind, reason: (error as Error).message.slice(0, 300) }, 'Mail could not be sent at once');
      throw new Problem(503, 'mail-not-sent', 'Mail not sent', 'The mail could not be sent just now. Nothing was changed: try again in a few minutes.');
    }
    this.logger.log({ kind: mail.kind }, 'Mail sent at once');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
