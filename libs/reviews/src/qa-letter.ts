import { EntityManager } from 'typeorm';
import { QaChange } from './entities/qa-change.entity';
import { ReviewEvent } from './entities/review-event.entity';

/** The Home Office Quality Assurance Panel's latest letter on a review, as `record-qa-outcome` recorded it. */
export interface QaLetter {
  outcome: string;
  /** The sign-off round it answered: the changes it listed carry it. */
  round: number;
  receivedOn: string;
}

/** The review's latest QA letter, or null before one is recorded. */
export async function latestQaLetter(tx: EntityManager, reviewId: string): Promise<QaLetter | null> {
  const event = await tx.getRepository(ReviewEvent).findOne({ where: { reviewId, action: 'record-qa-outcome' }, order: { id: 'DESC' } });
  if (!event || typeof event.details.outcome !== 'string') return null;
  return { outcome: event.details.outcome, round: Number(event.details.round), receivedOn: event.occurredOn };
}

/** The changes a letter (by its round) listed, in the letter's order. */
export function changesOf(tx: EntityManager, reviewId: string, round: number): Promise<QaChange[]> {
  return tx.getRepository(QaChange).find({ where: { reviewId, letterRound: round }, order: { position: 'ASC' } });
}

export const QA_CHANGE_STATUS_NAMES: Record<string, string> = { outstanding: 'Outstanding', done: 'Done', explained: 'Not made: explained' };
