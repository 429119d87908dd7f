import { DEVELOPMENT_IDENTITY_KEYS, DEVELOPMENT_INDEX_KEY, DEVELOPMENT_KEK, parseIdentityKeys } from '@app/config';

/**
 * The keys kept outside the database: the key-encryption keys (IDENTITY_KEYS; IDENTITY_KEY_CURRENT
 * the one new data keys are wrapped under, unset the last) and the blind index's key
 * (IDENTITY_INDEX_KEY). Unset outside production: the fixed development keys. Pure.
 */
export interface Keyring {
  keks: Map<string, Buffer>;
  current: string;
  indexKey: Buffer;
  /** True when a fixed development key is in use (the environment refuses that in production). */
  development: boolean;
}

export function keyringOf(settings: { IDENTITY_KEYS?: string; IDENTITY_KEY_CURRENT?: string; IDENTITY_INDEX_KEY?: string }): Keyring {
  const keysText = settings.IDENTITY_KEYS ?? DEVELOPMENT_IDENTITY_KEYS;
  const keks = parseIdentityKeys(keysText);
  if (typeof keks === 'string') throw new Error(`IDENTITY_KEYS ${keks}`);
  const current = settings.IDENTITY_KEY_CURRENT ?? [...keks.keys()].at(-1)!;
  if (!keks.has(current)) throw new Error(`IDENTITY_KEY_CURRENT names ${current}, which is not in IDENTITY_KEYS`);
  const indexText = settings.IDENTITY_INDEX_KEY ?? DEVELOPMENT_INDEX_KEY;
  return {
    keks,
    current,
    indexKey: Buffer.from(indexText, 'base64'),
    development: [...keks.values()].some((key) => key.toString('base64') === DEVELOPMENT_KEK) || indexText === DEVELOPMENT_INDEX_KEY,
  };
}
