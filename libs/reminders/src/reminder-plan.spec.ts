import { nextStep, occurrences, DEFAULT_REMINDER_SETTINGS as settings } from './reminder-plan';
import { WorkingCalendar } from './working-calendar';

const calendar = new WorkingCalendar();
const london = (date: string, time = '09:00') => new Date(`${date}T${time}:00${date >= '2026-03-29' && date < '2026-10-25' ? '+01:00' : 'Z'}`);
const plan = (dueOn: string, until = '2026-12-31') => occurrences(dueOn, settings, calendar, new Date(`${until}T23:00:00Z`));

describe('working days in England and Wales', () => {
  it('knows weekends and bank holidays, substitute days included', () => {
    expect(calendar.isWorkingDay('2026-04-02')).toBe(true); // Thursday before Easter
    expect(calendar.isWorkingDay('2026-04-03')).toBe(false); // Good Friday
    expect(calendar.isWorkingDay('2026-04-06')).toBe(false); // Easter Monday
    expect(calendar.isWorkingDay('2026-12-28')).toBe(false); // Boxing Day substitute
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.onOrBefore('2026-04-06')).toBe('2026-04-02');
    expect(calendar.onOrAfter('2026-12-25')).toBe('2026-12-29');
  });
});

describe('a reminder plan', () => {
  it('sends 28, 14, 7, 1 and 0 days before at 09:00 London time', () => {
    // Due Wednesday 17 June 2026: none of the five falls on a weekend.
    const reminders = plan('2026-06-17').filter((o) => o.kind === 'reminder');
    expect(reminders.map((o) => [o.key, o.on])).toEqual([
      ['before-28', '2026-05-20'],
      ['before-14', '2026-06-03'],
      ['before-7', '2026-06-10'],
      ['before-1', '2026-06-16'],
      ['before-0', '2026-06-17'],
    ]);
    expect(reminders[0].sendAt).toEqual(new Date('2026-05-20T08:00:00Z')); // 09:00 BST
    expect(plan('2026-02-18')[0].sendAt).toEqual(new Date('2026-01-21T09:00:00Z')); // 09:00 GMT
  });

  it('moves a reminder off a weekend onto the Friday before', () => {
    // Due Monday 15 June 2026: 1 day before is Sunday 14 June, so Friday 12 June.
    const keyed = Object.fromEntries(plan('2026-06-15').map((o) => [o.key, o.on]));
    expect(keyed['before-1']).toBe('2026-06-12');
    expect(keyed['before-0']).toBe('2026-06-15');
  });

  it('moves a reminder off a bank holiday onto the working day before', () => {
    // Due Tuesday 7 April 2026: the day before is Easter Monday, then Good Friday: Thursday 2 April.
    const keyed = Object.fromEntries(plan('2026-04-07').map((o) => [o.key, o.on]));
    expect(keyed['before-1']).toBe('2026-04-02');
  });

  it('keeps one reminder where two land on the same working day', () => {
    // Due Saturday 20 June 2026: 0 and 1 days before both move to Friday 19 June.
    const onFriday = plan('2026-06-20').filter((o) => o.on === '2026-06-19');
    expect(onFriday.map((o) => o.key)).toEqual(['before-0']);
  });

  it('escalates the working day after the due date, then weekly', () => {
    // Due Thursday 24 December 2026: 25, 26 (Sat), 27 (Sun), 28 (substitute) are not working days.
    const escalations = plan('2026-12-24', '2027-01-20').filter((o) => o.kind === 'escalation');
    expect(escalations.slice(0, 4).map((o) => [o.key, o.on])).toEqual([
      ['overdue-1', '2026-12-29'],
      ['overdue-2', '2027-01-05'],
      ['overdue-3', '2027-01-12'],
      ['overdue-4', '2027-01-19'],
    ]);
  });
});

describe('the next step', () => {
  const due = '2026-06-17';
  it('schedules the first reminder when nothing is due yet', () => {
    const step = nextStep(due, settings, calendar, null, london('2026-05-01'));
    expect(step.sendNow).toBeUndefined();
    expect(step.next.key).toBe('before-28');
  });

  it('sends each occurrence once at its moment, then moves on', () => {
    const moment = london('2026-06-10');
    const step = nextStep(due, settings, calendar, london('2026-06-03'), moment);
    expect(step.sendNow?.key).toBe('before-7');
    const after = nextStep(due, settings, calendar, step.sendNow!.sendAt, moment);
    expect(after.sendNow).toBeUndefined();
    expect(after.next.key).toBe('before-1');
  });

  it('catches up with only the most recent missed reminder', () => {
    // Logged late (or the worker was down): 28, 14 and 7 days before have all passed.
    const step = nextStep(due, settings, calendar, null, london('2026-06-12', '12:00'));
    expect(step.sendNow?.key).toBe('before-7');
    expect(step.next.key).toBe('before-1');
  });

  it('escalates at once for a deadline already overdue', () => {
    const step = nextStep(due, settings, calendar, null, london('2026-07-01', '08:00'));
    expect(step.sendNow?.key).toBe('overdue-2'); // 18 June and 25 June have passed
    expect(step.next.key).toBe('overdue-3');
  });

  it('still finds the next occurrence when the clock reads earlier than the last one handled', () => {
    // overdue-3 (2 July) was handled; the clock says 20 June.
    const step = nextStep(due, settings, calendar, london('2026-07-02'), london('2026-06-20'));
    expect(step.sendNow).toBeUndefined();
    expect(step.next.key).toBe('overdue-4');
  });
});
