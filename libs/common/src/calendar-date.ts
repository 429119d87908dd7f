import { addDays, addMonths, format, isValid, lastDayOfMonth as lastDayOfMonthOf, parseISO } from 'date-fns';

/**
 * Calendar dates (no time of day) travel through the product as ISO strings, YYYY-MM-DD, exactly
 * as Postgres `date` columns hold them. These helpers do the statutory arithmetic on them.
 */
export type CalendarDate = string;

/**
 * Each date string read before, as the whole days since 1970-01-01 it names (null: not a date).
 * Dates repeat all day long (today, the due dates of a page of deadlines), and parsing is most of
 * the cost of the arithmetic; a full cache is simply emptied.
 */
const dayNumbers = new Map<string, number | null>();
const DAY_NUMBERS_KEPT = 10_000;
const MS_PER_DAY = 86_400_000;

function dayNumberOf(value: string): number | null {
  // The pattern refuses every other shape (and is checked before the cache, so only strings of
  // ten characters are ever kept), and years outside 0001–9999: PostgreSQL has no year 0, and a
  // fifth digit is not YYYY. parseISO then refuses days a month lacks (2026-02-30).
  if (!/^(?!0000)\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  let day = dayNumbers.get(value);
  if (day === undefined) {
    const parsed = parseISO(value);
    // setUTCFullYear, not Date.UTC, which reads the years 0–99 as 1900–1999.
    day = isValid(parsed) ? new Date(0).setUTCFullYear(parsed.getFullYear(), parsed.getMonth(), parsed.getDate()) / MS_PER_DAY : null;
    if (dayNumbers.size >= DAY_NUMBERS_KEPT) dayNumbers.clear();
    dayNumbers.set(value, day);
  }
  return day;
}

export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && dayNumberOf(value) !== null;
}

function toDate(date: CalendarDate): Date {
  if (!isCalendarDate(date)) throw new RangeError(`Not a calendar date: ${date}`);
  return parseISO(date);
}

function fromDate(date: Date): CalendarDate {
  return format(date, 'yyyy-MM-dd');
}

/**
 * "N calendar months after D": the same day of the month, or the month's last day where that
 * day does not exist (31 January + 1 month = 28 or 29 February). date-fns clamps exactly so.
 */
export function addCalendarMonths(date: CalendarDate, months: number): CalendarDate {
  return fromDate(addMonths(toDate(date), months));
}

/** The last day of the month `date` falls in (2026-02-10 → 2026-02-28). */
export function lastDayOfMonth(date: CalendarDate): CalendarDate {
  return fromDate(lastDayOfMonthOf(toDate(date)));
}

export function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  return fromDate(addDays(toDate(date), days));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const [start, end] = [dayNumberOf(from), dayNumberOf(to)];
  if (start === null || end === null) throw new RangeError(`Not a calendar date: ${start === null ? from : to}`);
  // Calendar days are whole days of the proleptic Gregorian calendar: no clock change between them.
  return end - start;
}

export function yearOf(date: CalendarDate): number {
  return toDate(date).getFullYear();
}

/** "2026-03-02" → "2 March 2026", as GOV.UK writes dates: for every sentence a person reads. */
export function dateInWords(date: CalendarDate): string {
  return format(parseISO(date), 'd MMMM yyyy');
}

const INSTANT_IN_WORDS = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** An instant as a person in the UK reads it: "2 March 2026 at 10:00" (London time); '' for nothing. */
export function instantInWords(value: unknown): string {
  if (typeof value !== 'string' && !(value instanceof Date)) return '';
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? '' : INSTANT_IN_WORDS.format(instant).replace(', ', ' at ');
}
