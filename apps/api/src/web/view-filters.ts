import { Environment } from 'nunjucks';
import { quarterInWords } from '@app/boards';
import { instantInWords, isCalendarDate } from '@app/common';

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2026-03-02" → "2 March 2026", as GOV.UK writes dates. */
export function longDate(value: unknown): string {
  if (!isCalendarDate(value)) return '';
  return LONG_DATE.format(new Date(`${value}T00:00:00Z`));
}

/** "2026-Q3" → "July to September 2026" (libs/boards says it, for the printable report too). */
export function quarterWords(value: unknown): string {
  return typeof value === 'string' ? quarterInWords(value) : '';
}

/** An instant, in London: "2 March 2026 at 10:00" (said once, in libs/common). */
export const dateTime = instantInWords;

/** "3 days left", "due today", "5 days overdue". */
export function daysLeft(days: unknown): string {
  if (typeof days !== 'number') return '';
  if (days === 0) return 'due today';
  const count = Math.abs(days);
  const unit = count === 1 ? 'day' : 'days';
  return days > 0 ? `${count} ${unit} left` : `${count} ${unit} overdue`;
}

export function addViewFilters(env: Environment): void {
  env.addFilter('longDate', longDate);
  env.addFilter('quarterWords', quarterWords);
  env.addFilter('dateTime', dateTime);
  env.addFilter('daysLeft', daysLeft);
}
