import { auditEntriesInOrder, RunSql, StoredAuditEntry, verifyAuditChain } from './audit-chain';
import { auditEntryHash, GENESIS_HASH } from './audit-hash';

/** A correctly linked chain of n fictional entries. */
function chain(n: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  for (let seq = 1; seq <= n; seq += 1) {
    const fields = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 1, 2, 10, 0, seq)),
      actorId: null,
      action: seq % 2 ? 'board.member-added' : 'review.viewed',
      reviewId: null,
      partnershipId: null,
      changes: { board: 'dab', n: seq },
      correlationId: `c-${seq}`,
      boards: seq % 2 ? ['dab'] : ['csp', 'dab'],
      prevHash: seq === 1 ? GENESIS_HASH : entries[seq - 2].hash,
    };
    entries.push({ ...fields, hash: auditEntryHash(fields) });
  }
  return entries;
}

describe('verifying the audit chain', () => {
  it('passes an intact chain and reports its head; an empty chain is intact with no head', async () => {
    const entries = chain(5);
    expect(await verifyAuditChain(entries)).toEqual({ ok: true, entries: 5, headHash: entries[4].hash, firstBrokenSeq: null, checkpoints: [] });
    expect(await verifyAuditChain([])).toEqual({ ok: true, entries: 0, headHash: null, firstBrokenSeq: null, checkpoints: [] });
  });

  it('names the first entry whose contents, link or place in the sequence is wrong', async () => {
    const changed = chain(5);
    changed[2] = { ...changed[2], changes: { tampered: true } };
    expect(await verifyAuditChain(changed)).toMatchObject({ ok: false, entries: 2, headHash: changed[1].hash, firstBrokenSeq: 3 });

    const relinked = chain(5);
    relinked[3] = { ...relinked[3], prevHash: 'f'.repeat(64) };
    expect(await verifyAuditChain(relinked)).toMatchObject({ ok: false, entries: 3, firstBrokenSeq: 4 });

    const gap = chain(5).filter((entry) => entry.seq !== 2);
    expect(await verifyAuditChain(gap)).toMatchObject({ ok: false, entries: 1, firstBrokenSeq: 2 });
  });

  it('passes a checkpoint whose entry is reached unbroken and still has the hash kept', async () => {
    const entries = chain(5);
    const result = await verifyAuditChain(entries, [
      { board: 'csp', seq: 3, hash: entries[2].hash },
      { seq: 5, hash: entries[4].hash },
    ]);
    expect(result.ok).toBe(true);
    expect(result.checkpoints).toEqual([
      { board: 'csp', seq: 3, hash: entries[2].hash, ok: true },
      { seq: 5, hash: entries[4].hash, ok: true },
    ]);
  });

  it('fails a checkpoint with another hash, even when the chain itself verifies', async () => {
    const entries = chain(5);
    const result = await verifyAuditChain(entries, [{ seq: 3, hash: entries[3].hash }]);
    expect(result).toMatchObject({ ok: false, entries: 5, firstBrokenSeq: null });
    expect(result.checkpoints[0]).toMatchObject({ ok: false, reason: expect.stringContaining(`entry 3 now has hash ${entries[2].hash}`) });
  });

  it('fails a checkpoint beyond the last entry: the chain was cut short, though what is left verifies', async () => {
    const entries = chain(5);
    const truncated = entries.slice(0, 3);
    const result = await verifyAuditChain(truncated, [
      { board: 'dab', seq: 2, hash: entries[1].hash },
      { board: 'dab', seq: 5, hash: entries[4].hash },
    ]);
    expect(result).toMatchObject({ ok: false, entries: 3, headHash: entries[2].hash, firstBrokenSeq: null });
    expect(result.checkpoints.map((check) => check.ok)).toEqual([true, false]);
    expect(result.checkpoints[1].reason).toMatch(/chain ends at entry 3: entry 5 .* missing/);
  });

  it('fails a checkpoint past a break, and one that names no possible entry', async () => {
    const entries = chain(5);
    const changed = [...entries];
    changed[1] = { ...changed[1], action: 'review.created' };
    const result = await verifyAuditChain(changed, [
      { seq: 1, hash: entries[0].hash },
      { seq: 4, hash: entries[3].hash },
    ]);
    expect(result.checkpoints.map((check) => check.ok)).toEqual([true, false]);
    expect(result.checkpoints[1].reason).toMatch(/broken at entry 2/);
    expect((await verifyAuditChain(entries, [{ seq: 0, hash: entries[0].hash }])).checkpoints[0]).toMatchObject({ ok: false });
  });

  it('reads the chain in batches by sequence number, never all at once', async () => {
    const entries = chain(7);
    const queries: unknown[][] = [];
    const runSql: RunSql = async (_sql, [afterSeq, limit]) => {
      queries.push([afterSeq, limit]);
      // As a plain pg client returns them: snake_case columns, bigint as a string.
      return entries
        .filter((entry) => entry.seq > Number(afterSeq))
        .slice(0, Number(limit))
        .map((e) => ({
          seq: String(e.seq),
          occurred_at: e.occurredAt,
          actor_id: e.actorId,
          action: e.action,
          review_id: e.reviewId,
          partnership_id: e.partnershipId,
          changes: e.changes,
          correlation_id: e.correlationId,
          boards: e.boards,
          prev_hash: e.prevHash,
          hash: e.hash,
        }));
    };
    expect(await verifyAuditChain(auditEntriesInOrder(runSql, 3), [{ seq: 7, hash: entries[6].hash }])).toMatchObject({ ok: true, entries: 7 });
    expect(queries).toEqual([
      [0, 3],
      [3, 3],
      [6, 3],
    ]);
  });
});
