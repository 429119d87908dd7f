import { Page } from '@app/common';
import { DeadlineListItem } from '@app/deadlines';
import { ActionView } from '@app/recommendations';
import { NextStepView, ReviewListItem, SignOffWaitingItem } from '@app/reviews';
import { actionRow, ActionRow, reviewDeadlineRow, ReviewDeadlineRow, reviewRow, ReviewRow } from './parts';

/** A report waiting for this board member's vote. */
export interface SignOffWaitingRow {
  reviewId: string;
  reference: string;
  typeName: string;
  victimPseudonym: string;
  board: string;
  boardName: string;
  stageEnteredOn: string;
}

export function signOffWaitingRow(i: SignOffWaitingItem): SignOffWaitingRow {
  return {
    reviewId: i.reviewId,
    reference: i.reference,
    typeName: i.typeName,
    victimPseudonym: i.victimPseudonym,
    board: i.board,
    boardName: i.boardName,
    stageEnteredOn: i.stageEnteredOn,
  };
}

/** `/my-work`: what `my-work.njk` shows. */
export interface MyWorkPageModel {
  title: string;
  width: 'full';
  today: string;
  lookAheadDays: number;
  /** Overdue first (with the statutory notices past due that ended reviews still owe), then those due in the look-ahead. */
  deadlines: ReviewDeadlineRow[];
  reviews: ReviewRow[];
  reviewsTotal: number;
  /** Board members only; null for everyone else. */
  signOffs: SignOffWaitingRow[] | null;
  /** Agency action owners only: their agency's open actions; null for everyone else. */
  actions: ActionRow[] | null;
  /** What happens next on each review this person sees that has not ended, most pressing first. */
  nextSteps: NextStepRow[];
  nextStepsTotal: number;
}

/** One open review's next step, as My work lists it. */
export interface NextStepRow {
  href: string;
  reference: string;
  stageLabel: string;
  text: string;
  dueOn: string | null;
  overdue: boolean;
  yours: boolean;
}

export function nextStepRow(step: NextStepView): NextStepRow {
  return {
    href: `/reviews/${step.reviewId}`,
    reference: step.reference,
    stageLabel: step.stageLabel,
    text: step.text,
    dueOn: step.dueOn,
    overdue: step.overdue,
    yours: step.yours,
  };
}

export function myWorkPage(input: {
  today: string;
  lookAheadDays: number;
  overdue: DeadlineListItem[];
  upcoming: DeadlineListItem[];
  reviews: Page<ReviewListItem>;
  stageLabels: Record<string, string>;
  signOffs: SignOffWaitingItem[] | null;
  actions: ActionView[] | null;
  /** A panel member: their agency's information requests link to the agency's page of each review. */
  agencyPages?: boolean;
  nextSteps: Page<NextStepView>;
}): MyWorkPageModel {
  return {
    title: 'My work',
    width: 'full',
    today: input.today,
    lookAheadDays: input.lookAheadDays,
    deadlines: [...input.overdue.filter((d) => d.overdue || d.noticeOutstanding), ...input.upcoming].map((d) =>
      reviewDeadlineRow(d, input.agencyPages ?? false),
    ),
    reviews: input.reviews.items.map((r) => reviewRow(r, input.stageLabels)),
    reviewsTotal: input.reviews.total,
    signOffs: input.signOffs ? input.signOffs.map(signOffWaitingRow) : null,
    actions: input.actions ? input.actions.filter((a) => !a.withdrawn && a.status !== 'complete' && a.status !== 'cannot-complete').map(actionRow) : null,
    nextSteps: input.nextSteps.items.map(nextStepRow),
    nextStepsTotal: input.nextSteps.total,
  };
}
