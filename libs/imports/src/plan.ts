import { parse as parseDate, isValid, format } from 'date-fns';
import { isEmail, isURL } from 'class-validator';
import { CalendarDate, dateInWords, isCalendarDate } from '@app/common';
import type { ImportedReviewPlan, ImportStep } from '@app/reviews';
import { Column, INFORMATION_REQUESTS_SHEET, PAUSES_SHEET, REVIEWS_SHEET, Sheet } from './sheets';
import { CellProblem, ReadRow, ReadSheet } from './workbook';

/** Where a step of a review's history came from: its row, and the column each field of its body was read from. */
export interface StepSource {
  sheet: Sheet['key'];
  row: number;
  /** The column a problem with the step as a whole (its date, its place in the history) belongs to. */
  column: string;
  fields: Record<string, string>;
}

/** What the planner needs to know of the partnership. */
export interface PlanningFacts {
  today: CalendarDate;
  /** Partner agencies by lower-case name and code, to their code. */
  agencies: Map<string, string>;
  /** Active independent chairs by lower-case email, to their user id. */
  chairs: Map<string, string>;
}

/** One review of the file: its row, and either its plan or the problems that stop it. */
export interface PlannedReview {
  reference: string;
  row: number;
  plan: ImportedReviewPlan | null;
  problems: CellProblem[];
}

const DATE_FORMATS = ['yyyy-MM-dd', 'd/M/yyyy', 'd-M-yyyy', 'd.M.yyyy', 'd MMMM yyyy', 'd MMM yyyy', 'd MMMM, yyyy'];

type Values = Record<string, string>;

/** The planner's reading of a sheet: each row's values checked cell by cell, and the problems found. */
interface Checked {
  row: ReadRow;
  values: Values;
  problems: CellProblem[];
}

/**
 * Turns the sheets as read into each review's history: every cell checked for what its column
 * holds (a date, a choice, an email...), the rows of the other sheets put with their review, and
 * each review's steps put in the order they happened. What the product itself refuses (a step at
 * the wrong stage, a due date before the request) is found when the plan is tried.
 */
export function planReviews(sheets: ReadSheet[], facts: PlanningFacts): { reviews: PlannedReview[]; problems: CellProblem[] } {
  const problems: CellProblem[] = [];
  const sheetOf = (sheet: Sheet) => sheets.find((read) => read.sheet.key === sheet.key);
  const reviewsSheet = sheetOf(REVIEWS_SHEET);
  if (!reviewsSheet) {
    if (sheets.length)
      problems.push({
        sheet: REVIEWS_SHEET.name,
        row: null,
        column: null,
        heading: null,
        message: 'The Reviews sheet is missing: every review needs its row there.',
      });
    return { reviews: [], problems };
  }
  const checked = (read: ReadSheet | undefined) => (read ? read.rows.map((row) => checkRow(read, row, facts)) : []);
  const reviewRows = checked(reviewsSheet);
  for (const row of reviewRows) checkPairs(reviewsSheet, row);
  const requestRows = checked(sheetOf(INFORMATION_REQUESTS_SHEET));
  const pauseRows = checked(sheetOf(PAUSES_SHEET));

  const byReference = new Map<string, Checked>();
  for (const row of reviewRows) {
    const reference = row.values.reference;
    if (!reference) continue;
    const key = reference.toLowerCase();
    if (byReference.has(key)) {
      row.problems.push(
        problem(reviewsSheet, row.row.row, 'reference', `${reference} is on row ${byReference.get(key)!.row.row} too: give each review one row`),
      );
    } else byReference.set(key, row);
  }
  const belonging = (rows: Checked[], read: ReadSheet | undefined) => {
    const found = new Map<string, Checked[]>();
    for (const row of rows) {
      const reference = row.values.reference;
      if (!reference) continue;
      const review = byReference.get(reference.toLowerCase());
      if (!review) {
        problems.push(problem(read!, row.row.row, 'reference', `${reference} is not the reference of a review on the Reviews sheet`));
        continue;
      }
      found.set(reference.toLowerCase(), [...(found.get(reference.toLowerCase()) ?? []), row]);
    }
    return found;
  };
  const requests = belonging(requestRows, sheetOf(INFORMATION_REQUESTS_SHEET));
  const pauses = belonging(pauseRows, sheetOf(PAUSES_SHEET));

  const reviews = reviewRows.map((review): PlannedReview => {
    const key = (review.values.reference ?? '').toLowerCase();
    const own = [...(requests.get(key) ?? []), ...(pauses.get(key) ?? [])];
    const rowProblems = [...review.problems, ...own.flatMap((row) => row.problems)];
    const plan = rowProblems.length ? null : planOne(reviewsSheet, review, requests.get(key) ?? [], pauses.get(key) ?? [], facts, rowProblems, sheets);
    return { reference: review.values.reference ?? '', row: review.row.row, plan, problems: rowProblems };
  });
  // Rows of other sheets whose own problems stop no review (their reference is unknown) are listed above.
  return { reviews, problems };
}

