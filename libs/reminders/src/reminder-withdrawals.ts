import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { dateInWords } from '@app/common';
import { DEADLINE_RUNNING_SQL } from '@app/deadlines';
import { MailWithdrawals } from '@app/notifications';

/** The kinds of mail the reminder engine writes, each tied to one deadline through reminder_log. */
export const DEADLINE_MAIL_KINDS = ['reminder', 'escalation'];

interface DeadlineNow {
  logged_due_on: string;
  due_on: string;
  completed_on: string | null;
  cancelled: boolean;
  running: boolean;
}

/**
 * Why a reminder or escalation waiting in the outbox is no longer true, or null while it still is.
 * The deadline is read as it is now, by the rule the engine sends by (DEADLINE_RUNNING_SQL): one
 * completed (met, or cancelled) or whose clock a pause of its review stopped is not chased, and a
 * reminder for a due date the deadline no longer has would give the wrong date.
 */
export function withdrawalReason(kind: string, deadline: DeadlineNow): string | null {
  const mail = kind === 'escalation' ? 'this overdue notice' : 'this reminder';
  if (deadline.cancelled)
    return `The deadline was cancelled${deadline.completed_on ? ` on ${dateInWords(deadline.completed_on)}` : ''} before ${mail} could be sent.`;
  if (deadline.completed_on) {
    const met = deadline.completed_on <= deadline.due_on ? 'met' : 'completed';
    return `The deadline was ${met} on ${dateInWords(deadline.completed_on)} before ${mail} could be sent.`;
  }
  if (!deadline.running) return `The review was paused before ${mail} could be sent; the deadline's clock stands still until the review resumes.`;
  if (deadline.due_on !== deadline.logged_due_on) return `The deadline was moved to ${dateInWords(deadline.due_on)} before ${mail} could be sent.`;
  return null;
}

/** Registers, in the worker, the check a reminder or escalation passes before it is sent (libs/notifications' MailDelivery). */
@Injectable()
export class ReminderWithdrawals implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly withdrawals: MailWithdrawals,
  ) {}

  onModuleInit(): void {
    this.withdrawals.register(DEADLINE_MAIL_KINDS, (outboxId, kind) => this.check(outboxId, kind));
  }

  private async check(outboxId: string, kind: string): Promise<string | null> {
    const [row] = (await this.txHost.tx.query(
      `SELECT l.due_on AS logged_due_on, d.due_on, d.completed_on, d.cancelled, ${DEADLINE_RUNNING_SQL} AS running
       FROM reminder_log l JOIN deadline_facts d ON d.id = l.deadline_id JOIN review_facts r ON r.id = d.review_id
       WHERE l.outbox_id = $1`,
      [outboxId],
    )) as DeadlineNow[];
    // A mail the log does not tie to a deadline is sent as written.
    if (!row) return null;
    return withdrawalReason(kind, row);
  }
}
