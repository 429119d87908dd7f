import { Review } from '../entities/review.entity';

/** What a vote's history and audit entry say of the draft it was cast on: each version and its hash (titles may name people, so not those). */
export function castOnDetails(review: Pick<Review, 'signOffDraft'>): Record<string, unknown> {
  const draft = review.signOffDraft;
  if (!draft) return {};
  const part = (p: { documentId: string; version: number; sha256: string }) => ({ documentId: p.documentId, version: p.version, sha256: p.sha256 });
  return { castOn: { overviewReport: part(draft.overviewReport), executiveSummary: draft.executiveSummary ? part(draft.executiveSummary) : null } };
}
