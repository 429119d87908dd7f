import { auditEntryHash, GENESIS_HASH } from './audit-hash';
import { isSealed, mergePersonal, newDataKey, seal, splitPersonal, unseal } from './audit-seal';
import { openChanges } from './audit.service';

const REVIEW = '7f0c1c52-7a4e-4f7e-9a55-2d1b7f3f1a01';
const OTHER = '7f0c1c52-7a4e-4f7e-9a55-2d1b7f3f1a02';

describe('personal data in audit entries, sealed under a per-review data key', () => {
  const changes = {
    before: { stage: 'decision', version: 1 },
    after: { stage: 'closed', version: 2, text: 'Fictional free text.' },
    input: { outcome: 'not-held', rationale: 'Fictional: the criteria are not met.' },
  };

  it('moves the named paths out of the clear part, and puts them back where they were', () => {
    const { clear, personal, fields } = splitPersonal(changes, ['input', 'after.text', 'details', 'before.absent.deeper']);
    expect(fields).toEqual(['input', 'after.text']);
    expect(clear).toEqual({ before: { stage: 'decision', version: 1 }, after: { stage: 'closed', version: 2 } });
    expect(personal).toEqual({ input: changes.input, after: { text: 'Fictional free text.' } });
    expect(mergePersonal(clear, personal)).toEqual(changes);
    // The caller's object is not changed.
    expect(changes.input.rationale).toBe('Fictional: the criteria are not met.');
    expect(() => splitPersonal({ sealed: 1 }, ['x'])).toThrow(/sealed/);
  });

  it('opens only with the key and the subject it was sealed for; a changed ciphertext does not open', () => {
    const key = newDataKey();
    const sealed = seal(key, REVIEW, ['input'], { input: changes.input });
    expect(isSealed(sealed)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('Fictional');
    expect(unseal(key, sealed)).toEqual({ input: changes.input });
    expect(() => unseal(newDataKey(), sealed)).toThrow();
    expect(() => unseal(key, { ...sealed, of: OTHER })).toThrow();
    const data = Buffer.from(sealed.data, 'base64');
    data[0] ^= 1;
    expect(() => unseal(key, { ...sealed, data: data.toString('base64') })).toThrow();
  });

  it('shows readers the personal data in place while the key exists, and names what was removed once it is destroyed', () => {
    const key = newDataKey();
    const { clear, personal, fields } = splitPersonal(changes, ['input', 'after.text']);
    const stored = { ...clear, sealed: seal(key, REVIEW, fields, personal) };
    expect(openChanges(stored, new Map([[REVIEW, key]]))).toEqual(changes);
    expect(openChanges(stored, new Map([[REVIEW, null]]))).toEqual({ ...clear, personalDataRemoved: ['input', 'after.text'] });
    expect(openChanges(stored, new Map())).toEqual({ ...clear, personalDataWithheld: ['input', 'after.text'] });
    expect(openChanges({ board: 'dab' }, new Map())).toEqual({ board: 'dab' });
  });

  it('names the fields of a sealed part that no longer opens, rather than failing the whole trail', () => {
    const key = newDataKey();
    const { clear, personal, fields } = splitPersonal(changes, ['input', 'after.text']);
    const sealed = seal(key, REVIEW, fields, personal);
    const data = Buffer.from(sealed.data, 'base64');
    data[0] ^= 1;
    const changed = { ...clear, sealed: { ...sealed, data: data.toString('base64') } };
    expect(openChanges(changed, new Map([[REVIEW, key]]))).toEqual({ ...clear, personalDataUnreadable: ['input', 'after.text'] });
    expect(openChanges({ ...clear, sealed }, new Map([[REVIEW, newDataKey()]]))).toEqual({ ...clear, personalDataUnreadable: ['input', 'after.text'] });
  });

  it('keeps the hash of the stored entry whether or not the key still exists: it covers the ciphertext', () => {
    const key = newDataKey();
    const { clear, personal, fields } = splitPersonal(changes, ['input']);
    const stored = { ...clear, sealed: seal(key, REVIEW, fields, personal) };
    const entry = {
      seq: 1,
      occurredAt: new Date('2026-02-02T10:00:00Z'),
      actorId: null,
      action: 'review.action.decide',
      reviewId: REVIEW,
      partnershipId: null,
      changes: JSON.parse(JSON.stringify(stored)),
      correlationId: null,
      boards: ['csp', 'dab'],
      prevHash: GENESIS_HASH,
    };
    const hash = auditEntryHash(entry);
    // Destroying the key touches nothing the hash covers: the stored entry is the same.
    expect(auditEntryHash({ ...entry, changes: JSON.parse(JSON.stringify(stored)) })).toBe(hash);
    expect(auditEntryHash({ ...entry, changes: { ...clear, input: changes.input } })).not.toBe(hash);
  });
});
