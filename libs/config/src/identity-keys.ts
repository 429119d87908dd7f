import { createHash } from 'node:crypto';

/**
 * The settings of the keys that protected identities are encrypted and indexed under (the keys
 * themselves are used by libs/identity-vault): how they are written, and the fixed development
 * keys used when they are unset outside production.
 */

export const IDENTITY_KEY_BYTES = 32;

const devKey = (purpose: string) => createHash('sha256').update(`dhr development ${purpose} - not secret, never for production`).digest('base64');

/** The development and test key-encryption key: fixed and public, so refused in production. */
export const DEVELOPMENT_KEK_ID = 'development';
export const DEVELOPMENT_KEK = devKey('identity key-encryption key');
export const DEVELOPMENT_IDENTITY_KEYS = `${DEVELOPMENT_KEK_ID}:${DEVELOPMENT_KEK}`;
export const DEVELOPMENT_INDEX_KEY = devKey('identity index key');

const KEK_ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Whether text is a base64 key of the right length. */
export function isIdentityKeyText(text: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').length === IDENTITY_KEY_BYTES;
}

/** The keys of an IDENTITY_KEYS value (`id:base64key`, comma-separated), or why it cannot be read. */
export function parseIdentityKeys(text: string): Map<string, Buffer> | string {
  const keys = new Map<string, Buffer>();
  for (const entry of text.split(',').map((e) => e.trim())) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEK_ID.test(id)) return 'must be a comma-separated list of id:base64key, each id letters, digits, - or _';
    if (!isIdentityKeyText(entry.slice(colon + 1))) return `key ${id} must be ${IDENTITY_KEY_BYTES} bytes in base64 (make one with: openssl rand -base64 32)`;
    if (keys.has(id)) return `key ${id} is given twice`;
    keys.set(id, Buffer.from(entry.slice(colon + 1), 'base64'));
  }
  return keys;
}
