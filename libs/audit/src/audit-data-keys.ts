import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ConflictProblem } from '@app/common';
import { newDataKey } from './audit-seal';

/** A subject's key as read: the key, or null once disposal destroyed it. */
export type DataKeyState = Buffer | null;

/**
 * The data keys that personal data in audit entries is sealed under, one per review or death
 * (`audit_data_keys`). A key is made the first time something personal about its subject is
 * audited, in that change's transaction. Destroying one leaves a tombstone (the row, with no
 * key), so nothing personal about the subject can be sealed again under a new key.
 */
@Injectable()
export class AuditDataKeys {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The subject's key, made now if it has none; refused (409) once its records were disposed of. */
  async keyFor(subjectId: string, partnershipId: string | null, at: Date): Promise<Buffer> {
    let state = await this.read(subjectId);
    if (state === undefined) {
      await this.txHost.tx.query(
        `INSERT INTO audit_data_keys (subject_id, partnership_id, data_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (subject_id) DO NOTHING`,
        [subjectId, partnershipId, newDataKey(), at],
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
    const rows: { subject_id: string; data_key: Buffer | null }[] = await this.txHost.tx.query(
      `SELECT subject_id, data_key FROM audit_data_keys WHERE subject_id = ANY ($1::uuid[])`,
      [[...new Set(subjectIds)]],
    );
    return new Map(rows.map((row) => [row.subject_id, row.data_key]));
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
    const [row]: { data_key: Buffer | null }[] = await this.txHost.tx.query(`SELECT data_key FROM audit_data_keys WHERE subject_id = $1`, [subjectId]);
    return row ? row.data_key : undefined;
  }
}
