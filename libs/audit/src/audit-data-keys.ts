import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ConflictProblem } from '@app/common';
import { StartupError } from '@app/config';
import { Tenancy } from '@app/database';
import { IdentityVault, kekOf, Keyring, RunStatement, unwrapKey, wrapKey } from '@app/identity-vault';
import { newDataKey } from './audit-seal';

/** The owner a key is bound to when wrapped, so an identity data key and an audit key cannot stand in for each other. */
const OWNER = 'audit-data-key';

interface KeyRow {
  subject_id: string;
  data_key: Buffer | null;
  kek_id: string | null;
}

/** A subject's key as read: the key, or null once disposal destroyed it. */
export type DataKeyState = Buffer | null;

/**
 * The data keys that personal data in audit entries is sealed under, one per review or death
 * (`audit_data_keys`). A key is made the first time something personal about its subject is
 * audited, in that change's transaction. Destroying one leaves a tombstone (the row, with no
 * key), so nothing personal about the subject can be sealed again under a new key. A key is
 * stored wrapped under the identity vault's key-encryption key (`kek_id` says which; IDENTITY_KEYS),
 * so a copy of the database cannot open what the entries seal.
 */
@Injectable()
export class AuditDataKeys implements OnApplicationBootstrap {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly vault: IdentityVault,
    private readonly tenancy: Tenancy,
  ) {}

  /**
   * At start: keys stored in clear by a release before keys were wrapped are wrapped now; and an
   * app whose IDENTITY_KEYS lack a key some audit key is wrapped under does not start.
   */
  async onApplicationBootstrap(): Promise<void> {
    const wrapped = await this.tenancy.asSystem(() =>
      this.txHost.withTransaction(async () => {
        const rows: KeyRow[] = await this.txHost.tx.query(
          `SELECT subject_id, data_key, kek_id FROM audit_data_keys WHERE kek_id IS NULL AND data_key IS NOT NULL FOR UPDATE`,
        );
        for (const row of rows) {
          const { kekId, wrapped } = this.vault.wrapKeyOf(OWNER, row.subject_id, row.data_key!);
          await this.txHost.tx.query(`UPDATE audit_data_keys SET data_key = $2, kek_id = $3 WHERE subject_id = $1`, [row.subject_id, wrapped, kekId]);
        }
        const used: { kek_id: string }[] = await this.txHost.tx.query(
          `SELECT DISTINCT kek_id FROM audit_data_keys WHERE kek_id IS NOT NULL AND data_key IS NOT NULL ORDER BY kek_id`,
        );
        for (const { kek_id } of used) {
          if (!this.vault.holdsKek(kek_id)) {
            throw new StartupError(
              `The audit trail's data keys are wrapped by the key-encryption key '${kek_id}', which IDENTITY_KEYS does not hold: add it back (and run npm run identity-keys:rotate before taking it out).`,
            );
          }
        }
        return rows.length;
      }),
    );
    if (wrapped > 0) new Logger(AuditDataKeys.name).log(`Wrapped ${wrapped} audit data keys stored before keys were wrapped`);
  }

  /** The subject's key, made now if it has none; refused (409) once its records were disposed of. */
  async keyFor(subjectId: string, partnershipId: string | null, at: Date): Promise<Buffer> {
    let state = await this.read(subjectId);
    if (state === undefined) {
      const { kekId, wrapped } = this.vault.wrapKeyOf(OWNER, subjectId, newDataKey());
      await this.txHost.tx.query(
        `INSERT INTO audit_data_keys (subject_id, partnership_id, data_key, kek_id, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subject_id) DO NOTHING`,
        [subjectId, partnershipId, wrapped, kekId, at],
      );
      state = await this.read(subjectId);
    }
    if (!state) {
      throw new ConflictProblem('The records this concerns were disposed of: nothing personal about them can be recorded again.', {
        disposed: true,
      });
    }
    return state;
  }

  /** The keys of these subjects that the caller may read: a Buffer, null once destroyed; absent when there is none. */
  async keysOf(subjectIds: readonly string[]): Promise<Map<string, DataKeyState>> {
    if (subjectIds.length === 0) return new Map();
    const rows: KeyRow[] = await this.txHost.tx.query(`SELECT subject_id, data_key, kek_id FROM audit_data_keys WHERE subject_id = ANY ($1::uuid[])`, [
      [...new Set(subjectIds)],
    ]);
    return new Map(rows.map((row) => [row.subject_id, this.opened(row)]));
  }

  /**
   * Destroys the subjects' keys for good, in the caller's transaction: every entry sealed under
   * them keeps its ciphertext and its hash, and can never be read again. A subject with no key
   * yet gets a tombstone, so none is made for it later. Returns how many keys were destroyed.
   */
  async destroy(subjectIds: readonly string[], partnershipId: string, at: Date): Promise<number> {
    if (subjectIds.length === 0) return 0;
    const ids = [...new Set(subjectIds)];
    const [destroyed] = (await this.txHost.tx.query(
      `UPDATE audit_data_keys SET data_key = NULL, destroyed_at = $2 WHERE subject_id = ANY ($1::uuid[]) AND data_key IS NOT NULL RETURNING subject_id`,
      [ids, at],
    )) as [unknown[], number];
    await this.txHost.tx.query(
      `INSERT INTO audit_data_keys (subject_id, partnership_id, data_key, created_at, destroyed_at)
       SELECT id, $2, NULL, $3, $3 FROM unnest($1::uuid[]) AS id ON CONFLICT (subject_id) DO NOTHING`,
      [ids, partnershipId, at],
    );
    return destroyed.length;
  }

  private async read(subjectId: string): Promise<DataKeyState | undefined> {
    const [row]: KeyRow[] = await this.txHost.tx.query(`SELECT subject_id, data_key, kek_id FROM audit_data_keys WHERE subject_id = $1`, [subjectId]);
    return row ? this.opened(row) : undefined;
  }

  /** The key as stored: unwrapped; null once destroyed; in clear only if written before keys were wrapped (and not yet wrapped at start). */
  private opened(row: KeyRow): DataKeyState {
    if (row.data_key === null || row.kek_id === null) return row.data_key;
    return this.vault.unwrapKeyOf(OWNER, row.subject_id, row.kek_id, row.data_key);
  }
}

/**
 * Wraps every audit data key again under the current key-encryption key, one statement each (as
 * `rotateDataKeys` does the identity data keys); run by `npm run identity-keys:rotate`.
 */
export async function rotateAuditDataKeys(run: RunStatement, keyring: Keyring, now: Date): Promise<{ rewrapped: number; alreadyCurrent: number }> {
  const kek = kekOf(keyring);
  const rows = (await run(
    `SELECT subject_id, data_key, kek_id FROM audit_data_keys WHERE data_key IS NOT NULL AND kek_id IS NOT NULL ORDER BY subject_id`,
    [],
  )) as unknown as KeyRow[];
  let rewrapped = 0;
  for (const row of rows.filter((r) => r.kek_id !== keyring.current)) {
    const key = unwrapKey(kek(row.kek_id!), row.subject_id, OWNER, row.data_key!);
    const changed = await run(
      `UPDATE audit_data_keys SET data_key = $2, kek_id = $3, rewrapped_at = $4 WHERE subject_id = $1 AND kek_id = $5 RETURNING subject_id`,
      [row.subject_id, wrapKey(kek(keyring.current), row.subject_id, OWNER, key), keyring.current, now, row.kek_id],
    );
    rewrapped += changed.length;
  }
  return { rewrapped, alreadyCurrent: rows.length - rewrapped };
}
