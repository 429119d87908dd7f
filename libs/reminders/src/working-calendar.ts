import { parseISO } from 'date-fns';
import Holidays from 'date-holidays';
import { addCalendarDays, CalendarDate } from '@app/common';

/**
 * Working days in England and Wales: Monday to Friday, less the bank holidays (substitute days
 * included) as the date-holidays library keeps them.
 */
export class WorkingCalendar {
  private readonly holidays = new Holidays('GB', 'ENG');
  private readonly bankHolidays = new Map<number, Set<CalendarDate>>();

  isWorkingDay(date: CalendarDate): boolean {
    const weekday = parseISO(date).getDay();
    return weekday !== 0 && weekday !== 6 && !this.bankHolidaysOf(Number(date.slice(0, 4))).has(date);
  }

  /** The date itself if it is a working day, else the working day before it. */
  onOrBefore(date: CalendarDate): CalendarDate {
    let day = date;
    while (!this.isWorkingDay(day)) day = addCalendarDays(day, -1);
    return day;
  }

  /** The date itself if it is a working day, else the working day after it. */
  onOrAfter(date: CalendarDate): CalendarDate {
    let day = date;
    while (!this.isWorkingDay(day)) day = addCalendarDays(day, 1);
    return day;
  }

  private bankHolidaysOf(year: number): Set<CalendarDate> {
    let days = this.bankHolidays.get(year);
    if (!days) {
      days = new Set(
        this.holidays
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      this.bankHolidays.set(year, days);
    }
    return days;
  }
}
