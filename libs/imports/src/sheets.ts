import { PAUSE_CATEGORIES, PAUSE_CATEGORY_NAMES, QA_OUTCOMES, DECISION_OUTCOMES, outcomeName, VICTIM_SEXES } from '@app/reviews';

/** What a cell holds, and so how it is read and checked. */
export type CellKind = 'text' | 'date' | 'whole-number' | 'choice' | 'email' | 'web-address';

export interface Choice {
  value: string;
  text: string;
}

/** One column of a sheet of the import template. */
export interface Column {
  key: string;
  heading: string;
  kind: CellKind;
  required?: boolean;
  choices?: readonly Choice[];
  /** A date that may be after today (a due date, an expected end). */
  future?: boolean;
  /** What to put in it, in a sentence: the template's own guidance row. */
  hint: string;
  maxLength?: number;
}

export interface Sheet {
  key: 'reviews' | 'information-requests' | 'pauses';
  name: string;
  /** What one row of the sheet is. */
  row: string;
  columns: readonly Column[];
}

const choices = (values: readonly string[], text: (value: string) => string): Choice[] => values.map((value) => ({ value, text: text(value) }));

const SEX_WORDS: Record<string, string> = { female: 'Female', male: 'Male', unknown: 'Not known' };

const REFERENCE: Column = {
  key: 'reference',
  heading: 'Your reference',
  kind: 'text',
  required: true,
  maxLength: 100,
  hint: 'Your own reference for the review, as in your spreadsheet or files. Importing a review with the same reference again creates nothing.',
};

export const REVIEWS_SHEET: Sheet = {
  key: 'reviews',
  name: 'Reviews',
  row: 'one review',
  columns: [
    REFERENCE,
    { key: 'type', heading: 'Review type', kind: 'text', required: true, maxLength: 20, hint: 'DHR or OWHR.' },
    { key: 'notifiedOn', heading: 'Date the partnership was told', kind: 'date', required: true, hint: 'The day the partnership learned of the death.' },
    { key: 'dateOfDeath', heading: 'Date of death', kind: 'date', required: true, hint: 'On or before the date the partnership was told.' },
    {
      key: 'notifyingAgency',
      heading: 'Agency that told the partnership',
      kind: 'text',
      required: true,
      maxLength: 100,
      hint: 'A partner agency, by its name or code as the service lists them.',
    },
    {
      key: 'pseudonym',
      heading: 'Victim pseudonym',
      kind: 'text',
      required: true,
      maxLength: 100,
      hint: 'The pseudonym, such as "Adult A". Never a real name.',
    },
    { key: 'ageAtDeath', heading: 'Victim age at death', kind: 'whole-number', required: true, hint: 'In whole years.' },
    {
      key: 'sex',
      heading: 'Victim sex',
      kind: 'choice',
      required: true,
      choices: choices(VICTIM_SEXES, (v) => SEX_WORDS[v] ?? v),
      hint: 'Female, Male or Not known.',
    },
    {
      key: 'circumstances',
      heading: 'Circumstances',
      kind: 'text',
      required: true,
      maxLength: 5000,
      hint: 'What is known of the death, in words that name no one.',
    },
    { key: 'placeOfDeath', heading: 'Place of death', kind: 'text', maxLength: 500, hint: 'Optional. Where it happened, naming no one.' },
    {
      key: 'decision',
      heading: 'Decision',
      kind: 'choice',
      choices: choices(DECISION_OUTCOMES, outcomeName),
      hint: 'Leave blank if not decided yet. For a DHR: Hold a review, or Do not hold a review.',
    },
    { key: 'decidedOn', heading: 'Date decided', kind: 'date', hint: 'Needed with a decision.' },
    { key: 'rationale', heading: 'Reasons for the decision', kind: 'text', maxLength: 5000, hint: 'Needed with a decision.' },
    {
      key: 'homeOfficeToldOn',
      heading: 'Date Home Office told of the decision',
      kind: 'date',
      hint: 'The statutory notice of the decision. Leave blank if not sent yet: it will show as due.',
    },
    {
      key: 'chairEmail',
      heading: 'Independent chair email',
      kind: 'email',
      maxLength: 320,
      hint: 'The email address of the independent chair, who must already have an account with the independent chair role.',
    },
    { key: 'chairAppointedOn', heading: 'Date chair appointed', kind: 'date', hint: 'Needed with a chair.' },
    { key: 'termsAgreedOn', heading: 'Date terms of reference agreed', kind: 'date', hint: 'Leave blank if not agreed yet.' },
    { key: 'informationCompleteOn', heading: 'Date information gathering finished', kind: 'date', hint: 'Leave blank if still gathering information.' },
    {
      key: 'unansweredReason',
      heading: 'Why it went on without all the information',
      kind: 'text',
      maxLength: 2000,
      hint: 'Needed only if an information request was still unanswered when information gathering finished.',
    },
    { key: 'draftCompleteOn', heading: 'Date draft report finished', kind: 'date', hint: 'When the draft went to the boards for sign-off.' },
    {
      key: 'submittedOn',
      heading: 'Date submitted to the Home Office',
      kind: 'date',
      hint: 'When the signed-off report went to the Home Office Quality Assurance Panel.',
    },
    {
      key: 'qaOutcome',
      heading: 'Home Office QA outcome',
      kind: 'choice',
      choices: choices(QA_OUTCOMES, outcomeName),
      hint: 'Leave blank if no letter yet.',
    },
    { key: 'qaLetterOn', heading: 'Date of QA letter', kind: 'date', hint: 'Needed with a QA outcome.' },
    {
      key: 'commissionerCopyOn',
      heading: 'Date report sent to the Domestic Abuse Commissioner',
      kind: 'date',
      hint: 'After the Home Office approved the report. Leave blank if not sent yet: it will show as due.',
    },
    { key: 'publishedOn', heading: 'Date published', kind: 'date', hint: 'Leave blank if not published yet.' },
    {
      key: 'publishedUrl',
      heading: 'Web address of the published report',
      kind: 'web-address',
      maxLength: 2000,
      hint: 'Needed with a publication date: https://...',
    },
    {
      key: 'qaLetterPublished',
      heading: 'QA letter published with the report',
      kind: 'choice',
      choices: [
        { value: 'yes', text: 'Yes' },
        { value: 'no', text: 'No' },
      ],
      hint: "For a DHR, needed with a publication date: whether the Home Office Quality Assurance Panel's letter is published with the report.",
    },
  ],
};

