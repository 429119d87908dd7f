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
