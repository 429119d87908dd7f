import { Keyring } from './keyring';
import { unwrapKey, wrapKey } from './vault-crypto';

/** The key-encryption key of that id, or an error saying it is missing from IDENTITY_KEYS. */
export function kekOf(keyring: Keyring): (id: string) => Buffer {
  return (id) => {
    const key = keyring.keks.get(id);
    if (!key) throw new Error(`A data key is wrapped under the key-encryption key '${id}', which is not in IDENTITY_KEYS: add it back, then rotate again`);
    return key;
  };
}

/** Runs one SQL statement on its own (each its own transaction) and returns its rows. */
export type RunStatement = (sql: string, parameters: unknown[]) => Promise<Record<string, unknown>[]>;

/** What a rotation did: how many data keys it wrapped again under the current key, and how many already were. */
export interface RotationResult {
  currentKey: string;
  rewrapped: number;
  alreadyCurrent: number;
}

/**
 * Wraps every data key the connection can see again under the current key-encryption key, one
 * statement each, so the apps keep reading throughout and a stop half-way loses nothing (run it
 * again). The data keys themselves do not change, so nothing sealed under them is touched;
 * afterwards keys other than the current one may be taken out of IDENTITY_KEYS. Used by the
 * command `npm run identity-keys:rotate` and by `IdentityVault.rotate`.
 */
export async function rotateDataKeys(run: RunStatement, keyring: Keyring, now: Date): Promise<RotationResult> {
  const current = keyring.current;
  const kek = kekOf(keyring);
  const rows = (await run(`SELECT id, partnership_id, kek_id, wrapped_key FROM identity_data_keys ORDER BY created_at, id`, [])) as {
    id: string;
    partnership_id: string;
    kek_id: string;
    wrapped_key: Buffer;
  }[];
  let rewrapped = 0;
  for (const row of rows.filter((r) => r.kek_id !== current)) {
    const dataKey = unwrapKey(kek(row.kek_id), row.id, row.partnership_id, row.wrapped_key);
    const changed = await run(`UPDATE identity_data_keys SET kek_id = $2, wrapped_key = $3, rewrapped_at = $4 WHERE id = $1 AND kek_id = $5 RETURNING id`, [
      row.id,
      current,
      wrapKey(kek(current), row.id, row.partnership_id, dataKey),
      now,
      row.kek_id,
    ]);
    rewrapped += changed.length;
  }
  return { currentKey: current, rewrapped, alreadyCurrent: rows.length - rewrapped };
}
