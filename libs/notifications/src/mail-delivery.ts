import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { Environment } from '@app/config';
import { OutboxMessage } from './entities/outbox-message.entity';

// A row left 'sending' this long (its worker died mid-send) may be claimed again.
const CLAIM_TIMEOUT = '5 minutes';

export type DeliveryOutcome = 'sent' | 'not-claimed';

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

  constructor(
    private readonly env: Environment,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const url = new URL(env.SMTP_URL);
    url.searchParams.set('pool', 'true');
    if (!url.searchParams.has('maxConnections')) url.searchParams.set('maxConnections', String(MAIL_CONCURRENCY));
    // nodemailer's default reconnects every 100 messages; a settings query on SMTP_URL still wins.
    if (!url.searchParams.has('maxMessages')) url.searchParams.set('maxMessages', '10000');
    this.transport = nodemailer.createTransport(url.toString());
  }

  /**
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
      this.logger.warn({ ...log, reason, final: finalAttempt }, finalAttempt ? 'Mail failed for good' : 'Mail not delivered; will retry');
      throw error;
    }
    await this.dataSource.query(`UPDATE outbox_messages SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`, [outboxId]);
    this.logger.log(log, 'Mail delivered');
    return 'sent';
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
