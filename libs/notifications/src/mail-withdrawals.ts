import { Injectable } from '@nestjs/common';

/**
 * Whether a mail waiting in the outbox still holds when its turn comes: the reason it no longer
 * does (plain English, naming no one), or null to send it.
 */
export type StillTrue = (outboxId: string, kind: string) => Promise<string | null>;

/**
 * The checks a mail's kind must pass at delivery time. The outbox knows nothing of deadlines: the
 * library that writes a kind of mail registers what makes it untrue (libs/reminders: its deadline
 * met, cancelled, moved or paused). A kind with no check is always sent.
 */
@Injectable()
export class MailWithdrawals {
  private readonly checks = new Map<string, StillTrue>();

  register(kinds: string[], check: StillTrue): void {
    for (const kind of kinds) this.checks.set(kind, check);
  }

  /** Why this mail should not be sent now, or null. */
  reasonToWithdraw(outboxId: string, kind: string): Promise<string | null> {
    const check = this.checks.get(kind);
    return check ? check(outboxId, kind) : Promise.resolve(null);
  }
}
