import { dateInWords, isCalendarDate } from './calendar-date';

/**
 * The questions of a form, as data: the web pages render them with GOV.UK Frontend, and a
 * capability (a review's action) says which it needs without knowing how a page looks.
 */
export interface Choice {
  value: string;
  text: string;
  hint?: string;
}

/**
 * One question on a form. `path` is the field of the request DTO it fills (`victim.pseudonym`),
 * so the DTO's own validation names it and the error summary can link to it.
 */
export interface FieldSpec {
  path: string;
  label: string;
  /** `lines`: a textarea read as a list, one item a line (blank lines dropped). */
  kind: 'text' | 'email' | 'password' | 'textarea' | 'lines' | 'date' | 'number' | 'select' | 'radios' | 'yes-no' | 'checkboxes';
  hint?: string;
  choices?: Choice[];
  /** Classes for the input's width, e.g. govuk-input--width-5. */
  classes?: string;
}

export const dateField = (path: string, label: string, hint?: string): FieldSpec => ({ path, label, kind: 'date', hint });
export const textareaField = (path: string, label: string, hint?: string): FieldSpec => ({ path, label, kind: 'textarea', hint });

/** "criminal-proceedings" → "Criminal proceedings". */
export const humanise = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1).replace(/-/g, ' ');

/** class-validator's own phrases, as GOV.UK would say them. */
const LIBRARY_PHRASES: [RegExp, (...groups: string[]) => string][] = [
  [/must be longer than or equal to (\d+) characters?/, (n) => `must be ${n} characters or more`],
  [/must be shorter than or equal to (\d+) characters?/, (n) => `must be ${n} characters or fewer`],
  [/must not be less than (-?\d+)/, (n) => `must be ${n} or more`],
  [/must not be greater than (-?\d+)/, (n) => `must be ${n} or fewer`],
  [/must be a UUID/, () => 'must be chosen from the list'],
  [/must be an integer number/, () => 'must be a whole number'],
  [/should not be empty/, () => 'must not be blank'],
];

/**
 * A field's problem in the words a person reads (issue 17.3): the library's phrases said plainly,
 * dates written out ("10 March 2026", not "2026-03-10"), and another field named by its label,
 * not its code ("requestedOn"). The JSON API keeps the message as it is; the web forms and the
 * import report (libs/imports) say it this way.
 */
export function plainWords(message: string, fields: Pick<FieldSpec, 'path' | 'label'>[] = []): string {
  let words = message;
  for (const [pattern, say] of LIBRARY_PHRASES) words = words.replace(pattern, (_, ...groups: string[]) => say(...groups));
  words = words.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (date) => (isCalendarDate(date) ? dateInWords(date) : date));
  for (const field of fields) {
    if (!/^[a-z]+[A-Z][A-Za-z]*$/.test(field.path)) continue;
    words = words.replace(new RegExp(`\\(${field.path}\\)|\\b${field.path}\\b`, 'g'), (found) => (found.startsWith('(') ? '' : `"${lowerFirst(field.label)}"`));
  }
  return words.replace(/\s+\)/g, ')').replace(/ {2,}/g, ' ').trim();
}

/** A label as it reads inside a sentence ("Date due" → "date due"); an acronym ("DHR") stays. */
export function lowerFirst(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}
