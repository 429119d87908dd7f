import { ChainFindings, chainVerdict } from './audit-chain';

const hashOf = (seq: number) => seq.toString(16).padStart(64, '0');

/** Findings for a chain of `entries` that verified, broken after them or not. */
function found(entries: number, firstBrokenSeq: number | null = null, reason?: string): ChainFindings {
  const hashAt = new Map(Array.from({ length: entries }, (_, i) => [i + 1, hashOf(i + 1)] as const));
  return { entries, firstBrokenSeq, headHash: entries > 0 ? hashOf(entries) : null, hashAt, ...(reason ? { reason } : {}) };
}

describe('the verdict on the audit chain', () => {
  it('passes an intact chain and reports its head; an empty chain is intact with no head', () => {
    expect(chainVerdict(found(5), [])).toEqual({ ok: true, entries: 5, headHash: hashOf(5), firstBrokenSeq: null, checkpoints: [] });
    expect(chainVerdict(found(0), [])).toEqual({ ok: true, entries: 0, headHash: null, firstBrokenSeq: null, checkpoints: [] });
  });

  it('fails a broken chain and says where', () => {
    expect(chainVerdict(found(2, 3), [])).toEqual({ ok: false, entries: 2, headHash: hashOf(2), firstBrokenSeq: 3, checkpoints: [] });
  });

  it('passes a checkpoint whose entry is reached unbroken and still has the hash kept', () => {
    const result = chainVerdict(found(5), [
      { board: 'csp', seq: 3, hash: hashOf(3) },
      { seq: 5, hash: hashOf(5) },
    ]);
    expect(result.ok).toBe(true);
    expect(result.checkpoints).toEqual([
      { board: 'csp', seq: 3, hash: hashOf(3), ok: true },
      { seq: 5, hash: hashOf(5), ok: true },
    ]);
  });

  it('fails a checkpoint with another hash, even when the chain itself verifies', () => {
    const result = chainVerdict(found(5), [{ seq: 3, hash: hashOf(4) }]);
    expect(result).toMatchObject({ ok: false, entries: 5, firstBrokenSeq: null });
    expect(result.checkpoints[0]).toMatchObject({ ok: false, reason: expect.stringContaining(`entry 3 now has hash ${hashOf(3)}`) });
  });

  it('fails a checkpoint beyond the last entry: the chain was cut short, though what is left verifies', () => {
    const result = chainVerdict(found(3), [
      { board: 'dab', seq: 2, hash: hashOf(2) },
      { board: 'dab', seq: 5, hash: hashOf(5) },
    ]);
    expect(result).toMatchObject({ ok: false, entries: 3, headHash: hashOf(3), firstBrokenSeq: null });
    expect(result.checkpoints.map((check) => check.ok)).toEqual([true, false]);
    expect(result.checkpoints[1].reason).toMatch(/chain ends at entry 3: entry 5 .* missing/);
  });

  it('fails a checkpoint past a break, and one that names no possible entry', () => {
    const result = chainVerdict(found(1, 2), [
      { seq: 1, hash: hashOf(1) },
      { seq: 4, hash: hashOf(4) },
      { seq: 0, hash: hashOf(1) },
    ]);
    expect(result.checkpoints.map((check) => check.ok)).toEqual([true, false, false]);
    expect(result.checkpoints[1].reason).toMatch(/broken at entry 2/);
    expect(result.checkpoints[2].reason).toMatch(/no entry can have that sequence number/);
  });

  it('trusts nothing, checkpoints included, when the table no longer derives its columns from the hashed text', () => {
    const reason = "the audit table's columns no longer all follow from the hashed text (action: no longer generated), so no entry can be trusted";
    const result = chainVerdict(found(0, 1, reason), [{ board: 'csp', seq: 1, hash: hashOf(1) }]);
    expect(result).toEqual({
      ok: false,
      entries: 0,
      headHash: null,
      firstBrokenSeq: 1,
      reason,
      checkpoints: [{ board: 'csp', seq: 1, hash: hashOf(1), ok: false, reason }],
    });
  });
});
