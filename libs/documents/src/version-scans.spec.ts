import { VirusScanError } from '@app/scanning';
import { scanFailureReason, scanRetryDelayMs } from './version-scans';

describe('the re-scan back-off', () => {
  it('waits the interval after the first failure, doubling with each further one up to the cap', () => {
    const minute = 60_000;
    const cap = 15 * minute;
    expect([1, 2, 3, 4, 5, 6, 50].map((failures) => scanRetryDelayMs(failures, minute, cap) / minute)).toEqual([1, 2, 4, 8, 15, 15, 15]);
    expect(scanRetryDelayMs(0, minute, cap)).toBe(minute);
  });

  it('never waits less than the interval, even with a cap set below it', () => {
    expect(scanRetryDelayMs(3, 60_000, 1000)).toBe(60_000);
  });
});

describe('why a scan got no verdict, in plain words', () => {
  it('names what went wrong without clamd’s address', () => {
    const unreachable = new VirusScanError('clamd at tcp://10.0.0.5:3310 is unreachable: connect ECONNREFUSED 10.0.0.5:3310', 'unavailable');
    expect(scanFailureReason(unreachable, 60000)).toBe('The virus scanner could not be reached.');
    expect(scanFailureReason(new VirusScanError('clamd at x did not answer within 5000 ms', 'timeout'), 5000)).toBe(
      'The virus scanner did not answer within 5 seconds.',
    );
    expect(scanFailureReason(new VirusScanError('clamd did not scan the stream: INSTREAM size limit exceeded. ERROR', 'refused'), 60000)).toBe(
      'The virus scanner would not scan the file (INSTREAM size limit exceeded. ERROR).',
    );
    expect(scanFailureReason(new VirusScanError('dropped', 'interrupted'), 60000)).toMatch(/^The virus scanner dropped the connection/);
  });
});