function planOne(
  reviewsSheet: ReadSheet,
  review: Checked,
  requestRows: Checked[],
  pauseRows: Checked[],
  facts: PlanningFacts,
  problems: CellProblem[],
  sheets: ReadSheet[],
): ImportedReviewPlan | null {
  const v = review.values;
  const row = review.row.row;
  if (problems.length) return null;

  const steps: { on: CalendarDate; order: number; step: ImportStep }[] = [];
  const add = (
    on: string | undefined,
    order: number,
    action: string,
    body: Record<string, unknown>,
    source: StepSource,
    fromSteps?: ImportStep['fromSteps'],
  ) => {
    if (!on) return;
    steps.push({ on, order, step: { key: `${source.sheet}:${source.row}:${action}`, action, body, source, fromSteps } });
  };
  const fromReview = (column: string, fields: Record<string, string>): StepSource => ({ sheet: 'reviews', row, column, fields });

  add(
    v.decidedOn,
    1,
    'decide',
    { outcome: v.decision, decidedOn: v.decidedOn, rationale: v.rationale },
    fromReview('decidedOn', {
      outcome: 'decision',
      decidedOn: 'decidedOn',
      rationale: 'rationale',
    }),
  );
  add(v.homeOfficeToldOn, 1.5, 'record-home-office-notice', { sentOn: v.homeOfficeToldOn }, fromReview('homeOfficeToldOn', { sentOn: 'homeOfficeToldOn' }));
  add(
    v.chairAppointedOn,
    2,
    'appoint-chair',
    { userId: v.chairEmail && facts.chairs.get(v.chairEmail.toLowerCase()), appointedOn: v.chairAppointedOn },
    fromReview('chairAppointedOn', {
      userId: 'chairEmail',
      appointedOn: 'chairAppointedOn',
    }),
  );
  add(v.termsAgreedOn, 3, 'agree-terms-of-reference', { agreedOn: v.termsAgreedOn }, fromReview('termsAgreedOn', { agreedOn: 'termsAgreedOn' }));
  for (const request of requestRows) {
    const r = request.values;
    const source = (column: string): StepSource => ({
      sheet: 'information-requests',
      row: request.row.row,
      column,
      fields: { agency: 'agency', description: 'description', dueOn: 'dueOn', requestedOn: 'requestedOn', receivedOn: 'receivedOn', requestId: 'receivedOn' },
    });
    const asked = `information-requests:${request.row.row}:request-information`;
    add(
      r.requestedOn,
      4,
      'request-information',
      { agency: r.agency, description: r.description, dueOn: r.dueOn, requestedOn: r.requestedOn },
      source('requestedOn'),
    );
    add(r.receivedOn, 5, 'receive-information', { receivedOn: r.receivedOn }, source('receivedOn'), { requestId: [asked, 'requestId'] });
  }
  add(
    v.informationCompleteOn,
    6,
    'complete-information',
    { on: v.informationCompleteOn, ...(v.unansweredReason ? { unansweredReason: v.unansweredReason } : {}) },
    fromReview('informationCompleteOn', { on: 'informationCompleteOn', unansweredReason: 'unansweredReason' }),
  );
  add(v.draftCompleteOn, 7, 'complete-draft', { on: v.draftCompleteOn }, fromReview('draftCompleteOn', { on: 'draftCompleteOn' }));
  add(v.submittedOn, 8, 'submit-to-home-office', { submittedOn: v.submittedOn }, fromReview('submittedOn', { submittedOn: 'submittedOn' }));
  add(
    v.qaLetterOn,
    9,
    'record-qa-outcome',
    { outcome: v.qaOutcome, receivedOn: v.qaLetterOn },
    fromReview('qaLetterOn', { outcome: 'qaOutcome', receivedOn: 'qaLetterOn' }),
  );
  add(
    v.commissionerCopyOn,
    9.5,
    'record-commissioner-copy',
    { sentOn: v.commissionerCopyOn },
    fromReview('commissionerCopyOn', { sentOn: 'commissionerCopyOn' }),
  );
  add(
    v.publishedOn,
    10,
    'publish',
    { publishedOn: v.publishedOn, url: v.publishedUrl, ...(v.qaLetterPublished ? { qaLetterPublished: v.qaLetterPublished === 'yes' } : {}) },
    fromReview('publishedOn', { publishedOn: 'publishedOn', url: 'publishedUrl', qaLetterPublished: 'qaLetterPublished' }),
  );
  for (const pause of pauseRows) {
    const p = pause.values;
    const source = (column: string): StepSource => ({
      sheet: 'pauses',
      row: pause.row.row,
      column,
      fields: { category: 'category', reason: 'reason', startedOn: 'startedOn', expectedEndOn: 'expectedEndOn', on: 'endedOn' },
    });
    add(
      p.startedOn,
      11,
      'pause',
      { category: p.category, reason: p.reason, startedOn: p.startedOn, ...(p.expectedEndOn ? { expectedEndOn: p.expectedEndOn } : {}) },
      source('startedOn'),
    );
    // A review resumed on a day is running again before anything else that day.
    add(p.endedOn, 0, 'resume', { on: p.endedOn }, source('endedOn'));
  }
  if (v.chairEmail && !facts.chairs.has(v.chairEmail.toLowerCase())) {
    problems.push(
      problem(reviewsSheet, row, 'chairEmail', 'is not the email of an active independent chair of the partnership: give them an account with that role first'),
    );
  }
  for (const request of requestRows) {
    if (!facts.agencies.has(request.values.agency.toLowerCase())) {
      problems.push(
        problem(
          sheets.find((s) => s.sheet.key === 'information-requests')!,
          request.row.row,
          'agency',
          `${request.values.agency} is not a partner agency: use a name or code the service lists`,
        ),
      );
    }
  }
  if (problems.length) return null;
  steps.sort((a, b) => (a.on === b.on ? a.order - b.order : a.on < b.on ? -1 : 1));
  return {
    importReference: v.reference,
    notification: {
      type: v.type.toUpperCase(),
      notifiedOn: v.notifiedOn,
      dateOfDeath: v.dateOfDeath,
      notifyingAgency: facts.agencies.get(v.notifyingAgency.toLowerCase()) ?? v.notifyingAgency,
      victim: { pseudonym: v.pseudonym, ageAtDeath: Number(v.ageAtDeath), sex: v.sex },
      circumstances: v.circumstances,
      ...(v.placeOfDeath ? { placeOfDeath: v.placeOfDeath } : {}),
    },
    steps: steps.map(({ step }) => ({ ...step, body: resolveAgency(step.body, facts) })),
  };
}

