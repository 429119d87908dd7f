import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Personal data in audit entries, held so that it can be destroyed while the entries stay.
 *
 * The chain is append-only and every hash covers an entry's `changes`, so nothing can be taken
 * out of an entry once written. Personal data about a review or a death (free text, the
 * victim's facts, what a body said) is therefore never written in clear: it is moved out of
 * `changes` and stored there encrypted (AES-256-GCM) under a random data key of that review or
 * death, kept in `audit_data_keys`. The hash covers the ciphertext. Disposal destroys the key:
 * the entry, its clear fields and its hash stay exactly as they were, and the personal data in
 * it can no longer be read by anyone.
 *
 * Pure: no Nest, no database.
 */

/** Where the sealed part sits in an entry's `changes`. */
export const SEALED_FIELD = 'sealed';

/** The personal part of an entry as stored: which subject's key, which fields, and the ciphertext. */
export interface SealedPersonalData {
  /** Format version. */
  v: 1;
  /** The review or death whose data key it is sealed under. */
  of: string;
  /** The dotted paths of `changes` it holds (names only, nothing personal). */
  fields: string[];
  /** Base64: the 12-byte nonce, the 16-byte GCM tag and the ciphertext of the JSON. */
  iv: string;
  tag: string;
  data: string;
}

export const DATA_KEY_BYTES = 32;

export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/** Binds the ciphertext to its subject: sealed data moved to another review's entry will not open. */
const aad = (subjectId: string) => Buffer.from(`dhr-audit-personal-data:${subjectId}`, 'utf8');

export function seal(key: Buffer, subjectId: string, fields: string[], personal: Record<string, unknown>): SealedPersonalData {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(subjectId));
  const data = Buffer.concat([cipher.update(JSON.stringify(personal), 'utf8'), cipher.final()]);
  return { v: 1, of: subjectId, fields, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** The personal part, decrypted; throws when the key is not the one it was sealed under or the data was changed. */
export function unseal(key: Buffer, sealed: SealedPersonalData): Record<string, unknown> {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(aad(sealed.of));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  const text = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as Record<string, unknown>;
}

export function isSealed(value: unknown): value is SealedPersonalData {
  const v = value as Partial<SealedPersonalData> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.v === 1 &&
    typeof v.of === 'string' &&
    Array.isArray(v.fields) &&
    typeof v.iv === 'string' &&
    typeof v.tag === 'string' &&
    typeof v.data === 'string'
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Splits `changes` into what stays in clear and the personal part, by dotted paths
 * (`input`, `after.text`). A path that is absent is left out; the clear part is a copy.
 */
export function splitPersonal(
  changes: Record<string, unknown>,
  paths: readonly string[],
): { clear: Record<string, unknown>; personal: Record<string, unknown>; fields: string[] } {
  if (SEALED_FIELD in changes) throw new Error(`An audit entry's changes may not have a field named '${SEALED_FIELD}'`);
  const clear = structuredClone(changes);
  const personal: Record<string, unknown> = {};
  const fields: string[] = [];
  for (const path of paths) {
    const parts = path.split('.');
    let from: unknown = clear;
    for (const part of parts.slice(0, -1)) from = isPlainObject(from) ? from[part] : undefined;
    const last = parts[parts.length - 1];
    if (!isPlainObject(from) || !(last in from)) continue;
    let to = personal;
    for (const part of parts.slice(0, -1)) {
      if (!isPlainObject(to[part])) to[part] = {};
      to = to[part] as Record<string, unknown>;
    }
    to[last] = from[last];
    delete from[last];
    fields.push(path);
  }
  return { clear, personal, fields };
}

/** The clear part with the personal part put back where it came from. */
export function mergePersonal(clear: Record<string, unknown>, personal: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...clear };
  for (const [key, value] of Object.entries(personal)) {
    merged[key] = isPlainObject(value) && isPlainObject(merged[key]) ? mergePersonal(merged[key], value) : value;
  }
  return merged;
}
