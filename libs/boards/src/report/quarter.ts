import { addCalendarDays, addCalendarMonths, CalendarDate, lastDayOfMonth } from '@app/common';

/** A calendar quarter written YYYY-Qn: Q1 is January to March, Q4 October to December; years 0001 to 9999. */
export const QUARTER_PATTERN = /^(?!0000)(\d{4})-Q([1-4])$/;

export interface Quarter {
  key: string;
  startsOn: CalendarDate;
  endsOn: CalendarDate;
}

/** The quarter's first and last days; null when `key` is not written YYYY-Qn. */
export function parseQuarter(key: string): Quarter | null {
  const match = QUARTER_PATTERN.exec(key);
  if (!match) return null;
  const startsOn = `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  // The third month's last day, found within the quarter (the day after 9999-Q4 has no date).
  return { key, startsOn, endsOn: lastDayOfMonth(addCalendarMonths(startsOn, 2)) };
}

/**
 * The day the report's figures stand at: the quarter's last day once it is over, today while it
 * runs (a report mid-quarter shows where things are now, not a guess at the quarter's end).
 */
export function reportAsAt(quarter: Quarter, today: CalendarDate): CalendarDate {
  return today < quarter.endsOn ? today : quarter.endsOn;
}

/** The quarter a day falls in. */
export function quarterOf(date: CalendarDate): Quarter {
  const [year, month] = date.split('-').map(Number);
  return parseQuarter(`${year}-Q${Math.floor((month - 1) / 3) + 1}`)!;
}

/** The quarter before the one `date` falls in: the last one complete on that day. */
export function lastCompleteQuarter(date: CalendarDate): Quarter {
  return quarterOf(addCalendarDays(quarterOf(date).startsOn, -1));
}

/** The `count` quarters up to and including the one `date` falls in, newest first. */
export function quartersUpTo(date: CalendarDate, count: number): Quarter[] {
  const quarters = [quarterOf(date)];
  while (quarters.length < count) quarters.push(quarterOf(addCalendarDays(quarters[quarters.length - 1].startsOn, -1)));
  return quarters;
}

const QUARTER_MONTHS = ['January to March', 'April to June', 'July to September', 'October to December'];

/** "2026-Q3" → "July to September 2026": a quarter as a person says it (a key that is not one is given back as it is). */
export function quarterInWords(key: string): string {
  const match = QUARTER_PATTERN.exec(key);
  return match ? `${QUARTER_MONTHS[Number(match[2]) - 1]} ${match[1]}` : key;
}
