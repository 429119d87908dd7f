import { dateInWords, Page } from '@app/common';
import { ImportProblemView, ImportRowView, ReviewImportView, SHEETS } from '@app/imports';
import { PageModel } from '../render';

/** An import's state in words, with the tag colour GOV.UK would give it. */
const STATUS_WORDS: Record<ReviewImportView['status'], { text: string; classes: string }> = {
  'has-problems': { text: 'Has problems', classes: 'govuk-tag--red' },
  ready: { text: 'Ready to import', classes: 'govuk-tag--blue' },
  'nothing-to-import': { text: 'Nothing new', classes: 'govuk-tag--grey' },
  imported: { text: 'Imported', classes: 'govuk-tag--green' },
};

export interface ImportListPageModel extends PageModel {
  section: string;
  showAdminNav: boolean;
  templates: { href: string; text: string }[];
  imports: { id: string; fileName: string; checkedAt: string; status: { text: string; classes: string }; summary: string }[];
  pagination?: object;
  errors?: { text: string; href: string }[];
  fileError?: string;
}

export function importListPage(page: Page<ReviewImportView>, adminNav: boolean, pagination: object | undefined, fileError?: string): ImportListPageModel {
  return {
    title: 'Import reviews already under way',
    section: 'imports',
    showAdminNav: adminNav,
    templates: [
      { href: '/api/imports/reviews/template.xlsx', text: 'Excel workbook (.xlsx), with every sheet and guidance' },
      ...SHEETS.map((sheet) => ({ href: `/api/imports/reviews/template.csv?sheet=${sheet.key}`, text: `${sheet.name} sheet only, as CSV` })),
    ],
    imports: page.items.map((item) => ({
      id: item.id,
      fileName: item.fileName,
      checkedAt: item.checkedAt,
      status: STATUS_WORDS[item.status],
      summary: summaryWords(item),
    })),
    pagination,
    ...(fileError ? { errors: [{ text: fileError, href: '#file' }], fileError } : {}),
  };
}

export interface ImportReportPageModel extends PageModel {
  section: string;
  showAdminNav: boolean;
  id: string;
  fileName: string;
  status: { text: string; classes: string };
  ready: boolean;
  imported: boolean;
  summary: string;
  problems: ImportProblemView[];
  reviews: { importReference: string; row: number; outcome: string; href?: string; clocks: string[] }[];
  errors?: { text: string; href: string }[];
}

export function importReportPage(view: ReviewImportView, adminNav: boolean): ImportReportPageModel {
  return {
    title: view.status === 'imported' ? 'Reviews imported' : 'Check the import',
    width: 'full',
    section: 'imports',
    showAdminNav: adminNav,
    id: view.id,
    fileName: view.fileName,
    status: STATUS_WORDS[view.status],
    ready: view.status === 'ready',
    imported: view.status === 'imported',
    summary: summaryWords(view),
    problems: view.report.problems,
    reviews: view.report.reviews.map((row) => ({
      importReference: row.importReference,
      row: row.row,
      outcome: outcomeWords(row),
      ...(row.reviewId && row.outcome !== 'create' ? { href: `/reviews/${row.reviewId}` } : {}),
      clocks: (row.outstanding ?? []).map((clock) => `${clock.label}: due ${dateInWords(clock.dueOn)}`),
    })),
  };
}

function outcomeWords(row: ImportRowView): string {
  const where = row.stageName ? `${row.reference}, at ${row.stageName.toLowerCase()}${row.status === 'paused' ? ' (paused)' : ''}` : '';
  switch (row.outcome) {
    case 'create':
      return `Will be created as ${where}`;
    case 'created':
      return `Created as ${where}`;
    case 'already-imported':
      return `Already imported as ${row.reference}: nothing will be done`;
    default:
      return 'Not imported: see the problems';
  }
}

function summaryWords(view: ReviewImportView): string {
  const { reviews, toCreate, alreadyImported, problems } = view.report.summary;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [count(reviews, 'review', 'reviews')];
  if (view.status === 'imported') parts.push(`${toCreate} created`);
  else if (problems) parts.push(count(problems, 'problem', 'problems'));
  else parts.push(`${toCreate} to create`);
  if (alreadyImported) parts.push(`${alreadyImported} imported before`);
  return parts.join(', ');
}
