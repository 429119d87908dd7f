import { auditEntryHash, GENESIS_HASH, HashedAuditFields } from './audit-hash';

const entry: HashedAuditFields = {
  seq: 1,
  occurredAt: new Date('2026-02-02T10:00:00.123Z'),
  actorId: '7b0f8c8e-1f4e-4d7e-9a56-0c1d2e3f4a5b',
  action: 'review.created',
  reviewId: null,
  partnershipId: null,
  changes: { after: { stage: 'decision', version: 1 } },
  correlationId: 'abc',
  boards: ['csp', 'dab'],
  prevHash: GENESIS_HASH,
};

describe('audit entry hashing', () => {
  it('is a SHA-256 that does not depend on the order of keys', () => {
    const reordered = { ...entry, changes: { after: { version: 1, stage: 'decision' } } };
    expect(auditEntryHash(entry)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditEntryHash(reordered)).toBe(auditEntryHash(entry));
  });

  it('changes when any field or the previous hash changes', () => {
    const base = auditEntryHash(entry);
    const variants: Partial<HashedAuditFields>[] = [
      { seq: 2 },
      { occurredAt: new Date('2026-02-02T10:00:00.124Z') },
      { actorId: null },
      { action: 'review.viewed' },
      { changes: { after: { stage: 'set-up', version: 1 } } },
      { correlationId: 'abd' },
      { boards: ['csp'] },
      { prevHash: 'f'.repeat(64) },
    ];
    for (const variant of variants) expect(auditEntryHash({ ...entry, ...variant })).not.toBe(base);
  });
});