export const INFORMATION_REQUESTS_SHEET: Sheet = {
  key: 'information-requests',
  name: 'Information requests',
  row: 'one request to an agency for its IMR, chronology or other information',
  columns: [
    { ...REFERENCE, hint: 'The review it belongs to: its reference on the Reviews sheet.' },
    { key: 'agency', heading: 'Agency asked', kind: 'text', required: true, maxLength: 100, hint: 'A partner agency, by its name or code.' },
    {
      key: 'description',
      heading: 'What was asked for',
      kind: 'text',
      required: true,
      maxLength: 2000,
      hint: 'For example, an individual management review and chronology.',
    },
    { key: 'requestedOn', heading: 'Date asked', kind: 'date', required: true, hint: 'The day the agency was asked.' },
    { key: 'dueOn', heading: 'Date due', kind: 'date', required: true, future: true, hint: 'On or after the day it was asked.' },
    { key: 'receivedOn', heading: 'Date received', kind: 'date', hint: 'Leave blank if not received yet.' },
  ],
};

export const PAUSES_SHEET: Sheet = {
  key: 'pauses',
  name: 'Pauses',
  row: 'one time the review was paused',
  columns: [
    { ...REFERENCE, hint: 'The review it belongs to: its reference on the Reviews sheet.' },
    {
      key: 'category',
      heading: 'Why paused',
      kind: 'choice',
      required: true,
      choices: choices(PAUSE_CATEGORIES, (v) => PAUSE_CATEGORY_NAMES[v as (typeof PAUSE_CATEGORIES)[number]] ?? v),
      hint: 'Criminal proceedings, Inquest, The family asked, or Other.',
    },
    { key: 'reason', heading: 'Reason', kind: 'text', required: true, maxLength: 2000, hint: 'What the review waits for, naming no one.' },
    { key: 'startedOn', heading: 'Date paused', kind: 'date', required: true, hint: 'The day the pause began.' },
    { key: 'expectedEndOn', heading: 'Expected end', kind: 'date', future: true, hint: 'Optional: when the pause is expected to end.' },
    { key: 'endedOn', heading: 'Date resumed', kind: 'date', hint: 'Leave blank if the review is still paused.' },
  ],
};

export const SHEETS: readonly Sheet[] = [REVIEWS_SHEET, INFORMATION_REQUESTS_SHEET, PAUSES_SHEET];

export function sheetByKey(key: string): Sheet | undefined {
  return SHEETS.find((sheet) => sheet.key === key);
}
