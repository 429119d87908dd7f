import { Injectable } from '@nestjs/common';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** Statutory dates are calendar dates in this zone (DOMAIN.md, "Clocks"). */
export const STATUTORY_TIME_ZONE = 'Europe/London';

/**
 * The source of "now" for the whole product. Injected everywhere so that tests can move time
 * without touching globals.
 */
export abstract class Clock {
  abstract now(): Date;

  /** Today's calendar date in Europe/London, as YYYY-MM-DD. */
  today(): string {
    return calendarDateIn(this.now());
  }
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** The last answer, for the same second and zone: "today" is asked on nearly every request. */
let lastAnswer = { second: NaN, timeZone: '', date: '' };

/**
 * The calendar date an instant falls on in a time zone. Every zone's offset is whole seconds, so
 * the date cannot change within a second and the last answer is reused for the rest of it.
 */
export function calendarDateIn(instant: Date, timeZone = STATUTORY_TIME_ZONE): string {
  const second = Math.floor(instant.getTime() / 1000);
  if (second === lastAnswer.second && timeZone === lastAnswer.timeZone) return lastAnswer.date;
  const date = format(new TZDate(instant, timeZone), 'yyyy-MM-dd');
  lastAnswer = { second, timeZone, date };
  return date;
}
