import type { ProceedingView } from '@app/proceedings';
import type { ReviewView } from '@app/reviews';

/** One proceeding as the page shows it. */
export interface ProceedingCard {
  id: string;
  heading: string;
  kindName: string;
  body: string;
  reference: string | null;
  statusName: string;
  expectedConclusionOn: string | null;
  hearings: { date: string; what: string }[];
  contact: string | null;
  concludedOn: string | null;
  outcome: string | null;
  /** The review's current pause waits for it. */
  pausedFor: boolean;
}

/** `/reviews/:id/proceedings`: what `reviews/proceedings.njk` shows. */
export interface ProceedingsPageModel {
  title: string;
  review: { id: string; reference: string; pseudonym: string; stageLabel: string };
  proceedings: ProceedingCard[];
  /** Links to the review page's forms, for those who may take the actions now. */
  recordHref: string | null;
  updateHref: string | null;
}

export function proceedingsPage(review: ReviewView, proceedings: ProceedingView[]): ProceedingsPageModel {
  const running = review.status === 'paused' ? review.pauses.find((p) => p.endedOn === null) : undefined;
  const may = (action: string) => review.availableActions.includes(action);
  return {
    title: `Parallel proceedings: ${review.reference}`,
    review: { id: review.id, reference: review.reference, pseudonym: review.victim.pseudonym, stageLabel: review.stageLabel },
    proceedings: proceedings.map((p) => ({
      id: p.id,
      heading: `${p.kindName}: ${p.body}`,
      kindName: p.kindName,
      body: p.body,
      reference: p.reference,
      statusName: p.statusName,
      expectedConclusionOn: p.expectedConclusionOn,
      hearings: p.hearings,
      contact: p.contact,
      concludedOn: p.concludedOn,
      outcome: p.outcome,
      pausedFor: running?.proceeding?.id === p.id,
    })),
    recordHref: may('record-proceeding') ? `/reviews/${review.id}#record-proceeding` : null,
    updateHref: may('update-proceeding') && proceedings.length ? `/reviews/${review.id}#update-proceeding` : null,
  };
}
