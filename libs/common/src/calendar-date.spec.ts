import fc from 'fast-check';
import { differenceInCalendarDays, parseISO } from 'date-fns';
import { addCalendarDays, addCalendarMonths, dateInWords, daysBetween, isCalendarDate, lastDayOfMonth } from './calendar-date';
import { calendarDateIn } from './clock';

describe('calendar dates', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'], // no 31 February: the month's last day
    ['2028-01-31', 1, '2028-02-29'], // a leap year keeps 29 February
    ['2028-02-29', 12, '2029-02-28'], // 29 February a year on does not exist
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-10-31', 6, '2027-04-30'],
    ['2027-08-29', 6, '2028-02-29'],
    ['2026-12-15', 1, '2027-01-15'], // across the year end
  ])('%s plus %i calendar month(s) is %s', (from, months, expected) => {
    expect(addCalendarMonths(from, months)).toBe(expected);
  });

  it('adds days across month and year ends and over the clocks changing', () => {
    expect(addCalendarDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-28', 2)).toBe('2026-03-30'); // British Summer Time starts 29 March 2026
    expect(addCalendarDays('2026-10-24', 2)).toBe('2026-10-26'); // and ends 25 October 2026
  });

  it('counts whole days between dates, leap days included', () => {
    expect(daysBetween('2026-03-31', '2026-05-01')).toBe(31);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-05-01', '2026-03-31')).toBe(-31);
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(isCalendarDate('2026-2-3')).toBe(false);
    expect(isCalendarDate('2026-02-03T00:00:00Z')).toBe(false);
    expect(isCalendarDate(20260203)).toBe(false);
  });

  it('takes only the years 0001 to 9999', () => {
    expect(isCalendarDate('0001-01-01')).toBe(true);
    expect(isCalendarDate('9999-12-31')).toBe(true);
    expect(isCalendarDate('0000-01-01')).toBe(false);
    expect(isCalendarDate('10000-01-01')).toBe(false);
  });

  it("finds a month's last day, even in the last month there is", () => {
    expect(lastDayOfMonth('2028-02-10')).toBe('2028-02-29');
    expect(lastDayOfMonth('9999-12-01')).toBe('9999-12-31');
  });

  it('counts days as date-fns does, for any two dates of the years 0001 to 9999, asked once or again', () => {
    const day = fc.date({ min: new Date('0001-01-01T12:00:00Z'), max: new Date('9999-12-31T12:00:00Z'), noInvalidDate: true });
    const iso = (date: Date) => date.toISOString().slice(0, 10);
    fc.assert(
      fc.property(day, day, (a, b) => {
        const expected = differenceInCalendarDays(parseISO(iso(b)), parseISO(iso(a)));
        expect(daysBetween(iso(a), iso(b))).toBe(expected);
        expect(daysBetween(iso(a), iso(b))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    expect(daysBetween('0050-02-28', '0050-03-01')).toBe(1); // not read as 1950
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(RangeError);
  });

  it('takes today in Europe/London, not in UTC', () => {
    expect(calendarDateIn(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01'); // 00:30 BST
    expect(calendarDateIn(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31'); // GMT
  });

  it('turns the date over at the very millisecond midnight comes, though it reuses its answer within a second', () => {
    expect(calendarDateIn(new Date('2026-06-30T22:59:59.000Z'))).toBe('2026-06-30');
    expect(calendarDateIn(new Date('2026-06-30T22:59:59.999Z'))).toBe('2026-06-30');
    expect(calendarDateIn(new Date('2026-06-30T23:00:00.000Z'))).toBe('2026-07-01'); // midnight BST
    expect(calendarDateIn(new Date('2026-06-30T23:00:00.000Z'), 'UTC')).toBe('2026-06-30'); // another zone, the same second
    expect(calendarDateIn(new Date('2026-06-30T22:59:59.999Z'))).toBe('2026-06-30'); // and back again
  });
});

describe('dateInWords', () => {
  it('writes a calendar date as GOV.UK does', () => {
    expect(dateInWords('2026-03-02')).toBe('2 March 2026');
    expect(dateInWords('2027-12-31')).toBe('31 December 2027');
  });
});