/** An information request's agency as the service knows it (its code), whether the sheet gave its name or its code. */
function resolveAgency(body: Record<string, unknown>, facts: PlanningFacts): Record<string, unknown> {
  if (typeof body.agency !== 'string') return body;
  return { ...body, agency: facts.agencies.get(body.agency.toLowerCase()) ?? body.agency };
}

/** Cells of a Reviews row that go together: a decision with its date and reasons, a chair with the date appointed... */
function checkPairs(reviewsSheet: ReadSheet, review: Checked): void {
  const v = review.values;
  const need = (given: string, needed: string[]) => {
    if (!v[given]) return;
    for (const key of needed) {
      if (!v[key]) review.problems.push(problem(reviewsSheet, review.row.row, key, `is needed with "${heading(REVIEWS_SHEET, given)}"`));
    }
  };
  need('decision', ['decidedOn', 'rationale']);
  need('decidedOn', ['decision']);
  need('chairEmail', ['chairAppointedOn']);
  need('chairAppointedOn', ['chairEmail']);
  need('qaOutcome', ['qaLetterOn']);
  need('qaLetterOn', ['qaOutcome']);
  need('publishedOn', ['publishedUrl']);
}

/** Each cell of a row read as its column says: the values, and a problem for each cell that is not right. */
function checkRow(read: ReadSheet, row: ReadRow, facts: PlanningFacts): Checked {
  const values: Values = {};
  const problems: CellProblem[] = [];
  for (const column of read.sheet.columns) {
    const raw = row.cells[column.key];
    if (raw === undefined) {
      if (column.required) problems.push(problem(read, row.row, column.key, 'is missing'));
      continue;
    }
    const result = cellValue(column, raw, facts);
    if ('problem' in result) problems.push(problem(read, row.row, column.key, result.problem));
    else values[column.key] = result.value;
  }
  if (read.sheet.key === 'reviews' && values.notifyingAgency && !facts.agencies.has(values.notifyingAgency.toLowerCase())) {
    problems.push(problem(read, row.row, 'notifyingAgency', `${values.notifyingAgency} is not a partner agency: use a name or code the service lists`));
  }
  return { row, values, problems };
}

