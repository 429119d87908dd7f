import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Queue } from 'bullmq';
import { ClsService } from 'nestjs-cls';
import { AuditService } from '@app/audit';
import { Clock, ConflictProblem, CORRELATION_KEY, NotFoundProblem, Page, pageOf, REMOVED_AT_DISPOSAL } from '@app/common';
import { Environment } from '@app/config';
import { DeliverJob, JOBS, MAIL_QUEUE } from '@app/queues';
import { OutboxMessageView, OutboxQuery } from './dto/outbox.dto';
import { MailAttachment, OutboxMessage } from './entities/outbox-message.entity';

export interface NewMail {
  partnershipId: string | null;
  recipientId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  kind: string;
  reviewId?: string | null;
  correlationId?: string | null;
}

export const deliveryJobId = (outboxId: string) => `deliver.${outboxId}`;

/**
 * The outbox: mail is written as rows in the transaction of the change that causes it, and only
 * then, after commit, handed to the mail queue. A mail whose hand-over is lost (Redis down or
 * flushed) is still a pending row, and the worker's sweep queues it again.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly clock: Clock,
    private readonly env: Environment,
    private readonly audit: AuditService,
    @InjectQueue(MAIL_QUEUE) private readonly mailQueue: Queue<DeliverJob>,
  ) {}

  /** Writes the mails in the caller's transaction; returns their ids for queueDelivery. */
  async enqueue(mails: NewMail[]): Promise<string[]> {
    if (mails.length === 0) return [];
    const correlation = this.cls.isActive() ? (this.cls.get<string>(CORRELATION_KEY) ?? null) : null;
    const repository = this.txHost.tx.getRepository(OutboxMessage);
    const rows = mails.map((mail) =>
      repository.create({
        partnershipId: mail.partnershipId,
        recipientId: mail.recipientId,
        toAddress: mail.to,
        subject: mail.subject,
        textBody: mail.text,
        htmlBody: mail.html,
        attachments: mail.attachments ?? [],
        kind: mail.kind,
        reviewId: mail.reviewId ?? null,
        correlationId: mail.correlationId ?? correlation,
        status: 'pending',
        attempts: 0,
        createdAt: this.clock.now(),
      }),
    );
    await repository.insert(rows);
    return rows.map((row) => row.id);
  }

  /**
   * Withdraws mails not yet sent, in the caller's transaction, with the reason (plain English,
   * naming no one): they are never delivered, and the outbox shows them as withdrawn. Used for
   * the mails history brought in from a partnership's records would otherwise send now.
   */
  async withdraw(outboxIds: string[], reason: string): Promise<void> {
    if (outboxIds.length === 0) return;
    await this.txHost.tx.query(
      `UPDATE outbox_messages SET status = 'withdrawn', withdrawn_at = $3, withdrawn_reason = $2 WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [outboxIds, reason, this.clock.now()],
    );
  }

  /** After commit: queue delivery. A failure here loses nothing; the sweep will find the rows. */
  async queueDelivery(outboxIds: string[]): Promise<void> {
    if (outboxIds.length === 0) return;
    try {
      await this.mailQueue.addBulk(outboxIds.map((outboxId) => ({ name: JOBS.deliver, data: { outboxId }, opts: this.deliveryOptions(outboxId) })));
    } catch (error) {
      this.logger.warn({ err: error, count: outboxIds.length }, 'Could not queue mail delivery now; the outbox sweep will');
    }
  }

  deliveryOptions(outboxId: string) {
    return {
      jobId: deliveryJobId(outboxId),
      attempts: this.env.MAIL_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.env.MAIL_RETRY_BASE_MS },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /**
   * Disposal (libs/retention): the content of every mail about the review (its subject, bodies
   * and calendar attachment name the review and the victim's pseudonym) is removed in the
   * caller's transaction; who it went to, when and its status stay. A mail not yet sent is given
   * up. Returns how many mails were emptied.
   */
  async disposeForReview(reviewId: string): Promise<number> {
    const [, count] = (await this.txHost.tx.query(
      `UPDATE outbox_messages SET subject = $2, text_body = $2, html_body = $2, attachments = '[]'::jsonb,
         status = CASE WHEN status IN ('pending', 'sending') THEN 'failed' ELSE status END,
         failed_at = CASE WHEN status IN ('pending', 'sending') THEN $3 ELSE failed_at END,
         last_error = CASE WHEN status IN ('pending', 'sending') THEN 'The review''s records were disposed of before this mail was sent.' ELSE last_error END
       WHERE review_id = $1`,
      [reviewId, REMOVED_AT_DISPOSAL, this.clock.now()],
    )) as [unknown, number];
    return count;
  }

  async list(partnershipId: string, query: OutboxQuery): Promise<Page<OutboxMessageView>> {
    const [rows, total] = await this.txHost.tx.getRepository(OutboxMessage).findAndCount({
      where: { partnershipId, ...(query.status ? { status: query.status } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return pageOf(rows.map(view), total, query);
  }

  /** Puts a mail that failed for good back in line, with a fresh set of attempts; the audit entry commits with it. */
  async retry(partnershipId: string, id: string): Promise<OutboxMessageView> {
    const row = await this.txHost.withTransaction(async () => {
      const repository = this.txHost.tx.getRepository(OutboxMessage);
      const found = await repository.findOne({ where: { id, partnershipId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundProblem('No mail with that id.');
      if (found.status !== 'failed') throw new ConflictProblem(`Only a failed mail can be retried; this one is ${found.status}.`, { mailStatus: found.status });
      await repository.update({ id }, { status: 'pending', attempts: 0, lastError: null, failedAt: null });
      // The mail's id and kind only: its subject and address stay in the outbox.
      await this.audit.record({
        action: 'mail.retried',
        partnershipId,
        reviewId: found.reviewId,
        changes: { outboxId: id, kind: found.kind, before: { status: 'failed', attempts: found.attempts } },
      });
      return found;
    });
    const stale = await this.mailQueue.getJob(deliveryJobId(id));
    if (stale) await stale.remove();
    await this.queueDelivery([id]);
    return view({ ...row, status: 'pending', attempts: 0, lastError: null, failedAt: null });
  }
}

function view(row: OutboxMessage): OutboxMessageView {
  return {
    id: row.id,
    kind: row.kind,
    recipientId: row.recipientId,
    to: row.toAddress,
    subject: row.subject,
    reviewId: row.reviewId,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    failedAt: row.failedAt?.toISOString() ?? null,
    withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
    withdrawnReason: row.withdrawnReason,
  };
}
