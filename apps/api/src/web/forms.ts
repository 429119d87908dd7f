import { FieldProblem, FieldSpec, lowerFirst, plainWords, ValidationProblem } from '@app/common';

export type { Choice, FieldSpec } from '@app/common';
export { plainWords } from '@app/common';

export type FormValues = Record<string, string | string[] | { day: string; month: string; year: string }>;

export interface ErrorSummaryItem {
  text: string;
  href: string;
}

export interface FormErrors {
  errors: ErrorSummaryItem[];
  /** The message beside each bad field, by the field's id. */
  fieldErrors: Record<string, string>;
}

/** The HTML id of a field (and of a date's day box, which its error links to). */
export function fieldId(field: Pick<FieldSpec, 'path'>): string {
  return field.path.replace(/\./g, '-');
}

function anchorOf(field: FieldSpec, prefix: string): string {
  return `${prefix}${fieldId(field)}${field.kind === 'date' ? '-day' : ''}`;
}

function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/**
 * A date typed into GOV.UK's three boxes, as the YYYY-MM-DD the DTOs take. Left empty it is
 * missing; anything that is not three whole numbers stays visibly wrong, so the DTO refuses it.
 */
export function dateFromParts(day: string, month: string, year: string): string | undefined {
  const parts = [day.trim(), month.trim(), year.trim()];
  if (parts.every((p) => p === '')) return undefined;
  if (!parts.every((p) => /^\d+$/.test(p)) || parts[2].length !== 4) return `${parts[2]}-${parts[1]}-${parts[0]}`;
  return `${parts[2]}-${parts[1].padStart(2, '0')}-${parts[0].padStart(2, '0')}`;
}

/**
 * Reads a posted form into the plain object the DTO validates (a blank answer is a missing
 * one), and the values to show again if it has to be re-displayed.
 */
export function readForm(fields: FieldSpec[], body: Record<string, unknown>): { data: Record<string, unknown>; values: FormValues } {
  const data: Record<string, unknown> = {};
  const values: FormValues = {};
  for (const field of fields) {
    const id = fieldId(field);
    let value: unknown;
    if (field.kind === 'date') {
      const parts = { day: text(body, `${id}-day`), month: text(body, `${id}-month`), year: text(body, `${id}-year`) };
      values[id] = parts;
      value = dateFromParts(parts.day, parts.month, parts.year);
    } else if (field.kind === 'checkboxes') {
      const raw = body[id];
      const chosen = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v): v is string => typeof v === 'string');
      values[id] = chosen;
      value = chosen.length ? chosen : undefined;
    } else if (field.kind === 'lines') {
      const raw = text(body, id);
      values[id] = raw;
      const lines = raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
      value = lines.length ? lines : undefined;
    } else {
      const raw = text(body, id);
      values[id] = raw;
      const trimmed = raw.trim();
      if (trimmed === '') value = undefined;
      else if (field.kind === 'number') value = /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
      else if (field.kind === 'yes-no') value = trimmed === 'yes' ? true : trimmed === 'no' ? false : trimmed;
      else value = field.kind === 'password' ? raw : trimmed;
    }
    if (value !== undefined) setPath(data, field.path, value);
  }
  return { data, values };
}

function sentence(field: FieldSpec | undefined, problem: FieldProblem, fields: FieldSpec[] = []): string {
  const label = field?.label ?? 'The form';
  if (problem.message === 'is required') {
    if (field?.kind === 'date') return `Enter ${lowerFirst(label)}`;
    if (field && ['select', 'radios', 'yes-no', 'checkboxes'].includes(field.kind)) return `Select ${lowerFirst(label)}`;
    return `Enter ${lowerFirst(label)}`;
  }
  if (field?.kind === 'date' && /real date/.test(problem.message)) return `${label} must be a real date, for example 27 3 2026`;
  return `${label} ${plainWords(problem.message, fields)}`;
}

/**
 * The GOV.UK error summary for a validation failure: one line per bad field, in the form's own
 * order, each linking to its field (`prefix`: the form's id prefix, where a page has several).
 */
export function formErrors(fields: FieldSpec[], problem: ValidationProblem, prefix = ''): FormErrors {
  const errors: ErrorSummaryItem[] = [];
  const fieldErrors: Record<string, string> = {};
  const byPath = new Map(fields.map((field) => [field.path, field]));
  const ordered = [...problem.errors].sort((a, b) => position(fields, a.field) - position(fields, b.field));
  for (const item of ordered) {
    const field = byPath.get(item.field) ?? byPath.get(item.field.split('.')[0]);
    const message = sentence(field, item, fields);
    const anchor = field ? anchorOf(field, prefix) : fields[0] ? anchorOf(fields[0], prefix) : 'main-content';
    if (field && fieldErrors[fieldId(field)]) continue;
    if (field) fieldErrors[fieldId(field)] = message;
    errors.push({ text: message, href: `#${anchor}` });
  }
  return { errors, fieldErrors };
}

function position(fields: FieldSpec[], path: string): number {
  const index = fields.findIndex((field) => field.path === path || path.startsWith(`${field.path}.`));
  return index === -1 ? fields.length : index;
}

/** A YYYY-MM-DD date as the three boxes of a GOV.UK date input show it, to fill a form in. */
export function dateValue(date: string): { day: string; month: string; year: string } {
  const [year, month, day] = date.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}
