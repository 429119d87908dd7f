import canonicalize from 'canonicalize';
import { hash } from 'node:crypto';

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
  return hashOfCanonical(canonicalEntry(fields));
}

/** SHA-256, in hex, of an entry's canonical text (as kept in `audit_entries.canonical`). */
export function hashOfCanonical(canonical: string): string {
  // One-shot: no Hash object per entry, which a million entries notice.
  return hash('sha256', canonical, 'hex');
}

/**
 * The RFC 8785 text of an entry: the library's, with the envelope written out directly. The
 * envelope's keys are fixed and its values are strings, nulls, a whole number and a list of
 * strings, whose canonical forms are exactly what JSON.stringify writes; so only `changes`, the
 * one free-form value, goes through the canonicaliser. This is what lets a million entries verify
 * in seconds; `audit-hash.spec.ts` holds it to the library's output for every kind of value.
 */
export function canonicalEntry(fields: HashedAuditFields): string {
  if (!plainEnvelope(fields)) return canonicalEntryByLibrary(fields);
  const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
  // Keys in RFC 8785 order (by UTF-16 code unit): action, actorId, boards, changes, correlationId,
  // occurredAt, partnershipId, prevHash, reviewId, seq.
  return (
    `{"action":${text(fields.action)},"actorId":${text(fields.actorId)},"boards":${JSON.stringify(fields.boards)},` +
    `"changes":${canonicalize(fields.changes) ?? ''},"correlationId":${text(fields.correlationId)},` +
    `"occurredAt":${JSON.stringify(fields.occurredAt.toISOString())},"partnershipId":${text(fields.partnershipId)},` +
    `"prevHash":${text(fields.prevHash)},"reviewId":${text(fields.reviewId)},"seq":${fields.seq}}`
  );
}

/** The entry through the canonicaliser whole: the definition the direct form must equal. */
export function canonicalEntryByLibrary(fields: HashedAuditFields): string {
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
  return canonical ?? '';
}

const stringOrNull = (value: unknown) => value === null || typeof value === 'string';

/** Whether every envelope value has the type it is written directly as (anything else: the library). */
function plainEnvelope(fields: HashedAuditFields): boolean {
  return (
    typeof fields.action === 'string' &&
    typeof fields.prevHash === 'string' &&
    stringOrNull(fields.actorId) &&
    stringOrNull(fields.correlationId) &&
    stringOrNull(fields.partnershipId) &&
    stringOrNull(fields.reviewId) &&
    Number.isSafeInteger(fields.seq) &&
    fields.occurredAt instanceof Date &&
    !Number.isNaN(fields.occurredAt.getTime()) &&
    Array.isArray(fields.boards) &&
    fields.boards.every((board) => typeof board === 'string') &&
    fields.changes !== undefined
  );
}
