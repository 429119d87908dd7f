import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { Environment } from '@app/config';
import { OutboxMessage } from './entities/outbox-message.entity';
import { MailWithdrawals } from './mail-withdrawals';

// A row left 'sending' this long (its worker died mid-send) may be claimed again.
const CLAIM_TIMEOUT = '5 minutes';

export type DeliveryOutcome = 'sent' | 'withdrawn' | 'not-claimed';

/** nodemailer's sign that the mail server could not be reached at all (refused, no such host, timed out connecting). */
function serverUnreachable(error: unknown): boolean {
  const { code, command } = error as { code?: string; command?: string };
  return command === 'CONN' || code === 'ECONNECTION' || code === 'EDNS';
}

/** The SMTP address to show in a log line: scheme, host and port, never a user name, password or setting. */
function shownAddress(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}

/** Mails sent at once by one worker: as many jobs in hand as pooled SMTP connections. */
export const MAIL_CONCURRENCY = 16;

/**
 * Sends one outbox row over SMTP (a pooled nodemailer transport). The row is claimed first, so
 * two workers holding the same row never both send it; the outcome is written back to the row.
 */
@Injectable()
export class MailDelivery implements OnApplicationShutdown {
  private readonly logger = new Logger(MailDelivery.name);
  private readonly transport: Transporter;
  /** Set when the mail server could not be reached, so that is said once, not on every retry; a delivery clears it. */
  private serverMissing = false;

  constructor(
    private readonly env: Environment,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly withdrawals: MailWithdrawals,
  ) {
    const url = new URL(env.SMTP_URL);
    url.searchParams.set('pool', 'true');
    if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(MAIL_CONCURRENCY));
    // nodemailer's default reconnects every 100 messages; a settings query on SMTP_URL still wins.
    if (!url.searchParams.has('maxMessages')) url.searchParams.set('maxMessages', '10000');
    this.transport = nodemailer.createTransport(url.toString());
  }

  /**
   * A mail tied to something that may stop being true (a reminder and its deadline) is checked
   * first, once claimed: if it no longer holds it is withdrawn with the reason, never sent.
   * @param finalAttempt when true a failure is recorded as final ('failed' with the reason);
   *   otherwise the row goes back to 'pending' and the error is thrown for the queue to retry.
   */
  async deliver(outboxId: string, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const claimed: OutboxMessage[] = await this.dataSource
      .query(
        `UPDATE outbox_messages SET status = 'sending', claimed_at = now(), attempts = attempts + 1
       WHERE id = $1 AND (status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}'))
       RETURNING id, to_address AS "toAddress", subject, text_body AS "textBody", html_body AS "htmlBody", attachments, kind,
                 correlation_id AS "correlationId", attempts`,
        [outboxId],
      )
      .then(([rows]: [OutboxMessage[]]) => rows);
    const row = claimed[0];
    if (!row) return 'not-claimed';
    const log = { outboxId, kind: row.kind, attempt: row.attempts, correlationId: row.correlationId };
    try {
      const withdrawnBecause = await this.withdrawals.reasonToWithdraw(row.id, row.kind);
      if (withdrawnBecause) {
        await this.dataSource.query(
          `UPDATE outbox_messages SET status = 'withdrawn', withdrawn_at = now(), withdrawn_reason = $2, last_error = NULL WHERE id = $1`,
          [outboxId, withdrawnBecause],
        );
        this.logger.log({ ...log, reason: withdrawnBecause }, 'Mail withdrawn: no longer true');
        return 'withdrawn';
      }
      await this.transport.sendMail({
        from: this.env.MAIL_FROM,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        attachments: row.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        messageId: `<${row.id}@outbox.death-reviews>`,
        headers: row.correlationId ? { 'X-Correlation-Id': row.correlationId } : {},
      });
    } catch (error) {
      const reason = (error as Error).message.slice(0, 1000);
      await this.dataSource.query(`UPDATE outbox_messages SET status = $2, last_error = $3, failed_at = CASE WHEN $2 = 'failed' THEN now() END WHERE id = $1`, [
        outboxId,
        finalAttempt ? 'failed' : 'pending',
        reason,
      ]);
      this.reportFailure(log, reason, finalAttempt, serverUnreachable(error));
      throw error;
    }
    await this.dataSource.query(`UPDATE outbox_messages SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`, [outboxId]);
    if (this.serverMissing) this.logger.log({ server: shownAddress(this.env.SMTP_URL) }, 'The mail server answers again: waiting mail is being delivered');
    this.serverMissing = false;
    this.logger.log(log, 'Mail delivered');
    return 'sent';
  }

  /**
   * A mail server that cannot be reached is said once (it fails every mail, on every retry, until
   * it is back); each retry is then logged at debug level only. A refusal by a server that answers
   * is about the mail, and is logged each time. A mail given up on is always logged.
   */
  private reportFailure(log: Record<string, unknown>, reason: string, finalAttempt: boolean, unreachable: boolean): void {
    if (unreachable && !this.serverMissing) {
      this.serverMissing = true;
      const server = shownAddress(this.env.SMTP_URL);
      this.logger.warn({ server, reason }, `No mail server at ${server}: mail waits in the outbox and is retried`);
    }
    if (finalAttempt) this.logger.warn({ ...log, reason, final: true }, 'Mail failed for good');
    else if (unreachable) this.logger.debug({ ...log, reason, final: false }, 'Mail not delivered; will retry');
    else this.logger.warn({ ...log, reason, final: false }, 'Mail not delivered; will retry');
  }

  /** Rows waiting for delivery, or stuck mid-send, that the queue may have lost. */
  async undelivered(limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM outbox_messages
       WHERE status = 'pending' OR (status = 'sending' AND claimed_at < now() - interval '${CLAIM_TIMEOUT}')
       ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Last of all: the workers have finished the mail in hand by now (see MailProcessor). */
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
