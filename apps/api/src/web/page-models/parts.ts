import { DeadlineListItem, DeadlineView } from '@app/deadlines';
import { ReviewDeadlineView } from '@app/reviews';
import { ActionView, RecommendationView } from '@app/recommendations';
import { ReviewListItem } from '@app/reviews';
import { FieldSpec, FormValues } from '../forms';
import { FailedForm } from '../form-post';
import { pagination } from '../paging';

/**
 * Pieces several pages show, each with exactly the fields its templates read, built from what
 * the services return. A page model is what a template shows, not an API DTO passed through.
 */

/** A form on a page of several, folded in a details element (`partials/fields.njk`). */
export interface FormModel {
  /** Its id on the page, and its fields' id prefix. */
  action: string;
  label: string;
  fields: FieldSpec[];
  values: FormValues;
  fieldErrors: Record<string, string>;
  open: boolean;
}

/** A form of id `id`, with what was typed and what was wrong if it is the one that failed. */
export function formModel(id: string, label: string, fields: FieldSpec[], failed?: FailedForm, initial: FormValues = {}): FormModel {
  const mine = failed?.id === id;
  return { action: id, label, fields, values: mine ? failed.values : initial, fieldErrors: mine ? failed.errors.fieldErrors : {}, open: mine };
}

/** A deadline as `partials/tags.njk` and the deadline tables show it. */
export interface DeadlineRow {
  label: string;
  dueOn: string;
  originalDueOn: string;
  completedOn: string | null;
  daysRemaining: number | null;
  pausedDays: number;
  extensions: { fromDueOn: string; toDueOn: string; reason: string }[];
  status: string;
  overdue: boolean;
  movedByPause: boolean;
  /** Outstanding on a review that has ended: a statutory notice still owed, not an overdue review. */
  noticeOutstanding: boolean;
  /** "Recorded as not sent: <reason>", or null. */
  statusNote: string | null;
}

export function deadlineRow(d: DeadlineView): DeadlineRow {
  return {
    label: d.label,
    dueOn: d.dueOn,
    originalDueOn: d.originalDueOn,
    completedOn: d.completedOn,
    daysRemaining: d.daysRemaining,
    pausedDays: d.pausedDays,
    extensions: d.extensions.map((e) => ({ fromDueOn: e.fromDueOn, toDueOn: e.toDueOn, reason: e.reason })),
    status: d.status,
    overdue: d.overdue,
    movedByPause: d.movedByPause,
    noticeOutstanding: d.noticeOutstanding,
    statusNote: d.statusNote,
  };
}

/** A deadline on its review's page: with where its date comes from. */
export interface SourcedDeadlineRow extends DeadlineRow {
  basis: string;
  citation: string;
  statutoryNotice: boolean;
}

export function sourcedDeadlineRow(d: ReviewDeadlineView): SourcedDeadlineRow {
  return { ...deadlineRow(d), basis: d.basis, citation: d.citation, statutoryNotice: d.statutoryNotice };
}

/** A deadline in a list of several reviews' deadlines, with the review it belongs to. */
export interface ReviewDeadlineRow extends DeadlineRow {
  review: { id: string; reference: string };
  /** Where the row links: the review's page, or for an agency's own information request, the agency's page of the review. */
  href: string;
}

/** `agencyPage`: information requests link to the agency's page of the review (a panel member's own requests). */
export function reviewDeadlineRow(d: DeadlineListItem, agencyPage = false): ReviewDeadlineRow {
  const href = agencyPage && d.key.startsWith('information-request:') ? `/reviews/${d.review.id}/agency` : `/reviews/${d.review.id}`;
  return { ...deadlineRow(d), review: { id: d.review.id, reference: d.review.reference }, href };
}

/** A row of `partials/review-table.njk`. */
export interface ReviewRow {
  id: string;
  reference: string;
  victimPseudonym: string;
  stageLabel: string;
  notifiedOn: string;
  nextDueOn: string | null;
  overdue: boolean;
  /** Ended with a statutory notice still owed: shown as that, never as overdue. */
  noticeOutstanding: boolean;
  status: string;
  /** The death may not meet the review type's criteria (a DHR of a victim under 16): flagged in the list. */
  criteriaNotMet: boolean;
}

export function reviewRow(r: ReviewListItem, stageLabels: Record<string, string>): ReviewRow {
  return {
    id: r.id,
    reference: r.reference,
    victimPseudonym: r.victimPseudonym,
    stageLabel: stageLabels[r.stage] ?? r.stage,
    notifiedOn: r.notifiedOn,
    nextDueOn: r.nextDueOn,
    overdue: r.overdue,
    noticeOutstanding: r.noticeOutstanding,
    status: r.status,
    criteriaNotMet: (r.criteriaWarnings ?? []).length > 0,
  };
}

/** An action of an action plan, as the lists of actions show it. */
export interface ActionRow {
  id: string;
  reviewId: string;
  reviewReference: string;
  recommendationNumber: number;
  description: string;
  owningAgencyName: string;
  dueOn: string;
  completedOn: string | null;
  status: string;
  overdue: boolean;
  /** When and why it was withdrawn; null while it stands. */
  withdrawn: { at: string; reason: string } | null;
}

export function actionRow(a: ActionView): ActionRow {
  return {
    id: a.id,
    reviewId: a.reviewId,
    reviewReference: a.reviewReference,
    recommendationNumber: a.recommendationNumber,
    description: a.description,
    owningAgencyName: a.owningAgencyName,
    dueOn: a.dueOn,
    completedOn: a.completedOn,
    status: a.status,
    overdue: a.overdue,
    withdrawn: a.withdrawn ? { at: a.withdrawn.at, reason: a.withdrawn.reason } : null,
  };
}

/** A recommendation with its action plan (`partials/plan.njk`). */
export interface RecommendationCard {
  id: string;
  number: number;
  text: string;
  level: string;
  owningAgencyName: string;
  themeNames: string[];
  outcome: string;
  actions: ActionRow[];
  /** When and why it was withdrawn; null while it stands. */
  withdrawn: { at: string; reason: string } | null;
}

export function recommendationCard(r: RecommendationView): RecommendationCard {
  return {
    id: r.id,
    number: r.number,
    text: r.text,
    level: r.level,
    owningAgencyName: r.owningAgencyName,
    themeNames: r.themeNames,
    outcome: r.outcome,
    actions: r.actions.map(actionRow),
    withdrawn: r.withdrawn ? { at: r.withdrawn.at, reason: r.withdrawn.reason } : null,
  };
}

/** GOV.UK pagination's items, or null when there is one page (`paging.ts`). */
export type Pagination = ReturnType<typeof pagination>;
