import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuthenticatedUser, NotFoundProblem, REMOVED_AT_DISPOSAL } from '@app/common';
import { ReviewAccessPort } from '@app/reviews';
import { ProceedingView } from './dto/proceeding.dto';
import { Proceeding } from './entities/proceeding.entity';
import { PROCEEDING_KIND_NAMES, PROCEEDING_STATUS_NAMES } from './proceeding-kinds';

/** A review's parallel proceedings, for whoever may see the review. */
@Injectable()
export class ProceedingsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly access: ReviewAccessPort,
  ) {}

  async list(user: AuthenticatedUser, reviewId: string): Promise<ProceedingView[]> {
    return this.txHost.withTransaction(async () => {
      const review = await this.access.find(user, reviewId);
      return (await this.ofReview(review.id)).map(proceedingView);
    });
  }

  async get(user: AuthenticatedUser, reviewId: string, proceedingId: string): Promise<ProceedingView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.access.find(user, reviewId);
      const proceeding = await this.txHost.tx.getRepository(Proceeding).findOneBy({ id: proceedingId, reviewId: review.id });
      if (!proceeding) throw new NotFoundProblem('No proceeding of this review has that id.');
      return proceedingView(proceeding);
    });
  }

  /**
   * Disposal (libs/retention): each proceeding's reference, contact, outcome and what its hearings
   * were, removed for good; its kind, court or body, dates and status stay as the review's
   * statistical shape. In the caller's transaction.
   */
  async disposePersonalData(reviewId: string): Promise<Record<string, number>> {
    const [, proceedings] = (await this.txHost.tx.query(
      `UPDATE proceedings SET
         reference = CASE WHEN reference IS NULL THEN NULL ELSE $2 END,
         contact = CASE WHEN contact IS NULL THEN NULL ELSE $2 END,
         outcome = CASE WHEN outcome IS NULL THEN NULL ELSE $2 END,
         hearings = COALESCE((SELECT jsonb_agg(jsonb_set(h, '{what}', to_jsonb($2::text))) FROM jsonb_array_elements(hearings) h), '[]'::jsonb)
       WHERE review_id = $1`,
      [reviewId, REMOVED_AT_DISPOSAL],
    )) as [unknown, number];
    return { proceedings };
  }

  /** The review's proceedings, oldest first, in the caller's transaction (the review already found visible). */
  ofReview(reviewId: string): Promise<Proceeding[]> {
    return this.txHost.tx.getRepository(Proceeding).find({ where: { reviewId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** "Criminal trial, Liverpool Crown Court (T20267001)": how a form or a page names one. */
  static describe(p: Pick<Proceeding, 'kind' | 'body' | 'reference'>): string {
    return `${PROCEEDING_KIND_NAMES[p.kind] ?? p.kind}, ${p.body}${p.reference ? ` (${p.reference})` : ''}`;
  }
}

export function proceedingView(p: Proceeding): ProceedingView {
  return {
    id: p.id,
    reviewId: p.reviewId,
    kind: p.kind,
    kindName: PROCEEDING_KIND_NAMES[p.kind] ?? p.kind,
    body: p.body,
    reference: p.reference,
    hearings: [...p.hearings].sort((a, b) => a.date.localeCompare(b.date)).map((h) => ({ date: h.date, what: h.what })),
    expectedConclusionOn: p.expectedConclusionOn,
    status: p.status,
    statusName: PROCEEDING_STATUS_NAMES[p.status] ?? p.status,
    contact: p.contact,
    concludedOn: p.concludedOn,
    outcome: p.outcome,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
