import { addCalendarDays, addCalendarMonths, CalendarDate, daysBetween } from '@app/common';

/** A statutory clock: so many calendar months, then so many days, after a date. */
export function dueDate(from: CalendarDate, clock: { months?: number; days?: number; period?: 'after' | 'beginning-with' }): CalendarDate {
  const corresponding = addCalendarMonths(from, clock.months ?? 0);
  const after = addCalendarDays(corresponding, clock.days ?? 0);
  if (clock.period !== 'beginning-with') return after;
  // The first day counts, so the period ends the day before the corresponding date; where a month
  // has no corresponding date (31 January, one month on), it ends on that month's last day.
  const noCorrespondingDate = (clock.months ?? 0) > 0 && corresponding.slice(8) !== from.slice(8);
  return noCorrespondingDate && !clock.days ? corresponding : addCalendarDays(after, -1);
}

/** How many days a pause stopped the clocks: from the day it started to the day it ended. */
export function pausedLength(startedOn: CalendarDate, resumedOn: CalendarDate): number {
  return Math.max(0, daysBetween(startedOn, resumedOn));
}

export type DeadlineStatus = 'open' | 'met' | 'missed' | 'paused' | 'cancelled';

/**
 * A deadline is cancelled when its review no longer needs it (discontinued, or decided not to go
 * ahead after all); otherwise it is met when completed on or before its due date and missed otherwise; one not yet
 * completed is missed once its due date has passed (it can no longer be met), paused while its
 * review is paused if a pause moves it (a statutory notice keeps running), and open until then. Mirrors DEADLINE_STATUS_SQL, which lists filter on.
 */
export function deadlineStatus(
  deadline: { dueOn: CalendarDate; completedOn: CalendarDate | null; cancelled?: boolean; movedByPause?: boolean },
  reviewPaused: boolean,
  today: CalendarDate,
): DeadlineStatus {
  if (deadline.cancelled) return 'cancelled';
  if (deadline.completedOn) return deadline.completedOn <= deadline.dueOn ? 'met' : 'missed';
  if (reviewPaused && deadline.movedByPause !== false) return 'paused';
  return deadline.dueOn < today ? 'missed' : 'open';
}

/** The same rule as deadlineStatus, for SQL over `deadlines d JOIN reviews r`, with :today bound. */
export const DEADLINE_STATUS_SQL = `CASE
  WHEN d.cancelled THEN 'cancelled'
  WHEN d.completed_on IS NOT NULL THEN CASE WHEN d.completed_on <= d.due_on THEN 'met' ELSE 'missed' END
  WHEN r.status = 'paused' AND d.moved_by_pause THEN 'paused'
  WHEN d.due_on < CAST(:today AS date) THEN 'missed'
  ELSE 'open' END`;

/**
 * Overdue: not completed and past its due date while the review runs (its status `open`), or while
 * it is paused for a clock no pause moves (a statutory notice keeps running). An ended review is
 * never overdue: a deadline still outstanding on it is a statutory notice (ending a review stops
 * the rest), shown as a notice outstanding instead. Mirrors DEADLINE_OVERDUE_SQL.
 */
export function deadlineOverdue(
  deadline: { dueOn: CalendarDate; completedOn: CalendarDate | null; movedByPause?: boolean },
  reviewStatus: string,
  today: CalendarDate,
): boolean {
  const running = reviewStatus === 'open' || (reviewStatus === 'paused' && deadline.movedByPause === false);
  return deadline.completedOn === null && running && deadline.dueOn < today;
}

/** Still outstanding on a review that has ended: a notice to send, or to record as not sent. Mirrors DEADLINE_NOTICE_OUTSTANDING_SQL. */
export function noticeOutstanding(deadline: { completedOn: CalendarDate | null }, reviewStatus: string): boolean {
  return deadline.completedOn === null && reviewStatus === 'closed';
}

/** Not completed, past its due date, and its clock running: the review open, or paused for a clock no pause moves. */
export const DEADLINE_OVERDUE_SQL = `(d.completed_on IS NULL AND (r.status = 'open' OR (r.status = 'paused' AND NOT d.moved_by_pause)) AND d.due_on < CAST(:today AS date))`;

/** Whether the clock runs now, for reminders: not completed, and not stopped by a pause of its review. */
export const DEADLINE_RUNNING_SQL = `(d.completed_on IS NULL AND (r.status <> 'paused' OR NOT d.moved_by_pause))`;

/** Not completed, on a review that has ended. */
export const DEADLINE_NOTICE_OUTSTANDING_SQL = `(d.completed_on IS NULL AND r.status = 'closed')`;
