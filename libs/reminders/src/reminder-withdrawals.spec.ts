import { withdrawalReason } from './reminder-withdrawals';

describe('withdrawalReason: why a reminder waiting in the outbox is no longer true', () => {
  const running = { logged_due_on: '2026-07-01', due_on: '2026-07-01', completed_on: null, cancelled: false, running: true };

  it('sends a reminder whose deadline is still outstanding, running and due on the same day', () => {
    expect(withdrawalReason('reminder', running)).toBeNull();
  });

  it('withdraws one whose deadline was met, with the day in words', () => {
    expect(withdrawalReason('reminder', { ...running, completed_on: '2026-06-25', running: false })).toBe(
      'The deadline was met on 25 June 2026 before this reminder could be sent.',
    );
  });

  it('says completed, not met, for a deadline completed after its due date', () => {
    expect(withdrawalReason('escalation', { ...running, completed_on: '2026-07-03', running: false })).toBe(
      'The deadline was completed on 3 July 2026 before this overdue notice could be sent.',
    );
  });

  it('withdraws one whose deadline was cancelled', () => {
    expect(withdrawalReason('reminder', { ...running, completed_on: '2026-06-20', cancelled: true, running: false })).toBe(
      'The deadline was cancelled on 20 June 2026 before this reminder could be sent.',
    );
  });

  it('withdraws one whose clock a pause stopped', () => {
    expect(withdrawalReason('reminder', { ...running, running: false })).toMatch(/^The review was paused before this reminder could be sent/);
  });

  it('withdraws one for a due date the deadline no longer has', () => {
    expect(withdrawalReason('reminder', { ...running, due_on: '2026-08-12' })).toBe(
      'The deadline was moved to 12 August 2026 before this reminder could be sent.',
    );
  });
});
