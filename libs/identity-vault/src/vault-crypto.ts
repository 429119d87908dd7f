import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { IDENTITY_KEY_BYTES } from '@app/config';

/**
 * Envelope encryption of protected identities (real names, dates of birth), and their blind
 * index. Pure: no Nest, no database.
 *
 * - A value is encrypted with AES-256-GCM under a partnership's data key, with a random 96-bit
 *   IV and, as additional authenticated data, the place it is stored (table, column, row id), so
 *   a ciphertext copied to another row or column does not open.
 * - A data key is stored only wrapped: encrypted (AES-256-GCM) under a key-encryption key (KEK)
 *   that is kept outside the database (the IDENTITY_KEYS setting), with the data key's id and
 *   partnership as additional data.
 * - A name's blind index is HMAC-SHA-256, under an index key also kept outside the database, of
 *   the name folded for comparison: the whole name, and each part of it on its own.
 */

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Where a value is kept: bound into its ciphertext. */
export interface SealPlace {
  table: string;
  column: string;
  rowId: string;
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');
const placeAad = (place: SealPlace) => Buffer.from(`dhr-identity:${place.table}.${place.column}:${place.rowId}`, 'utf8');

export function newDataKey(): Buffer {
  return randomBytes(IDENTITY_KEY_BYTES);
}

/** `v1:<data key id>:<iv>:<ciphertext>:<tag>`, each part base64url: names the key it needs. */
export function encryptValue(dataKeyId: string, dataKey: Buffer, place: SealPlace, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(placeAad(place));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', dataKeyId, b64(iv), b64(data), b64(cipher.getAuthTag())].join(':');
}

export interface SealedParts {
  dataKeyId: string;
  iv: Buffer;
  data: Buffer;
  tag: Buffer;
}

/** The parts of a sealed value; throws on anything that is not one. */
export function parseSealed(sealed: string): SealedParts {
  const parts = sealed.split(':');
  if (parts.length !== 5 || parts[0] !== 'v1') throw new Error('Not a sealed identity value (expected v1:<key>:<iv>:<data>:<tag>)');
  const [, dataKeyId, iv, data, tag] = parts;
  return { dataKeyId, iv: Buffer.from(iv, 'base64url'), data: Buffer.from(data, 'base64url'), tag: Buffer.from(tag, 'base64url') };
}

/** The plaintext; throws if the key is not the one it was sealed under, the place differs or it was changed. */
export function decryptValue(dataKey: Buffer, place: SealPlace, sealed: string): string {
  const { iv, data, tag } = parseSealed(sealed);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, iv);
  decipher.setAAD(placeAad(place));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

const wrapAad = (dataKeyId: string, partnershipId: string) => Buffer.from(`dhr-identity-data-key:${dataKeyId}:${partnershipId}`, 'utf8');

/** The data key encrypted under a KEK: IV, tag, then ciphertext. */
export function wrapKey(kek: Buffer, dataKeyId: string, partnershipId: string, dataKey: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(wrapAad(dataKeyId, partnershipId));
  const data = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

export function unwrapKey(kek: Buffer, dataKeyId: string, partnershipId: string, wrapped: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, IV_BYTES));
  decipher.setAAD(wrapAad(dataKeyId, partnershipId));
  decipher.setAuthTag(wrapped.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
}

/**
 * A name folded for comparison: compatibility-decomposed with the accents dropped (NFKD, marks
 * removed), lower case, curly apostrophes made plain, any run of whitespace one space.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The parts of a folded name a search may find on its own: each word, and each side of a hyphen; two letters or more. */
export function nameParts(normalised: string): string[] {
  const words = normalised.split(' ');
  const parts = [...words, ...words.flatMap((word) => (word.includes('-') ? word.split('-') : []))];
  return parts.filter((part) => part.length >= 2);
}

/** HMAC-SHA-256 of one folded term, hex. */
export function blindIndexOf(indexKey: Buffer, normalisedTerm: string): string {
  return createHmac('sha256', indexKey).update(`dhr-name:${normalisedTerm}`, 'utf8').digest('hex');
}

/** Every index entry a name is found by: its whole folded form, then each part. */
export function nameIndex(indexKey: Buffer, name: string): string[] {
  const folded = normaliseName(name);
  return [...new Set([folded, ...nameParts(folded)])].map((term) => blindIndexOf(indexKey, term));
}
