import { lastCompleteQuarter, parseQuarter, quarterInWords, quarterOf, quartersUpTo, reportAsAt } from './quarter';

describe('quarters', () => {
  it('gives each calendar quarter its first and last days', () => {
    expect(parseQuarter('2026-Q1')).toEqual({ key: '2026-Q1', startsOn: '2026-01-01', endsOn: '2026-03-31' });
    expect(parseQuarter('2026-Q2')).toEqual({ key: '2026-Q2', startsOn: '2026-04-01', endsOn: '2026-06-30' });
    expect(parseQuarter('2026-Q3')).toEqual({ key: '2026-Q3', startsOn: '2026-07-01', endsOn: '2026-09-30' });
    expect(parseQuarter('2028-Q4')).toEqual({ key: '2028-Q4', startsOn: '2028-10-01', endsOn: '2028-12-31' });
    expect(parseQuarter('9999-Q4')).toEqual({ key: '9999-Q4', startsOn: '9999-10-01', endsOn: '9999-12-31' });
  });

  it('refuses anything not written YYYY-Qn', () => {
    for (const bad of ['0000-Q1', '10000-Q1', '2026-Q5', '2026-Q0', '2026Q3', '2026-q3', '26-Q3', '2026-Q3 ', '']) expect(parseQuarter(bad)).toBeNull();
  });

  it('stands at the quarter end once it is over, and at today while it runs', () => {
    const q3 = parseQuarter('2026-Q3')!;
    expect(reportAsAt(q3, '2026-10-05')).toBe('2026-09-30');
    expect(reportAsAt(q3, '2026-09-30')).toBe('2026-09-30');
    expect(reportAsAt(q3, '2026-08-14')).toBe('2026-08-14');
  });

  it('finds the quarter a day falls in, the last complete one, and the ones before', () => {
    expect(quarterOf('2026-03-31').key).toBe('2026-Q1');
    expect(quarterOf('2026-04-01').key).toBe('2026-Q2');
    expect(lastCompleteQuarter('2026-03-02').key).toBe('2025-Q4');
    expect(lastCompleteQuarter('2026-07-01').key).toBe('2026-Q2');
    expect(quartersUpTo('2026-03-02', 3).map((q) => q.key)).toEqual(['2026-Q1', '2025-Q4', '2025-Q3']);
  });
});

describe('quarterInWords', () => {
  it('says a quarter as a person does, and gives back what is not one', () => {
    expect(quarterInWords('2026-Q1')).toBe('January to March 2026');
    expect(quarterInWords('2026-Q3')).toBe('July to September 2026');
    expect(quarterInWords('2025-Q4')).toBe('October to December 2025');
    expect(quarterInWords('2026-Q5')).toBe('2026-Q5');
  });
});
