import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an entry that its hash covers: everything but the hash itself. */
export interface HashedAuditFields {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  action: string;
  reviewId: string | null;
  partnershipId: string | null;
  changes: unknown;
  correlationId: string | null;
  boards: string[];
  prevHash: string;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the entry's fields, the previous entry's hash
 * among them, so changing, removing or reordering any entry breaks every hash after it.
 */
export function auditEntryHash(fields: HashedAuditFields): string {
  const canonical = canonicalize({
    seq: fields.seq,
    occurredAt: fields.occurredAt.toISOString(),
    actorId: fields.actorId,
    action: fields.action,
    reviewId: fields.reviewId,
    partnershipId: fields.partnershipId,
    changes: fields.changes,
    correlationId: fields.correlationId,
    boards: fields.boards,
    prevHash: fields.prevHash,
  });
  return createHash('sha256').update(canonical ?? '').digest('hex');
}
