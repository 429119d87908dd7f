import { Page } from '@app/common';
import { describeRetention, DueForDisposalItem, LegalHoldView, ReviewTypeRetentionView, RetentionRuleView } from '@app/retention';
import { FailedForm } from '../form-post';
import { ErrorSummaryItem, FieldSpec, FormErrors } from '../forms';
import { AdminSection } from './admin-pages';
import { formModel, FormModel, Pagination } from './parts';

/** The years field of a review type's retention form. */
export const RETENTION_FIELDS: FieldSpec[] = [
  {
    path: 'years',
    label: 'Years after a review ends that its records are kept',
    kind: 'number',
    hint: 'A whole number from 1 to 100. This is the partnership’s own practice: no law sets a period.',
    classes: 'govuk-input--width-3',
  },
];

export const CONFIRM_FIELDS: FieldSpec[] = [
  {
    path: 'confirmReference',
    label: 'The review’s reference',
    kind: 'text',
    hint: 'Type it, as shown above, to confirm. Disposal cannot be undone.',
    classes: 'govuk-input--width-10',
  },
];

export const retentionFormId = (reviewType: string) => `retention-${reviewType.toLowerCase()}`;

/** A rule as a page shows it: "6 years after closure", where it comes from, and who set it. */
export interface RuleText {
  summary: string;
  sources: string[];
  setBy: string | null;
  setAt: string | null;
}

function ruleText(rule: RetentionRuleView | null): RuleText | null {
  if (!rule) return null;
  return { summary: describeRetention(rule), sources: rule.source.map((s) => s.cite), setBy: rule.setBy?.name ?? null, setAt: rule.setAt };
}

/** `/admin/retention`: what `admin/retention.njk` shows. */
export interface RetentionPageModel {
  title: string;
  width: 'full';
  section: AdminSection;
  types: {
    reviewType: string;
    name: string;
    defaultRuleset: string;
    rulesetRule: RuleText | null;
    setting: RuleText | null;
    inForce: string;
    form: FormModel;
  }[];
  errors: ErrorSummaryItem[];
}

export function retentionPage(rules: ReviewTypeRetentionView[], failed?: FailedForm): RetentionPageModel {
  return {
    title: 'Retention',
    width: 'full',
    section: 'retention',
    types: rules.map((rule) => ({
      reviewType: rule.reviewType,
      name: rule.name,
      defaultRuleset: rule.defaultRuleset,
      rulesetRule: ruleText(rule.rulesetRule),
      setting: ruleText(rule.partnershipSetting),
      inForce: rule.summary,
      form: formModel(retentionFormId(rule.reviewType), `Set ${rule.reviewType} retention`, RETENTION_FIELDS, failed, {
        years: rule.partnershipSetting ? String(rule.partnershipSetting.years) : '',
      }),
    })),
    errors: failed?.errors.errors ?? [],
  };
}

export interface HoldRow {
  reason: string;
  placedAt: string;
  placedBy: string;
}

function holdRow(hold: LegalHoldView): HoldRow {
  return { reason: hold.reason, placedAt: hold.placedAt, placedBy: hold.placedBy?.name ?? '' };
}

/** One review due for disposal, as the list and the confirmation page show it. */
export interface DueRow {
  reviewId: string;
  reference: string;
  typeName: string;
  endedOn: string;
  endStage: string;
  rule: RuleText;
  dueOn: string;
  holds: HoldRow[];
}

function dueRow(item: DueForDisposalItem): DueRow {
  return {
    reviewId: item.reviewId,
    reference: item.reference,
    typeName: item.typeName,
    endedOn: item.endedOn,
    endStage: item.endStage,
    rule: ruleText(item.rule)!,
    dueOn: item.dueOn,
    holds: item.legalHolds.map(holdRow),
  };
}

/** `/admin/disposal`: what `admin/disposal.njk` shows. */
export interface DisposalListPageModel {
  title: string;
  width: 'full';
  section: AdminSection;
  items: DueRow[];
  total: number;
  pagination: Pagination;
}

export function disposalListPage(page: Page<DueForDisposalItem>, pagination: Pagination): DisposalListPageModel {
  return { title: 'Records due for disposal', width: 'full', section: 'disposal', items: page.items.map(dueRow), total: page.total, pagination };
}

/** `/admin/disposal/:id`: what `admin/disposal-confirm.njk` shows. */
export interface DisposalConfirmPageModel {
  title: string;
  section: AdminSection;
  item: DueRow;
  /** True when it may be disposed of today (due, and on no hold). */
  due: boolean;
  today: string;
  form: FormModel;
  errors: ErrorSummaryItem[];
}

export function disposalConfirmPage(
  item: DueForDisposalItem,
  today: string,
  errors?: FormErrors,
  values: Record<string, string> = {},
): DisposalConfirmPageModel {
  const failed: FailedForm | undefined = errors ? { id: 'dispose', values, errors } : undefined;
  return {
    title: `Dispose of ${item.reference}`,
    section: 'disposal',
    item: dueRow(item),
    due: item.dueOn <= today,
    today,
    form: formModel('dispose', 'Dispose of the records', CONFIRM_FIELDS, failed),
    errors: errors?.errors ?? [],
  };
}

/** The review page's legal holds: who placed each and why, and the forms to place or lift one. */
export interface LegalHoldsModel {
  active: (HoldRow & { id: string; lift: FormModel | null })[];
  lifted: (HoldRow & { liftedAt: string; liftedBy: string; liftReason: string })[];
  place: FormModel | null;
}

export const PLACE_HOLD_FORM = 'place-legal-hold';
export const liftHoldForm = (holdId: string) => `lift-legal-hold-${holdId}`;

export const PLACE_HOLD_FIELDS: FieldSpec[] = [
  {
    path: 'reason',
    label: 'Why the records must be kept',
    kind: 'textarea',
    hint: 'What requires it, for example ‘IICSA instruction: records touching child sexual abuse’. Name no one.',
  },
];

export const LIFT_HOLD_FIELDS: FieldSpec[] = [{ path: 'reason', label: 'Why the hold can be lifted', kind: 'textarea', hint: 'Name no one.' }];

export function legalHoldsModel(holds: LegalHoldView[], may: { place: boolean; lift: boolean }, failed?: FailedForm): LegalHoldsModel {
  return {
    active: holds
      .filter((hold) => hold.active)
      .map((hold) => ({
        id: hold.id,
        ...holdRow(hold),
        lift: may.lift ? formModel(liftHoldForm(hold.id), 'Lift this hold', LIFT_HOLD_FIELDS, failed) : null,
      })),
    lifted: holds
      .filter((hold) => !hold.active)
      .map((hold) => ({ ...holdRow(hold), liftedAt: hold.liftedAt ?? '', liftedBy: hold.liftedBy?.name ?? '', liftReason: hold.liftReason ?? '' })),
    place: may.place ? formModel(PLACE_HOLD_FORM, 'Place a legal hold', PLACE_HOLD_FIELDS, failed) : null,
  };
}
