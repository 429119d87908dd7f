import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { Column, Sheet, SHEETS } from './sheets';

/** A problem with one cell (or a whole row or sheet), in words a person reads. */
export interface CellProblem {
  /** The sheet's name in the template ("Reviews"). */
  sheet: string;
  /** The spreadsheet's own row number (the headings are row 1); null for the sheet as a whole. */
  row: number | null;
  /** The spreadsheet's column letter ("D"); null for the row as a whole. */
  column: string | null;
  /** The column's heading ("Date of death"), where the problem is one cell's. */
  heading: string | null;
  message: string;
}

/** One row as read: each column's cell, as text (a date cell as YYYY-MM-DD), blank cells left out. */
export interface ReadRow {
  row: number;
  cells: Record<string, string>;
}

export interface ReadSheet {
  sheet: Sheet;
  rows: ReadRow[];
  /** Column letter of each column key, as the spreadsheet has them. */
  letters: Record<string, string>;
}

export interface ReadWorkbook {
  sheets: ReadSheet[];
  problems: CellProblem[];
}

/** The most rows a sheet may have: a partnership's reviews in flight, many times over. */
export const MAX_ROWS = 2000;

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Column letters as a spreadsheet shows them: 1 is A, 27 is AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const normal = (heading: string) => heading.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[’']/g, "'");

/** An XLSX file is a zip archive: its first bytes say so. Anything else is read as CSV text. */
export function isXlsx(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
}

/**
 * Reads an uploaded file: an XLSX workbook (the template's sheets, found by name, or by their
 * headings) or a CSV file (one sheet, known by its headings). Problems with the file's shape
 * (unknown or missing headings, too many rows) are listed; cells are read as they are, to be
 * checked column by column afterwards.
 */
export async function readWorkbook(fileName: string, bytes: Buffer): Promise<ReadWorkbook> {
  const tables = isXlsx(bytes) ? await xlsxTables(bytes) : csvTables(fileName, bytes);
  if ('problem' in tables) return { sheets: [], problems: [{ sheet: fileName, row: null, column: null, heading: null, message: tables.problem }] };
  const problems: CellProblem[] = [];
  const sheets: ReadSheet[] = [];
  for (const table of tables) {
    const sheet = table.sheet ?? sheetByHeadings(table.rows[0] ?? []);
    if (!sheet) {
      if (table.fromCsv) {
        problems.push({
          sheet: table.name,
          row: 1,
          column: null,
          heading: null,
          message: `The first row must be the headings of one of the template's sheets (${SHEETS.map((s) => s.name).join(', ')}). Download the template to see them.`,
        });
      }
      continue;
    }
    if (sheets.some((read) => read.sheet.key === sheet.key)) {
      problems.push({ sheet: sheet.name, row: null, column: null, heading: null, message: `The ${sheet.name} sheet was given twice: give each sheet once.` });
      continue;
    }
    const read = readTable(sheet, table.rows, problems);
    if (read) sheets.push(read);
  }
  if (!sheets.length && !problems.length) {
    problems.push({
      sheet: fileName,
      row: null,
      column: null,
      heading: null,
      message: 'The file has no sheet of the template: it needs at least the Reviews sheet.',
    });
  }
  return { sheets, problems };
}

interface Table {
  name: string;
  sheet?: Sheet;
  fromCsv: boolean;
  rows: string[][];
}

async function xlsxTables(bytes: Buffer): Promise<Table[] | { problem: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { problem: 'The file could not be read as an Excel workbook (.xlsx). Save it again from your spreadsheet program, or as CSV.' };
  }
  const tables: Table[] = [];
  workbook.eachSheet((worksheet) => {
    const rows: string[][] = [];
    const last = Math.min(worksheet.rowCount, MAX_ROWS + 2);
    for (let r = 1; r <= last; r++) {
      const row = worksheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= Math.min(worksheet.columnCount, 100); c++) cells.push(cellText(row.getCell(c).value));
      rows.push(cells);
    }
    const sheet = SHEETS.find((s) => normal(s.name) === normal(worksheet.name));
    tables.push({ name: worksheet.name, sheet, fromCsv: false, rows });
  });
  return tables;
}

function csvTables(fileName: string, bytes: Buffer): Table[] | { problem: string } {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\u0000')) {
    return { problem: 'The file is neither an Excel workbook (.xlsx) nor CSV text saved as UTF-8. Save it as "CSV UTF-8" and upload it again.' };
  }
  try {
    const rows = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false, to_line: MAX_ROWS + 2 }) as string[][];
    return [{ name: fileName, fromCsv: true, rows }];
  } catch (error) {
    return { problem: `The CSV file could not be read: ${(error as Error).message.replace(/^Invalid /, 'invalid ')}.` };
  }
}

