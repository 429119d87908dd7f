/**
 * Finding what identifies someone in a document's text: the protected names recorded for a
 * death, and dates of birth. Pure: text in, findings out. The rules (docs/architecture.md,
 * "Anonymisation"):
 *
 * Names, compared case-insensitively and accent-insensitively (NFKD, combining marks dropped,
 * zero-width and soft-hyphen characters ignored, curly apostrophes as straight), with any run of
 * whitespace or line breaks between parts, and only as whole words ("Ann" never in "Annual"):
 * - the whole recorded name, in order ("Jane Mary Exampleton");
 * - first and last part alone, in either order, the reversed form with an optional comma
 *   ("Jane Exampleton", "EXAMPLETON, Jane");
 * - a title followed by any part ("Ms Exampleton", "Mrs Jane"), whatever its length;
 * - any single part of a name of several parts, when it has at least `minPartLength` (3) letters
 *   and is not one of a short list of everyday words that are also names ("May", "Will", "Mark"…),
 *   so a report saying "Exampleton" or "Jane" alone is caught but "will" is not.
 * Overlapping matches keep the longest (the whole name over a part).
 *
 * Dates of birth: a date written 12/03/1985, 12.03.1985, 12-03-1985, 12/3/85, 1985-03-12,
 * 12 March 1985, 12th March 1985, 12 Mar 1985, March 12, 1985 or March 12th 1985 is a finding
 * when a word for birth ("born", "DOB", "d.o.b.", "date of birth", "birth date", "birthday")
 * ends within 40 characters before it or begins within 20 after it; and any date at all equal
 * to a date of birth recorded for a protected identity is a finding, labelled with whose it is.
 * Two-digit years are 20yy up to 30, 19yy above.
 */

export interface ProtectedName {
  /** Who the name belongs to, as the findings show it (e.g. "victim", "perpetrator"); never the name. */
  label: string;
  name: string;
  /** A recorded date of birth (YYYY-MM-DD), if the product holds one. */
  dateOfBirth?: string | null;
}

export type FindingKind = 'name' | 'date-of-birth';

export interface Finding {
  kind: FindingKind;
  /** Whose name or date of birth it is ("victim"), or "date of birth" for a date found by its wording. */
  label: string;
  /** The matched text as it stands in the document, its whitespace runs as single spaces. */
  match: string;
  /** About `contextChars` characters either side, the match between ⟦ and ⟧, whitespace runs as single spaces. */
  context: string;
  /** Where the match starts in the text (UTF-16 code units). */
  offset: number;
  length: number;
  /** For a date: the day it names (YYYY-MM-DD). */
  date?: string;
}

export interface FindOptions {
  /** Characters of context either side of a match (default 40). */
  contextChars?: number;
  /** A part of a name is matched alone when it has at least this many letters (default 3). */
  minPartLength?: number;
}

/** Everyday words that are also given names or surnames: not matched alone (still matched in a whole name, or after a title). */
export const COMMON_WORD_PARTS = new Set([
  'may',
  'will',
  'mark',
  'bill',
  'hope',
  'grace',
  'joy',
  'faith',
  'rose',
  'april',
  'june',
  'august',
  'art',
  'sue',
  'pat',
  'rob',
  'bob',
  'don',
  'ray',
  'guy',
  'dawn',
  'summer',
  'star',
  'young',
  'white',
  'black',
  'green',
  'brown',
  'long',
  'little',
  'hall',
  'wood',
  'ward',
  'hill',
  'king',
  'page',
  'cook',
  'day',
  'rich',
  'close',
  'lane',
  'street',
  'house',
  'court',
  'church',
  'field',
  'read',
  'best',
  'sharp',
  'the',
  'and',
  'for',
  'son',
  'van',
  'von',
  'der',
  'den',
  'del',
  'dos',
  'das',
  'mac',
  'mrs',
  'miss',
]);

