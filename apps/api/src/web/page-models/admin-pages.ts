import { ROLE_LABELS } from '@app/access';
import { Page } from '@app/common';
import { UserView } from '@app/identity';
import { OutboxService } from '@app/notifications';
import { Choice, ErrorSummaryItem, FieldSpec, FormErrors, FormValues } from '../forms';
import { Pagination } from './parts';

type OutboxMessageView = Awaited<ReturnType<OutboxService['list']>>['items'][number];

export type AdminSection = 'users' | 'reminders' | 'mail' | 'retention' | 'disposal';

export const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** `/admin/users`: what `admin/users.njk` shows. */
export interface UserListPageModel {
  title: string;
  width: 'full';
  section: AdminSection;
  users: { id: string; name: string; email: string; roleNames: string[]; agency: { name: string } | null; active: boolean }[];
  total: number;
  pagination: Pagination;
}

export function userListPage(page: Page<UserView>, pagination: Pagination): UserListPageModel {
  return {
    title: 'Users',
    width: 'full',
    section: 'users',
    users: page.items.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      roleNames: u.roles.map((role) => capitalised((ROLE_LABELS as Record<string, string>)[role] ?? role)),
      agency: u.agency ? { name: u.agency.name } : null,
      active: u.active,
    })),
    total: page.total,
    pagination,
  };
}

/** `admin/user-form.njk`: adding a person, or changing one (`person`). */
export interface UserFormPageModel {
  title: string;
  section: AdminSection;
  /** The person being changed; `lockedUntil` when their account is locked after failed sign-ins. */
  person: { email: string; lockedUntil?: string | null; unlockAction?: string } | null;
  action: string;
  button: string;
  fields: FieldSpec[];
  values: FormValues;
  errors: ErrorSummaryItem[];
  fieldErrors: Record<string, string>;
}

export function userFormPage(input: Omit<UserFormPageModel, 'section' | 'errors' | 'fieldErrors'>, errors: FormErrors): UserFormPageModel {
  return { ...input, section: 'users', errors: errors.errors, fieldErrors: errors.fieldErrors };
}

/** `/admin/reminders`: what `admin/reminders.njk` shows. */
export interface ReminderSettingsPageModel {
  title: string;
  section: AdminSection;
  fields: FieldSpec[];
  values: FormValues;
  errors: ErrorSummaryItem[];
  fieldErrors: Record<string, string>;
}

/** `/admin/mail`: what `admin/mail.njk` shows (never a mail's content). */
export interface MailPageModel {
  title: string;
  width: 'full';
  section: AdminSection;
  status: string;
  statuses: (Choice & { selected: boolean })[];
  mail: {
    id: string;
    createdAt: string;
    kind: string;
    to: string;
    subject: string;
    attempts: number;
    lastError: string | null;
    withdrawnReason: string | null;
  }[];
  total: number;
  pagination: Pagination;
  errors: ErrorSummaryItem[];
  fieldErrors: Record<string, string>;
}

export function mailPage(input: {
  status: string;
  statuses: string[];
  mail: Page<OutboxMessageView>;
  pagination: Pagination;
  errors: FormErrors;
}): MailPageModel {
  return {
    title: 'Mail',
    width: 'full',
    section: 'mail',
    status: input.status,
    statuses: input.statuses.map((s) => ({ value: s, text: capitalised(s), selected: s === input.status })),
    mail: input.mail.items.map((m) => ({
      id: m.id,
      createdAt: m.createdAt,
      kind: m.kind,
      to: m.to,
      subject: m.subject,
      attempts: m.attempts,
      lastError: m.lastError,
      withdrawnReason: m.withdrawnReason,
    })),
    total: input.mail.total,
    pagination: input.pagination,
    errors: input.errors.errors,
    fieldErrors: input.errors.fieldErrors,
  };
}
