import { stringify } from 'csv-stringify/sync';

/** What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made safe to open in a spreadsheet: one that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is prefixed with a single quote, so Excel, LibreOffice and Google Sheets
 * show it as text instead of running it as a formula (OWASP's advice). Numbers are written as
 * numbers and never pass through here.
 */
export function neutraliseCsvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Every CSV the product writes: a header row of `columns`, then one row per object (a column a
 * row lacks is left empty), each text cell neutralised against formulas.
 */
export function toCsv<Column extends string>(rows: Partial<Record<Column, string | number>>[], columns: readonly Column[]): string {
  return stringify(rows, { header: true, columns: [...columns], cast: { string: neutraliseCsvCell } });
}
