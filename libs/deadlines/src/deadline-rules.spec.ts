import { deadlineOverdue, deadlineStatus, dueDate, noticeOutstanding, pausedLength } from './deadline-rules';

describe('deadline rules', () => {
  it('computes statutory clocks: months then days', () => {
    expect(dueDate('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(dueDate('2026-02-20', { months: 6 })).toBe('2026-08-20');
    expect(dueDate('2026-08-31', { months: 6 })).toBe('2027-02-28');
    expect(dueDate('2026-02-20', { days: 7 })).toBe('2026-02-27');
    expect(dueDate('2026-01-31', { months: 1, days: 1 })).toBe('2026-03-01');
  });

  describe('clock periods on month ends and leap years', () => {
    const after = (from: string, months: number, days?: number) => dueDate(from, { months, days, period: 'after' });
    const beginningWith = (from: string, months: number, days?: number) => dueDate(from, { months, days, period: 'beginning-with' });

    it('"N months after D" lands on the corresponding date, or the last day of a month without one', () => {
      expect(after('2026-03-10', 1)).toBe('2026-04-10');
      expect(after('2026-01-31', 1)).toBe('2026-02-28');
      expect(after('2024-01-31', 1)).toBe('2024-02-29'); // leap year
      expect(after('2024-02-29', 12)).toBe('2025-02-28');
      expect(after('2026-08-31', 6)).toBe('2027-02-28');
      expect(after('2026-02-28', 1)).toBe('2026-03-28');
      // The default is `after`: the clocks the shipped editions declare keep their dates.
      expect(dueDate('2026-01-31', { months: 1 })).toBe(after('2026-01-31', 1));
    });

    it('"the period of N months beginning with D" (PCSCA 2022 s.27(8)) ends the day before the corresponding date', () => {
      expect(beginningWith('2026-03-10', 1)).toBe('2026-04-09');
      expect(beginningWith('2026-12-15', 1)).toBe('2027-01-14'); // across the year end
      expect(beginningWith('2026-03-01', 1)).toBe('2026-03-31');
      expect(beginningWith('2024-02-29', 1)).toBe('2024-03-28');
      expect(beginningWith('2024-01-29', 1)).toBe('2024-02-28');
    });

    it('ends on the last day of a month that has no corresponding date', () => {
      expect(beginningWith('2024-01-31', 1)).toBe('2024-02-29'); // leap year
      expect(beginningWith('2026-01-31', 1)).toBe('2026-02-28');
      expect(beginningWith('2024-01-30', 1)).toBe('2024-02-29');
      expect(beginningWith('2026-03-31', 1)).toBe('2026-04-30');
      expect(beginningWith('2023-12-31', 2)).toBe('2024-02-29');
    });

    it('counts a period of days beginning with D from D itself', () => {
      expect(beginningWith('2026-02-20', 0, 7)).toBe('2026-02-26');
      expect(after('2026-02-20', 0, 7)).toBe('2026-02-27');
      expect(beginningWith('2024-02-28', 0, 2)).toBe('2024-02-29');
    });
  });

  it('measures a pause from its first day to the day the review resumed', () => {
    expect(pausedLength('2026-03-31', '2026-05-01')).toBe(31);
    expect(pausedLength('2026-01-31', '2026-03-01')).toBe(29); // across the end of February
    expect(pausedLength('2028-02-01', '2028-03-01')).toBe(29); // a leap February
    expect(pausedLength('2026-04-10', '2026-04-10')).toBe(0);
  });

  it('moves a due date across month ends by the paused days', () => {
    // A decision due 28 February, paused 20 February to 10 March (18 days), is due 18 March.
    const days = pausedLength('2026-02-20', '2026-03-10');
    expect(days).toBe(18);
    expect(dueDate('2026-02-28', { days })).toBe('2026-03-18');
  });

  describe('status', () => {
    const due = { dueOn: '2026-02-28' };
    it('is met when completed on or before the due date', () => {
      expect(deadlineStatus({ ...due, completedOn: '2026-02-28' }, false, '2026-05-01')).toBe('met');
      expect(deadlineStatus({ ...due, completedOn: '2026-02-01' }, false, '2026-05-01')).toBe('met');
    });
    it('is missed when completed after it', () => {
      expect(deadlineStatus({ ...due, completedOn: '2026-03-01' }, false, '2026-05-01')).toBe('missed');
    });
    it('is missed once the due date has passed with nothing done, open until then', () => {
      expect(deadlineStatus({ ...due, completedOn: null }, false, '2026-02-28')).toBe('open');
      expect(deadlineStatus({ ...due, completedOn: null }, false, '2026-03-01')).toBe('missed');
    });
    it('is paused while the review is paused, even past its date', () => {
      expect(deadlineStatus({ ...due, completedOn: null }, true, '2026-03-15')).toBe('paused');
      expect(deadlineStatus({ ...due, completedOn: '2026-02-10' }, true, '2026-03-15')).toBe('met');
    });
    it('is cancelled when no longer needed, or recorded as not sent', () => {
      expect(deadlineStatus({ ...due, completedOn: '2026-02-10', cancelled: true }, false, '2026-03-15')).toBe('cancelled');
    });
  });

  describe('overdue, and a notice outstanding', () => {
    const late = { dueOn: '2026-02-28', completedOn: null };
    it('is overdue only while the review runs: never paused, never once it has ended', () => {
      expect(deadlineOverdue(late, 'open', '2026-03-01')).toBe(true);
      expect(deadlineOverdue(late, 'open', '2026-02-28')).toBe(false);
      expect(deadlineOverdue(late, 'paused', '2026-03-01')).toBe(false);
      expect(deadlineOverdue(late, 'closed', '2026-03-01')).toBe(false);
      expect(deadlineOverdue({ ...late, completedOn: '2026-03-01' }, 'open', '2026-03-02')).toBe(false);
    });
    it('is a notice outstanding when still running on a review that has ended, due or not', () => {
      expect(noticeOutstanding(late, 'closed')).toBe(true);
      expect(noticeOutstanding(late, 'open')).toBe(false);
      expect(noticeOutstanding({ completedOn: '2026-03-01' }, 'closed')).toBe(false);
    });
  });
});
