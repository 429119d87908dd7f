import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Queue } from 'bullmq';
import { Clock } from '@app/common';
import { Environment } from '@app/config';
import { DEADLINE_RUNNING_SQL } from '@app/deadlines';
import { OutboxService } from '@app/notifications';
import { JOBS, REMINDERS_QUEUE, RemindJob } from '@app/queues';
import { RulesetsService } from '@app/rulesets';
import { resolveRecipients } from './recipients';
import { reminderMail } from './reminder-mail';
import { memoisedOccurrences, nextStep, Occurrence, ReminderSettingsValue } from './reminder-plan';
import { ReminderSettingsService } from './reminder-settings.service';
import { WorkingCalendar } from './working-calendar';

/** What the engine needs to know of one outstanding deadline (read straight from the tables). */
interface DeadlineRow {
  id: string;
  key: string;
  label: string;
  due_on: string;
  completed_on: string | null;
  moved_by_pause: boolean;
  review_id: string;
  reference: string;
  review_status: string;
  victim_pseudonym: string;
  chair_user_id: string | null;
  partnership_id: string;
  ruleset_key: string;
  last_handled_at: Date | null;
  scheduled_job_id: string | null;
}

const DEADLINE_SQL = `
  SELECT d.id, d.key, d.label, d.due_on, d.completed_on, d.moved_by_pause, r.id AS review_id, r.reference, r.status AS review_status,
         dth.victim_pseudonym, r.chair_user_id, r.partnership_id, r.ruleset_key,
         (SELECT max(l.planned_at) FROM reminder_log l WHERE l.deadline_id = d.id AND l.due_on = d.due_on) AS last_handled_at,
         s.job_id AS scheduled_job_id
  FROM deadline_facts d JOIN review_facts r ON r.id = d.review_id JOIN death_facts dth ON dth.id = r.death_id LEFT JOIN reminder_schedule s ON s.deadline_id = d.id`;

const BATCH = 1000;
const LOCK_NAMESPACE = 7402164;

export const reminderJobId = (deadlineId: string, dueOn: string, occurrence: string) => `remind.${deadlineId}.${dueOn}.${occurrence}`;

export interface ReconcileResult {
  deadlines: number;
  added: number;
  removed: number;
  promoted: number;
}

/**
 * Keeps reminders in step with the deadlines in PostgreSQL. Redis holds only timers: each
 * outstanding deadline has one delayed job for its next occurrence, and when a job fires the
 * engine works out afresh what is due. What was sent is recorded in `reminder_log` under a unique
 * (deadline, due date, occurrence, recipient) key in the same transaction as the outbox rows, so
 * a timer that fires twice, two workers, or a Redis that forgot everything never send twice.
 */
