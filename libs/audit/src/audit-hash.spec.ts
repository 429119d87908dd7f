import { auditEntryHash, canonicalEntry, canonicalEntryByLibrary, GENESIS_HASH, HashedAuditFields } from './audit-hash';

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

  it('writes exactly the canonicaliser’s text for every kind of value an entry can hold', () => {
    const awkward = ['', 'quote " and backslash \\', 'line\nbreak\ttab\u0001\u001f', 'é ü 你好 😀', '\u2028\u2029', '</script>'];
    const changes: unknown[] = [
      {},
      [],
      null,
      'text',
      0,
      -0,
      1e21,
      1.5e-7,
      123456789.125,
      { z: 1, a: [true, false, null], é: { '€': 2, '\u0080': 3, A: 'x' }, '10': 1, '9': 2 },
      { nested: { deeper: [{ b: 2, a: 1 }, awkward] } },
      Object.fromEntries(awkward.map((key, i) => [key, awkward[(i + 1) % awkward.length]])),
    ];
    let compared = 0;
    for (const change of changes) {
      for (const text of awkward) {
        for (const nulls of [true, false]) {
          const fields: HashedAuditFields = {
            ...entry,
            seq: 9_007_199_254_740_991 - compared,
            action: `review.${text}`,
            actorId: nulls ? null : text,
            reviewId: nulls ? null : entry.actorId,
            partnershipId: nulls ? text : null,
            correlationId: nulls ? null : text,
            boards: [text, 'csp'],
            changes: change,
            prevHash: text || GENESIS_HASH,
          };
          expect(canonicalEntry(fields)).toBe(canonicalEntryByLibrary(fields));
          compared += 1;
        }
      }
    }
    expect(compared).toBe(changes.length * awkward.length * 2);
  });
});
