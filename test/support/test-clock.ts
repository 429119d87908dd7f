import { addDays } from 'date-fns';
import { Clock } from '@app/common';

/** A clock the test moves by hand, injected in place of the system clock. */
export class TestClock extends Clock {
  private instant: Date;

  constructor(iso = '2026-03-02T10:00:00Z') {
    super();
    this.instant = new Date(iso);
  }

  now(): Date {
    return new Date(this.instant);
  }

  /** Noon in London on that calendar date: far from any midnight, in winter or summer time. */
  setDate(date: string): void {
    this.instant = new Date(`${date}T12:00:00Z`);
  }

  /** An exact instant, e.g. '2026-06-03T08:00:00Z' for 09:00 in London in summer. */
  set(iso: string): void {
    this.instant = new Date(iso);
  }

  advanceDays(days: number): void {
    this.instant = addDays(this.instant, days);
  }
}
