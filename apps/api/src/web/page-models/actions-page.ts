import { Page } from '@app/common';
import { ActionView } from '@app/recommendations';
import { ErrorSummaryItem, FieldSpec, FormValues } from '../forms';
import { FailedForm } from '../form-post';
import { actionRow, ActionRow, formModel, FormModel, Pagination } from './parts';

/** An action of the agency's, with its latest update and its progress form. */
export interface AgencyActionCard extends ActionRow {
  latest: { on: string; note: string | null; reason: string | null } | null;
  form: FormModel;
}

/** `/actions`: what `actions.njk` shows. */
export interface ActionsPageModel {
  title: string;
  width: 'full';
  page: number;
  total: number;
  actions: AgencyActionCard[];
  pagination: Pagination;
  errors: ErrorSummaryItem[];
}

export function actionsPage(input: {
  page: number;
  actions: Pick<Page<ActionView>, 'items' | 'total'>;
  formIdOf: (actionId: string) => string;
  fields: FieldSpec[];
  initial: FormValues;
  pagination: Pagination;
  failed?: FailedForm;
}): ActionsPageModel {
  return {
    title: 'Your agency’s actions',
    width: 'full',
    page: input.page,
    total: input.actions.total,
    actions: input.actions.items.map((action) => {
      const latest = action.history.length ? action.history[action.history.length - 1] : null;
      const form = formModel(input.formIdOf(action.id), '', input.fields, input.failed, input.initial);
      return { ...actionRow(action), latest: latest ? { on: latest.on, note: latest.note, reason: latest.reason } : null, form };
    }),
    pagination: input.pagination,
    errors: input.failed?.errors.errors ?? [],
  };
}
