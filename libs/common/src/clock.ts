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

export function calendarDateIn(instant: Date, timeZone = STATUTORY_TIME_ZONE): string {
  return format(new TZDate(instant, timeZone), 'yyyy-MM-dd');
}
