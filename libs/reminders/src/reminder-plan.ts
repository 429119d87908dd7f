import { TZDate } from '@date-fns/tz';
import { addCalendarDays, CalendarDate, STATUTORY_TIME_ZONE } from '@app/common';
import { WorkingCalendar } from './working-calendar';

export interface ReminderSettingsValue {
  /** Days before the due date a reminder goes, e.g. [28, 14, 7, 1, 0]. */
  offsetsDays: number[];
  /** Local time in Europe/London, HH:mm. */
  sendTime: string;
  /** Days between escalations once a deadline is overdue. */
  escalationEveryDays: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettingsValue = { offsetsDays: [28, 14, 7, 1, 0], sendTime: '09:00', escalationEveryDays: 7 };

export interface Occurrence {
  /** `before-7` for a reminder, `overdue-2` for the second escalation. */
  key: string;
  kind: 'reminder' | 'escalation';
  /** The calendar date it goes on, after moving off weekends and bank holidays. */
  on: CalendarDate;
  sendAt: Date;
}

function at(date: CalendarDate, time: string): Date {
  const [year, month, day] = date.split('-').map(Number);
  const [hours, minutes] = time.split(':').map(Number);
  return new Date(new TZDate(year, month - 1, day, hours, minutes, STATUTORY_TIME_ZONE).getTime());
}

/**
 * The reminders and escalations for a deadline due on `dueOn`, in time order, up to the first
 * one after `until`. A reminder that would fall on a weekend or bank holiday goes on the working
 * day before; where two land on the same day only the nearer to the due date is kept.
 * Escalations start the working day after the due date and repeat every so many days (each on
 * a working day) until the deadline is met.
 */
export function occurrences(dueOn: CalendarDate, settings: ReminderSettingsValue, calendar: WorkingCalendar, until: Date): Occurrence[] {
  const reminders = new Map<CalendarDate, Occurrence>();
  for (const offset of [...new Set(settings.offsetsDays)].sort((a, b) => b - a)) {
    const on = calendar.onOrBefore(addCalendarDays(dueOn, -offset));
    reminders.set(on, { key: `before-${offset}`, kind: 'reminder', on, sendAt: at(on, settings.sendTime) });
  }
  const planned = [...reminders.values()].sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime());
  const firstEscalation = calendar.onOrAfter(addCalendarDays(dueOn, 1));
  for (let n = 1; ; n += 1) {
    const on = calendar.onOrAfter(addCalendarDays(firstEscalation, (n - 1) * settings.escalationEveryDays));
    const occurrence: Occurrence = { key: `overdue-${n}`, kind: 'escalation', on, sendAt: at(on, settings.sendTime) };
    planned.push(occurrence);
    if (occurrence.sendAt > until) break;
  }
  return planned;
}

export interface NextStep {
  /** The one occurrence to send now: the latest whose moment has passed and was not handled. */
  sendNow?: Occurrence;
  /** The next occurrence still to come, to schedule. */
  next: Occurrence;
}

/**
 * Decides what to do for a deadline at `now`, given the latest occurrence already handled.
 * Catching up after a late start or an outage sends only the most recent missed occurrence
 * (an overdue deadline's escalation rather than five stale reminders); the rest are passed over.
 */
export function nextStep(
  dueOn: CalendarDate,
  settings: ReminderSettingsValue,
  calendar: WorkingCalendar,
  lastHandledAt: Date | null,
  now: Date,
  plan: typeof occurrences = occurrences,
): NextStep {
  // Plan past whichever is later, so a clock that reads earlier than the last send still finds one to come.
  const horizon = lastHandledAt && lastHandledAt > now ? lastHandledAt : now;
  const pending = plan(dueOn, settings, calendar, horizon).filter((o) => !lastHandledAt || o.sendAt > lastHandledAt);
  const due = pending.filter((o) => o.sendAt <= now);
  const next = pending.find((o) => o.sendAt > now);
  if (!next) throw new Error('a reminder plan always has an occurrence to come');
  return { sendNow: due[due.length - 1], next };
}

/**
 * `occurrences`, remembered: many deadlines share a due date, and a reconcile over a hundred
 * thousand of them need not work out the same plan again for each. Use one per pass.
 */
export function memoisedOccurrences(): typeof occurrences {
  const plans = new Map<string, Occurrence[]>();
  return (dueOn, settings, calendar, until) => {
    const key = `${dueOn}|${until.getTime()}|${settings.offsetsDays.join(',')}|${settings.sendTime}|${settings.escalationEveryDays}`;
    let plan = plans.get(key);
    if (!plan) plans.set(key, (plan = occurrences(dueOn, settings, calendar, until)));
    return plan;
  };
}
