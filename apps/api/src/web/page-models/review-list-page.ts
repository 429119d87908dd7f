import { Page } from '@app/common';
import { ReviewListItem } from '@app/reviews';
import { Choice, ErrorSummaryItem, FieldSpec, FormErrors, FormValues } from '../forms';
import { Pagination, reviewRow, ReviewRow } from './parts';

/** `/reviews`: what `reviews/list.njk` shows. */
export interface ReviewListPageModel {
  title: string;
  width: 'full';
  reviews: ReviewRow[];
  total: number;
  filters: { type: string; stage: string; overdue: boolean };
  typeChoices: Choice[];
  stageChoices: Choice[];
  /** Whether this person may log a notification. */
  mayLog: boolean;
  /** Whether this person may import reviews already under way from a spreadsheet. */
  mayImport: boolean;
  pagination: Pagination;
}

export function reviewListPage(input: {
  page: Page<ReviewListItem>;
  filters: ReviewListPageModel['filters'];
  types: Choice[];
  stageLabels: Record<string, string>;
  mayLog: boolean;
  mayImport: boolean;
  pagination: Pagination;
}): ReviewListPageModel {
  return {
    title: 'Reviews',
    width: 'full',
    reviews: input.page.items.map((r) => reviewRow(r, input.stageLabels)),
    total: input.page.total,
    filters: input.filters,
    typeChoices: input.types,
    stageChoices: Object.entries(input.stageLabels).map(([value, text]) => ({ value, text })),
    mayLog: input.mayLog,
    mayImport: input.mayImport,
    pagination: input.pagination,
  };
}

/** A page that is one form (`reviews/new.njk`, `admin/reminders.njk`...): its fields, what was typed, what was wrong. */
export interface FormPageModel {
  title: string;
  fields: FieldSpec[];
  values: FormValues;
  errors: ErrorSummaryItem[];
  fieldErrors: Record<string, string>;
}

export function formPage(title: string, fields: FieldSpec[], values: FormValues, errors: FormErrors): FormPageModel {
  return { title, fields, values, errors: errors.errors, fieldErrors: errors.fieldErrors };
}