function cellValue(column: Column, raw: string, facts: PlanningFacts): { value: string } | { problem: string } {
  if (column.maxLength && raw.length > column.maxLength) return { problem: `must be ${column.maxLength} characters or fewer` };
  switch (column.kind) {
    case 'date': {
      const date = calendarDate(raw);
      if (!date) return { problem: 'must be a real date, like 25/12/2025' };
      if (date > facts.today && !column.future) return { problem: `must be today or in the past (it says ${dateInWords(date)})` };
      if (date < '1990-01-01') return { problem: `must be 1 January 1990 or later (it says ${dateInWords(date)})` };
      return { value: date };
    }
    case 'whole-number':
      return /^\d{1,3}$/.test(raw) ? { value: String(Number(raw)) } : { problem: 'must be a whole number, like 34' };
    case 'choice': {
      const wanted = raw.toLowerCase().replace(/\s+/g, ' ');
      const choice = column.choices!.find((c) => c.value === wanted || c.text.toLowerCase() === wanted || c.value.replace(/-/g, ' ') === wanted);
      return choice ? { value: choice.value } : { problem: `must be one of: ${column.choices!.map((c) => c.text).join(', ')}` };
    }
    case 'email':
      return isEmail(raw) ? { value: raw } : { problem: 'must be an email address, like name@example.org' };
    case 'web-address':
      return isURL(raw, { protocols: ['https'], require_protocol: true }) ? { value: raw } : { problem: 'must be a web address starting https://' };
    default:
      return { value: raw };
  }
}

/** A cell's date as YYYY-MM-DD, read as a UK spreadsheet writes it, or null. */
export function calendarDate(text: string): CalendarDate | null {
  if (isCalendarDate(text)) return text;
  for (const pattern of DATE_FORMATS) {
    const date = parseDate(text, pattern, new Date(2000, 0, 1));
    if (isValid(date) && date.getFullYear() >= 1000 && date.getFullYear() <= 9999) return format(date, 'yyyy-MM-dd');
  }
  return null;
}

function heading(sheet: Sheet, key: string): string {
  return sheet.columns.find((column) => column.key === key)?.heading ?? key;
}

/** A cell's problem, its message said after its column's heading ("Date of death must be a real date..."). */
export function problem(read: ReadSheet, row: number, key: string, message: string): CellProblem {
  const column = read.sheet.columns.find((c) => c.key === key);
  const name = column?.heading ?? key;
  return { sheet: read.sheet.name, row, column: read.letters[key] ?? null, heading: name, message: `${name} ${message}` };
}
