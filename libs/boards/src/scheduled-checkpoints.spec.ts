import { Logger } from '@nestjs/common';
import { Environment } from '@app/config';
import { CheckpointRound, CheckpointSchedule, ScheduledCheckpoints } from './scheduled-checkpoints';

const ROUND: CheckpointRound = { period: '2026-03-02T00:00:00.000Z', recorded: 0, mismatched: 0, failed: 0 };

function schedule(everyMinutes: number, run: jest.Mock) {
  const env = { AUDIT_CHECKPOINT_EVERY_MINUTES: everyMinutes } as Environment;
  return new CheckpointSchedule(env, { run } as unknown as ScheduledCheckpoints);
}

describe('the scheduled checkpoints’ clock', () => {
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs a round on start, then looks every hour for a daily period', async () => {
    const run = jest.fn().mockResolvedValue(ROUND);
    const clock = schedule(1440, run);
    await clock.onApplicationBootstrap();
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(59 * 60_000);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(23 * 60 * 60_000);
    expect(run).toHaveBeenCalledTimes(25);
    await clock.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(2 * 60 * 60_000);
    expect(run).toHaveBeenCalledTimes(25);
  });

  it('looks every period when the period is shorter than an hour', async () => {
    const run = jest.fn().mockResolvedValue(ROUND);
    const clock = schedule(15, run);
    await clock.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(run).toHaveBeenCalledTimes(5);
    await clock.onModuleDestroy();
  });

  it('never runs two rounds at once in one process, and survives a failed round', async () => {
    let finish: (round: CheckpointRound) => void = () => undefined;
    const run = jest
      .fn()
      .mockRejectedValueOnce(new Error('database away'))
      .mockImplementationOnce(() => new Promise<CheckpointRound>((resolve) => (finish = resolve)))
      .mockResolvedValue(ROUND);
    const clock = schedule(60, run);
    await expect(clock.onApplicationBootstrap()).resolves.toBeUndefined();
    const first = clock.tick();
    const second = clock.tick();
    expect(run).toHaveBeenCalledTimes(2);
    finish(ROUND);
    await Promise.all([first, second]);
    await clock.tick();
    expect(run).toHaveBeenCalledTimes(3);
    await clock.onModuleDestroy();
  });
});
