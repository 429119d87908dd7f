import { RecommendationView } from '@app/recommendations';
import { ReviewView, SignOffWaitingItem } from '@app/reviews';
import { ErrorSummaryItem, FieldSpec, FormValues } from '../forms';
import { FailedForm } from '../form-post';
import { signOffWaitingRow, SignOffWaitingRow } from './my-work-page';
import { recommendationCard, RecommendationCard } from './parts';
import { boardStanding, BoardStanding, reviewFacts, ReviewFacts, voteSummary } from './review-page';

/** `/sign-off`: what `sign-off/list.njk` shows. */
export interface SignOffListPageModel {
  title: string;
  width: 'full';
  items: SignOffWaitingRow[];
}

export function signOffListPage(items: SignOffWaitingItem[]): SignOffListPageModel {
  return { title: 'Sign-off', width: 'full', items: items.map(signOffWaitingRow) };
}

/** A vote on the current draft for this board, as a board member sees it (whose, only if it is theirs). */
export interface BoardVoteRow {
  signedOn: string;
  byYou: boolean;
  /** Who cast it, by name ("You" for one's own). */
  by: string;
  /** "Approved by Ash Board on 3 March 2026". */
  summary: string;
  decision: string;
  comment: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  castOn: ReviewView['signOffs'][number]['castOn'];
}

/** `/sign-off/:id/:board`: what `sign-off/item.njk` shows. */
export interface SignOffItemPageModel {
  title: string;
  width: 'full';
  review: ReviewFacts;
  board: BoardStanding;
  votes: BoardVoteRow[];
  /** This person's vote on the current draft, if they have voted. */
  myVote: { decision: string; signedOn: string } | null;
  mayVote: boolean;
  recommendations: RecommendationCard[];
  fields: FieldSpec[];
  values: FormValues;
  fieldErrors: Record<string, string>;
  errors: ErrorSummaryItem[];
}

export function signOffItemPage(input: {
  review: ReviewView;
  board: ReviewView['signOffStatus'][number];
  me: string;
  /** Whether the services list this report as waiting for this person's vote for this board. */
  waiting: boolean;
  recommendations: RecommendationView[];
  fields: FieldSpec[];
  initial: FormValues;
  failed?: FailedForm;
}): SignOffItemPageModel {
  const { review, board, me, failed } = input;
  const votes = review.signOffs.filter((v) => v.board === board.board);
  const myVote = votes.find((v) => v.memberId === me && !v.withdrawnAt) ?? null;
  return {
    title: `Sign off ${review.reference} for the ${board.boardName}`,
    width: 'full',
    review: reviewFacts(review),
    board: boardStanding(board),
    votes: votes.map((v) => ({
      signedOn: v.signedOn,
      byYou: v.memberId === me,
      by: v.memberId === me ? 'You' : (v.memberName ?? 'A board member'),
      summary: voteSummary(v, v.memberId === me),
      decision: v.decision,
      comment: v.comment,
      withdrawnAt: v.withdrawnAt,
      withdrawnReason: v.withdrawnReason,
      castOn: v.castOn,
    })),
    myVote: myVote ? { decision: myVote.decision, signedOn: myVote.signedOn } : null,
    mayVote: review.availableActions.includes('sign-off') && !myVote && input.waiting,
    recommendations: input.recommendations.map(recommendationCard),
    fields: input.fields,
    values: failed?.values ?? input.initial,
    fieldErrors: failed?.errors.fieldErrors ?? {},
    errors: failed?.errors.errors ?? [],
  };
}
