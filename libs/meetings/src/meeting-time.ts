import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { STATUTORY_TIME_ZONE } from '@app/common';

/** A time of day on the 24-hour clock, HH:MM. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The instant a date and time of day in Europe/London name (summer time or not). */
export function londonInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(new TZDate(y, m - 1, d, hh, mm, STATUTORY_TIME_ZONE).getTime());
}

const inLondon = (instant: Date) => new TZDate(instant, STATUTORY_TIME_ZONE);

/** The calendar date in London, YYYY-MM-DD. */
export const londonDate = (instant: Date): string => format(inLondon(instant), 'yyyy-MM-dd');
/** The time of day in London, HH:MM. */
export const londonTime = (instant: Date): string => format(inLondon(instant), 'HH:mm');
/** "Thursday 14 January 2027, 10:00am to 12:00pm". */
export function whenInWords(startsAt: Date, endsAt: Date): string {
  const time = (i: Date) => format(inLondon(i), 'h:mmaaa');
  const day = (i: Date) => format(inLondon(i), 'EEEE d MMMM yyyy');
  return day(startsAt) === day(endsAt)
    ? `${day(startsAt)}, ${time(startsAt)} to ${time(endsAt)}`
    : `${day(startsAt)}, ${time(startsAt)} to ${day(endsAt)}, ${time(endsAt)}`;
}
