import { randomBytes } from 'node:crypto';
import { decryptValue, encryptValue, nameIndex, newDataKey, normaliseName, parseSealed, unwrapKey, wrapKey, blindIndexOf } from './vault-crypto';

const place = { table: 'family_member_identities', column: 'real_name', rowId: '6f1c2d3e-0000-4000-8000-000000000001' };

describe('envelope encryption of protected identities', () => {
  it('seals a name under a data key, naming the key, and opens it only in the place it was sealed for', () => {
    const key = newDataKey();
    const sealed = encryptValue('key-1', key, place, 'Robin Fictionson');
    expect(sealed).toMatch(/^v1:key-1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain('Robin');
    expect(parseSealed(sealed).dataKeyId).toBe('key-1');
    expect(decryptValue(key, place, sealed)).toBe('Robin Fictionson');
    // The same name twice gives two different ciphertexts (a random IV each time).
    expect(encryptValue('key-1', key, place, 'Robin Fictionson')).not.toBe(sealed);
    expect(() => decryptValue(key, { ...place, rowId: '6f1c2d3e-0000-4000-8000-000000000002' }, sealed)).toThrow();
    expect(() => decryptValue(key, { ...place, column: 'other' }, sealed)).toThrow();
    expect(() => decryptValue(newDataKey(), place, sealed)).toThrow();
    const [v, id, iv, data, tag] = sealed.split(':');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] ^= 1;
    expect(() => decryptValue(key, place, [v, id, iv, flipped.toString('base64url'), tag].join(':'))).toThrow();
    expect(() => parseSealed('Robin Fictionson')).toThrow(/Not a sealed identity value/);
  });

  it('wraps a data key under a key-encryption key, bound to the data key and its partnership', () => {
    const kek = randomBytes(32);
    const dataKey = newDataKey();
    const wrapped = wrapKey(kek, 'dk-1', 'partnership-1', dataKey);
    expect(wrapped).toHaveLength(12 + 16 + 32);
    expect(unwrapKey(kek, 'dk-1', 'partnership-1', wrapped).equals(dataKey)).toBe(true);
    expect(() => unwrapKey(kek, 'dk-1', 'partnership-2', wrapped)).toThrow();
    expect(() => unwrapKey(randomBytes(32), 'dk-1', 'partnership-1', wrapped)).toThrow();
  });

  it('folds a name for its blind index: case, accents, curly apostrophes and spacing do not matter', () => {
    expect(normaliseName('  Zoë   O’Fictional-Ñame ')).toBe("zoe o'fictional-name");
    const key = randomBytes(32);
    const index = nameIndex(key, 'Zoë O’Fictional-Ñame');
    // The whole name, each word, and each side of the hyphen; a one-letter part is left out.
    expect(index).toEqual(["zoe o'fictional-name", 'zoe', "o'fictional-name", "o'fictional", 'name'].map((term) => blindIndexOf(key, term)));
    expect(nameIndex(key, "ZOE  o'fictional-name")).toEqual(index);
    expect(index.every((entry) => /^[0-9a-f]{64}$/.test(entry))).toBe(true);
    // Another index key, other entries: the index means nothing without its key.
    expect(nameIndex(randomBytes(32), 'Zoë O’Fictional-Ñame')).not.toEqual(index);
  });
});
