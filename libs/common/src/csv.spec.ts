import { parse } from 'csv-parse/sync';
import { neutraliseCsvCell, toCsv } from './csv';

describe('CSV cells', () => {
  it.each(['=HYPERLINK("http://example.test","x")', '+1+1', '-1+cmd', '@SUM(A1)', '\tTab first', '\rCarriage return first'])(
    'prefixes %j with a single quote, so a spreadsheet shows it as text',
    (cell) => {
      expect(neutraliseCsvCell(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['Adult A', 'DHR-2026-001', '', "'already quoted", 'a = b'])('leaves %j as it is', (cell) => {
    expect(neutraliseCsvCell(cell)).toBe(cell);
  });

  it('writes a header and rows, neutralising text but not numbers', () => {
    const text = toCsv([{ label: '=1+2', total: -3 }, { label: 'Adult B' }], ['label', 'total'] as const);
    expect(parse(text)).toEqual([
      ['label', 'total'],
      ["'=1+2", '-3'],
      ['Adult B', ''],
    ]);
  });
});