@Injectable()
export class ReminderEngine {
  private readonly logger = new Logger(ReminderEngine.name);
  private readonly calendar = new WorkingCalendar();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly env: Environment,
    private readonly settings: ReminderSettingsService,
    private readonly rulesets: RulesetsService,
    private readonly outbox: OutboxService,
    @InjectQueue(REMINDERS_QUEUE) private readonly queue: Queue<RemindJob>,
  ) {}

  /** Sends what is due now for one deadline (once), and sets its timer for the next occurrence. */
  async syncDeadline(deadlineId: string, runningJobId?: string): Promise<void> {
    const outcome = await this.txHost.withTransaction(async () => {
      const tx = this.txHost.tx;
      await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, deadlineId]);
      const [row] = (await tx.query(`${DEADLINE_SQL} WHERE d.id = $1`, [deadlineId])) as DeadlineRow[];
      if (!row || row.completed_on || (row.review_status === 'paused' && row.moved_by_pause)) {
        // Met, cancelled or stopped by a pause: nothing more is sent; the timer goes. A statutory notice is chased through a pause.
        await tx.query('DELETE FROM reminder_schedule WHERE deadline_id = $1', [deadlineId]);
        return { outboxIds: [] as string[], previousJobId: row?.scheduled_job_id ?? null, next: null };
      }
      const step = nextStep(row.due_on, await this.settings.get(row.partnership_id), this.calendar, row.last_handled_at, this.clock.now());
      const outboxIds = step.sendNow ? await this.send(row, step.sendNow) : [];
      const next = { jobId: reminderJobId(row.id, row.due_on, step.next.key), sendAt: step.next.sendAt };
      await tx.query(
        `INSERT INTO reminder_schedule (deadline_id, job_id, send_at) VALUES ($1, $2, $3)
         ON CONFLICT (deadline_id) DO UPDATE SET job_id = EXCLUDED.job_id, send_at = EXCLUDED.send_at`,
        [row.id, next.jobId, next.sendAt],
      );
      return { outboxIds, previousJobId: row.scheduled_job_id, next };
    });
    await this.outbox.queueDelivery(outcome.outboxIds);
    if (outcome.previousJobId && outcome.previousJobId !== outcome.next?.jobId && outcome.previousJobId !== runningJobId) {
      await this.queue.remove(outcome.previousJobId).catch(() => undefined);
    }
    if (outcome.next) await this.setTimer(deadlineId, outcome.next.jobId, outcome.next.sendAt);
  }

  async syncReview(reviewId: string): Promise<void> {
    const deadlines: { id: string }[] = await this.txHost.tx.query('SELECT id FROM deadline_facts WHERE review_id = $1 ORDER BY created_at', [reviewId]);
    for (const { id } of deadlines) await this.syncDeadline(id);
  }

  /**
   * Brings Redis in line with PostgreSQL: every outstanding deadline of a running review gets the
   * timer it should have (one already due fires at once), and timers nobody should have go.
   */
  async reconcile(): Promise<ReconcileResult> {
    const now = this.clock.now();
    const rows: DeadlineRow[] = await this.txHost.tx.query(`${DEADLINE_SQL} WHERE ${DEADLINE_RUNNING_SQL}`);
    const settingsByPartnership = new Map<string, ReminderSettingsValue>();
    const desired = new Map<string, { deadlineId: string; sendAt: Date }>();
    const plan = memoisedOccurrences();
    for (const row of rows) {
      let settings = settingsByPartnership.get(row.partnership_id);
      if (!settings) settingsByPartnership.set(row.partnership_id, (settings = await this.settings.get(row.partnership_id)));
      const step = nextStep(row.due_on, settings, this.calendar, row.last_handled_at, now, plan);
      const occurrence = step.sendNow ?? step.next;
      desired.set(reminderJobId(row.id, row.due_on, occurrence.key), { deadlineId: row.id, sendAt: occurrence.sendAt });
    }

    const existing = await this.queuedReminderIds();
    const toAdd = [...desired].filter(([jobId]) => !existing.delayed.has(jobId) && !existing.waiting.has(jobId));
    for (let i = 0; i < toAdd.length; i += BATCH) {
      await this.queue.addBulk(
        toAdd
          .slice(i, i + BATCH)
          .map(([jobId, { deadlineId, sendAt }]) => ({ name: JOBS.remind, data: { deadlineId }, opts: this.timerOptions(jobId, sendAt, now) })),
      );
    }
    // A timer set under an earlier idea of "now" whose moment has come fires at once.
    const due = [...desired].filter(([jobId, { sendAt }]) => existing.delayed.has(jobId) && sendAt <= now);
    for (const [jobId] of due) await (await this.queue.getJob(jobId))?.promote().catch(() => undefined);
    const stale = [...existing.delayed, ...existing.waiting].filter((jobId) => !desired.has(jobId));
    for (const jobId of stale) await this.queue.remove(jobId).catch(() => undefined);

    await this.txHost.withTransaction(async () => {
      const tx = this.txHost.tx;
      await tx.query(`DELETE FROM reminder_schedule s WHERE NOT (s.job_id = ANY($1::text[]))`, [[...desired.keys()]]);
      const entries = [...desired];
      for (let i = 0; i < entries.length; i += BATCH * 10) {
        const slice = entries.slice(i, i + BATCH * 10);
        await tx.query(
          `INSERT INTO reminder_schedule (deadline_id, job_id, send_at)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[])
           ON CONFLICT (deadline_id) DO UPDATE SET job_id = EXCLUDED.job_id, send_at = EXCLUDED.send_at`,
          [slice.map(([, v]) => v.deadlineId), slice.map(([k]) => k), slice.map(([, v]) => v.sendAt)],
        );
      }
    });
    const result = { deadlines: rows.length, added: toAdd.length, removed: stale.length, promoted: due.length };
    this.logger.log(result, 'Reminders reconciled');
    return result;
  }

  private async send(row: DeadlineRow, occurrence: Occurrence): Promise<string[]> {
    const tx = this.txHost.tx;
    const ruleset = await this.rulesets.get(row.ruleset_key);
    const escalation = occurrence.kind === 'escalation';
    const recipients = await resolveRecipients(
      tx,
      ruleset,
      { partnershipId: row.partnership_id, reviewId: row.review_id, chairUserId: row.chair_user_id, deadlineKey: row.key },
      escalation,
    );
    const today = this.clock.today();
    const handledAt = this.clock.now();
    const outboxIds: string[] = [];
    if (recipients.length === 0) {
      await tx.query(
        `INSERT INTO reminder_log (deadline_id, due_on, occurrence, recipient_id, planned_at, handled_at) VALUES ($1, $2, $3, NULL, $4, $5) ON CONFLICT DO NOTHING`,
        [row.id, row.due_on, occurrence.key, occurrence.sendAt, handledAt],
      );
      this.logger.warn({ deadlineId: row.id, occurrence: occurrence.key }, 'Nobody to remind for this deadline');
      return outboxIds;
    }
    for (const recipient of recipients) {
      const [logged] = (await tx.query(
        `INSERT INTO reminder_log (deadline_id, due_on, occurrence, recipient_id, planned_at, handled_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING RETURNING id`,
        [row.id, row.due_on, occurrence.key, recipient.userId, occurrence.sendAt, handledAt],
      )) as { id: number }[];
      if (!logged) continue; // this person already has this one
      const mail = reminderMail(
        {
          reviewId: row.review_id,
          reference: row.reference,
          pseudonym: row.victim_pseudonym,
          deadlineId: row.id,
          deadlineLabel: row.label,
          dueOn: row.due_on,
          today,
          as: recipient.as,
          link: `${this.env.PUBLIC_URL.replace(/\/$/, '')}/reviews/${row.review_id}`,
        },
        occurrence,
      );
      const [outboxId] = await this.outbox.enqueue([
        // The correlation id comes from the job's context: the api request whose change set this off, or the timer's job id.
        { partnershipId: row.partnership_id, recipientId: recipient.userId, to: recipient.email, ...mail, kind: occurrence.kind, reviewId: row.review_id },
      ]);
      await tx.query('UPDATE reminder_log SET outbox_id = $2 WHERE id = $1', [logged.id, outboxId]);
      outboxIds.push(outboxId);
    }
    this.logger.log({ deadlineId: row.id, reviewId: row.review_id, occurrence: occurrence.key, mails: outboxIds.length }, 'Reminder written to the outbox');
    return outboxIds;
  }

  private timerOptions(jobId: string, sendAt: Date, now: Date) {
    return {
      jobId,
      delay: Math.max(0, sendAt.getTime() - now.getTime()),
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
    };
  }

  private async setTimer(deadlineId: string, jobId: string, sendAt: Date): Promise<void> {
    try {
      await this.queue.add(JOBS.remind, { deadlineId }, this.timerOptions(jobId, sendAt, this.clock.now()));
    } catch (error) {
      this.logger.warn({ err: error, deadlineId }, 'Could not set a reminder timer now; the next reconcile will');
    }
  }

  /** Ids of the reminder timers in Redis, read from BullMQ's own sets without loading each job. */
  private async queuedReminderIds(): Promise<{ delayed: Set<string>; waiting: Set<string> }> {
    const client = await this.queue.client;
    const keys = this.queue.keys;
    const [delayed, waiting, prioritized, paused] = await Promise.all([
      client.zrange(keys.delayed, 0, -1),
      client.lrange(keys.wait, 0, -1),
      client.zrange(keys.prioritized, 0, -1),
      client.lrange(keys.paused, 0, -1),
    ]);
    const reminders = (ids: string[]) => new Set(ids.filter((id) => id.startsWith('remind.')));
    return { delayed: reminders(delayed), waiting: reminders([...waiting, ...prioritized, ...paused]) };
  }
}