const TITLES = ['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'lady', 'lord', 'rev', 'reverend'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ORD = '(?:st|nd|rd|th)?';
const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
const DATE_PATTERNS: { re: RegExp; parts: (m: RegExpExecArray) => [string, string, string] }[] = [
  { re: new RegExp(`${B}(\\d{4})-(\\d{1,2})-(\\d{1,2})${E}`, 'gu'), parts: (m) => [m[1], m[2], m[3]] },
  { re: new RegExp(`${B}(\\d{1,2})([/.\\-])(\\d{1,2})\\2(\\d{4}|\\d{2})${E}`, 'gu'), parts: (m) => [m[4], m[3], m[1]] },
  { re: new RegExp(`${B}(\\d{1,2})${ORD}(?:\\s+of)?\\s+${MONTH},?\\s+(\\d{4})${E}`, 'gu'), parts: (m) => [m[3], m[2], m[1]] },
  { re: new RegExp(`${B}${MONTH}\\s+(\\d{1,2})${ORD},?\\s+(\\d{4})${E}`, 'gu'), parts: (m) => [m[3], m[1], m[2]] },
];
const BIRTH_WORDS = /(?<![\p{L}\p{N}])(born|d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthday)(?![\p{L}\p{N}])/gu;

/** The findings in `text`, in the order they appear. */
export function findIdentifiers(text: string, identities: readonly ProtectedName[], options: FindOptions = {}): Finding[] {
  const contextChars = options.contextChars ?? 40;
  const minPart = options.minPartLength ?? 3;
  const folded = fold(text);
  const raw: Omit<Finding, 'match' | 'context'>[] = [];

  for (const identity of identities) {
    for (const re of namePatterns(identity.name, minPart)) {
      for (const m of folded.text.matchAll(re)) raw.push({ kind: 'name', label: identity.label, ...folded.span(m.index, m[0].length) });
    }
  }

  const recorded = new Map<string, string>();
  for (const identity of identities) if (identity.dateOfBirth) recorded.set(identity.dateOfBirth, `${identity.label}'s date of birth`);
  const birthWords = [...folded.text.matchAll(BIRTH_WORDS)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  for (const { re, parts } of DATE_PATTERNS) {
    for (const m of folded.text.matchAll(re)) {
      const date = isoDate(...parts(m));
      if (!date) continue;
      const start = m.index;
      const end = start + m[0].length;
      const worded = birthWords.some((w) => (w.end <= start && start - w.end <= 40) || (w.start >= end && w.start - end <= 20));
      const label = recorded.get(date) ?? (worded ? 'date of birth' : null);
      if (label) raw.push({ kind: 'date-of-birth', label, date, ...folded.span(start, m[0].length) });
    }
  }

  // Longest first at each place; a match inside one already kept is dropped.
  raw.sort((a, b) => a.offset - b.offset || b.length - a.length);
  const kept: typeof raw = [];
  for (const finding of raw) {
    const last = kept[kept.length - 1];
    if (last && finding.offset < last.offset + last.length) continue;
    kept.push(finding);
  }
  return kept.map((finding) => ({
    ...finding,
    match: squash(text.slice(finding.offset, finding.offset + finding.length)),
    context: contextOf(text, finding, contextChars),
  }));
}

/** Case, accents, ligatures, zero-width characters and curly apostrophes folded away, with a map back to the original offsets. */
export function fold(text: string): { text: string; span: (start: number, length: number) => { offset: number; length: number } } {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  let index = 0;
  for (const char of text) {
    const folded = char
      .normalize('NFKD')
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\p{M}\p{Cf}]/gu, '')
      .replace(/[\u2018\u2019\u02bc`]/g, "'")
      .replace(/[\u2010-\u2015]/g, '-');
    for (let k = 0; k < folded.length; k++) {
      from.push(index);
      to.push(index + char.length);
    }
    out += folded;
    index += char.length;
  }
  return {
    text: out,
    span: (start, length) => {
      const offset = from[start];
      return { offset, length: to[start + length - 1] - offset };
    },
  };
}

/** The regular expressions (on folded text) that find one recorded name, by the rules above. */
export function namePatterns(name: string, minPartLength = 3): RegExp[] {
  const parts = fold(name)
    .text.split(/[\s,]+/)
    .filter((part) => part.length > 0 && !TITLES.includes(part.replace(/\.$/, '')));
  if (parts.length === 0) return [];
  const word = (part: string) => escape(part).replace(/-/g, '-\\s*');
  const seq = (list: string[]) => list.map(word).join('\\s+');
  const forms = new Set<string>([seq(parts)]);
  if (parts.length > 1) {
    const first = parts[0];
    const last = parts[parts.length - 1];
    forms.add(seq([first, last]));
    forms.add(`${word(last)},?\\s+${word(first)}`);
    forms.add(`${word(last)},?\\s+${seq(parts.slice(0, -1))}`);
    const title = `(?:${TITLES.join('|')})\\.?\\s+`;
    for (const part of parts) forms.add(`${title}${word(part)}`);
    for (const part of parts) {
      const letters = part.replace(/[^\p{L}]/gu, '');
      if (letters.length >= minPartLength && !COMMON_WORD_PARTS.has(part)) forms.add(word(part));
    }
  }
  return [...forms].map((form) => new RegExp(`${B}${form}${E}`, 'gu'));
}

function isoDate(year: string, month: string, day: string): string | null {
  let y = Number(year);
  if (year.length === 2) y += y <= 30 ? 2000 : 1900;
  const m = /^\d+$/.test(month) ? Number(month) : MONTHS.findIndex((name) => name.startsWith(month.toLowerCase().replace(/\.$/, '').slice(0, 3))) + 1;
  const d = Number(day);
  if (!m || m > 12 || d < 1 || d > 31 || y < 1850 || y > 2200) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function contextOf(text: string, finding: { offset: number; length: number }, chars: number): string {
  const { before, match, after } = contextParts(text, finding, chars);
  return `${before}⟦${match}⟧${after}`;
}

/**
 * A match in its context, in three pieces (for a page to highlight the match): about `chars`
 * characters before it and after it (an ellipsis where the text goes on), whitespace runs as
 * single spaces. Null when the place is not in the text (a text no longer the one checked).
 */
export function contextParts(text: string, finding: { offset: number; length: number }, chars = 40): { before: string; match: string; after: string } {
  const start = Math.max(0, finding.offset - chars);
  const end = Math.min(text.length, finding.offset + finding.length + chars);
  const before = squash(text.slice(start, finding.offset));
  const after = squash(text.slice(finding.offset + finding.length, end));
  return {
    before: `${start > 0 ? '…' : ''}${before}`,
    match: squash(text.slice(finding.offset, finding.offset + finding.length)),
    after: `${after}${end < text.length ? '…' : ''}`,
  };
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