/** The sheet whose headings a CSV file's first row has most of (all its required ones). */
function sheetByHeadings(headings: string[]): Sheet | undefined {
  const given = new Set(headings.map(normal));
  const fits = SHEETS.filter((sheet) => sheet.columns.filter((c) => c.required).every((c) => given.has(normal(c.heading))));
  return fits.sort((a, b) => score(b, given) - score(a, given))[0];
}

function score(sheet: Sheet, given: Set<string>): number {
  return sheet.columns.filter((c) => given.has(normal(c.heading))).length;
}

function readTable(sheet: Sheet, rows: string[][], problems: CellProblem[]): ReadSheet | null {
  const headings = rows[0] ?? [];
  const byHeading = new Map(sheet.columns.map((column) => [normal(column.heading), column]));
  const at = new Map<number, Column>();
  const letters: Record<string, string> = {};
  headings.forEach((heading, index) => {
    if (!heading.trim()) return;
    const column = byHeading.get(normal(heading));
    const letter = columnLetter(index + 1);
    if (!column) {
      problems.push({
        sheet: sheet.name,
        row: 1,
        column: letter,
        heading: heading.trim(),
        message: `"${heading.trim()}" is not a column of the ${sheet.name} sheet.`,
      });
    } else if (letters[column.key]) {
      problems.push({ sheet: sheet.name, row: 1, column: letter, heading: column.heading, message: `"${column.heading}" is given twice.` });
    } else {
      at.set(index, column);
      letters[column.key] = letter;
    }
  });
  const missing = sheet.columns.filter((column) => column.required && !letters[column.key]);
  for (const column of missing) {
    problems.push({ sheet: sheet.name, row: 1, column: null, heading: column.heading, message: `The column "${column.heading}" is missing.` });
  }
  if (missing.length) return null;
  if (rows.length - 1 > MAX_ROWS) {
    problems.push({
      sheet: sheet.name,
      row: null,
      column: null,
      heading: null,
      message: `The sheet has more than ${MAX_ROWS} rows: split it into several files.`,
    });
    return null;
  }
  const read: ReadRow[] = [];
  rows.slice(1).forEach((cells, index) => {
    const values: Record<string, string> = {};
    cells.forEach((cell, c) => {
      const column = at.get(c);
      if (column && cell.trim() !== '') values[column.key] = cell.trim();
    });
    if (Object.keys(values).length) read.push({ row: index + 2, cells: values });
  });
  return { sheet, rows: read, letters };
}

/** A cell as text: dates as YYYY-MM-DD (as Excel stores a date: a day, no time zone), formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** The template as an Excel workbook: each sheet's headings (with a note of what goes in each), its choices as drop-down lists, and a guidance sheet. */
export async function templateWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Death review case management';
  for (const sheet of SHEETS) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((column) => ({
      header: column.heading,
      key: column.key,
      width: Math.max(16, Math.min(40, column.heading.length + 4)),
      style: column.kind === 'date' ? { numFmt: 'dd/mm/yyyy' } : {},
    }));
    const header = worksheet.getRow(1);
    header.font = { bold: true };
    sheet.columns.forEach((column, index) => {
      header.getCell(index + 1).note = `${column.required ? 'Required. ' : ''}${column.hint}`;
      if (column.choices) {
        const letter = columnLetter(index + 1);
        for (let r = 2; r <= 501; r++) {
          worksheet.getCell(`${letter}${r}`).dataValidation = {
            type: 'list',
            allowBlank: !column.required,
            formulae: [`"${column.choices.map((choice) => choice.text).join(',')}"`],
            showErrorMessage: true,
            errorTitle: column.heading,
            error: `Choose one of: ${column.choices.map((choice) => choice.text).join(', ')}`,
          };
        }
      }
    });
  }
  const guidance = workbook.addWorksheet('Guidance');
  guidance.columns = [
    { header: 'Sheet', key: 'sheet', width: 22 },
    { header: 'Column', key: 'column', width: 40 },
    { header: 'Required', key: 'required', width: 10 },
    { header: 'What to put in it', key: 'hint', width: 90 },
  ];
  guidance.getRow(1).font = { bold: true };
  for (const sheet of SHEETS) {
    for (const column of sheet.columns) {
      guidance.addRow({ sheet: sheet.name, column: column.heading, required: column.required ? 'Yes' : 'No', hint: guidanceOf(column) });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function guidanceOf(column: Column): string {
  const kind = column.kind === 'date' ? ' A date, such as 25/12/2025.' : column.choices ? ` One of: ${column.choices.map((c) => c.text).join('; ')}.` : '';
  return `${column.hint}${kind}`;
}

/** One sheet of the template as CSV: its headings only. */
export function templateCsv(sheet: Sheet): string {
  return stringify([sheet.columns.map((column) => column.heading)]);
}
