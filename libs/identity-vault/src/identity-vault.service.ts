import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { Clock } from '@app/common';
import { Environment, StartupError } from '@app/config';
import { Tenancy } from '@app/database';
import { Keyring, keyringOf } from './keyring';
import { blindIndexOf, decryptValue, encryptValue, nameIndex, newDataKey, normaliseName, parseSealed, SealPlace, unwrapKey, wrapKey } from './vault-crypto';

interface DataKeyRow {
  id: string;
  partnership_id: string;
  kek_id: string;
  wrapped_key: Buffer;
}

let developmentKeysAnnounced = false;

/**
 * Protected identities (real names, dates of birth) encrypted by the application, and their
 * blind index (see vault-crypto.ts). Each partnership has one data key (`identity_data_keys`,
 * row-level security like every table), made the first time it seals something, stored only
 * wrapped under a key-encryption key from IDENTITY_KEYS; the unwrapped keys are kept in this
 * process's memory. Everything runs in the caller's transaction and scope.
 */
@Injectable()
export class IdentityVault implements OnApplicationBootstrap {
  private readonly keyring: Keyring;
  private readonly dataKeys = new Map<string, Buffer>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly tenancy: Tenancy,
    env: Environment,
  ) {
    this.keyring = keyringOf(env);
    if (this.keyring.development && !developmentKeysAnnounced) {
      developmentKeysAnnounced = true;
      new Logger('IdentityVault').warn(
        'Protected names are encrypted under the development identity keys, which are public: set IDENTITY_KEYS and IDENTITY_INDEX_KEY outside development and tests',
      );
    }
  }

  /** An app whose IDENTITY_KEYS lack a key some data key is wrapped under does not start: it could not read those names. */
  async onApplicationBootstrap(): Promise<void> {
    const rows: { kek_id: string }[] = await this.tenancy.asSystem(() =>
      this.txHost.withTransaction(() => this.txHost.tx.query(`SELECT DISTINCT kek_id FROM identity_data_keys ORDER BY kek_id`)),
    );
    const missing = rows.map((r) => r.kek_id).filter((id) => !this.keyring.keks.has(id));
    if (missing.length > 0) {
      throw new StartupError(
        `Protected names are encrypted under data keys wrapped by the key-encryption key ${missing.map((id) => `'${id}'`).join(', ')}, which IDENTITY_KEYS does not hold: add it back (and run npm run identity-keys:rotate before taking it out).`,
      );
    }
  }

  /**
   * Seals names written in clear before names were encrypted, once, when an app starts (each
   * library for its own table): `read` selects and locks the rows still in clear, `seal` writes one
   * sealed and empties its clear copy; how many is logged, as `what` ("family members' real names").
   */
  async sealLeftovers<R>(what: string, read: () => Promise<R[]>, seal: (row: R) => Promise<void>): Promise<void> {
    const sealed = await this.tenancy.asSystem(() =>
      this.txHost.withTransaction(async () => {
        const rows = await read();
        for (const row of rows) await seal(row);
        return rows.length;
      }),
    );
    if (sealed > 0) new Logger('IdentityVault').log(`Encrypted ${sealed} ${what} written before names were encrypted`);
  }

  /** The value encrypted under the partnership's data key, bound to where it is kept. */
  async seal(partnershipId: string, place: SealPlace, plaintext: string): Promise<string> {
    const { id, key } = await this.dataKeyOf(partnershipId);
    return encryptValue(id, key, place, plaintext);
  }

  /** Null stays null: for optional values (a date of birth). */
  async sealOptional(partnershipId: string, place: SealPlace, plaintext: string | null): Promise<string | null> {
    return plaintext === null ? null : this.seal(partnershipId, place, plaintext);
  }

  /** The value a sealed one holds; throws if it was moved, changed or its key cannot be unwrapped. */
  async open(place: SealPlace, sealed: string): Promise<string> {
    return decryptValue(await this.dataKeyById(parseSealed(sealed).dataKeyId), place, sealed);
  }

  async openOptional(place: SealPlace, sealed: string | null): Promise<string | null> {
    return sealed === null ? null : this.open(place, sealed);
  }

  /** The blind index of a name, to store beside it: the whole name and each of its parts. */
  indexOfName(name: string): string[] {
    return nameIndex(this.keyring.indexKey, name);
  }

  /** What a search for this term looks up in a name's index (null for a term with nothing to find by). */
  searchIndex(term: string): string | null {
    const folded = normaliseName(term);
    return folded.length >= 2 ? blindIndexOf(this.keyring.indexKey, folded) : null;
  }

  /** A row id made before the row is written, so its ciphertext can be bound to it. */
  newRowId(): string {
    return randomUUID();
  }

  /**
   * Another library's own data key (the audit trail's per-review keys), wrapped under the current
   * key-encryption key for storage, bound to its owner and id; `unwrapKeyOf` opens it again.
   */
  wrapKeyOf(owner: string, id: string, key: Buffer): { kekId: string; wrapped: Buffer } {
    return { kekId: this.keyring.current, wrapped: wrapKey(this.kek(this.keyring.current), id, owner, key) };
  }

  /** Whether IDENTITY_KEYS holds this key-encryption key. */
  holdsKek(kekId: string): boolean {
    return this.keyring.keks.has(kekId);
  }

  unwrapKeyOf(owner: string, id: string, kekId: string, wrapped: Buffer): Buffer {
    return unwrapKey(this.kek(kekId), id, owner, wrapped);
  }

  private async dataKeyOf(partnershipId: string): Promise<{ id: string; key: Buffer }> {
    const select = () =>
      this.txHost.tx.query(`SELECT id, partnership_id, kek_id, wrapped_key FROM identity_data_keys WHERE partnership_id = $1`, [partnershipId]) as Promise<
        DataKeyRow[]
      >;
    let [row] = await select();
    if (!row) {
      const id = randomUUID();
      const wrapped = wrapKey(this.kek(this.keyring.current), id, partnershipId, newDataKey());
      await this.txHost.tx.query(
        `INSERT INTO identity_data_keys (id, partnership_id, kek_id, wrapped_key, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (partnership_id) DO NOTHING`,
        [id, partnershipId, this.keyring.current, wrapped, this.clock.now()],
      );
      [row] = await select();
    }
    return { id: row.id, key: this.remember(row) };
  }

  private async dataKeyById(id: string): Promise<Buffer> {
    const known = this.dataKeys.get(id);
    if (known) return known;
    const [row]: DataKeyRow[] = await this.txHost.tx.query(`SELECT id, partnership_id, kek_id, wrapped_key FROM identity_data_keys WHERE id = $1`, [id]);
    if (!row) throw new Error(`The data key ${id} a protected identity is sealed under cannot be found in this scope`);
    return this.remember(row);
  }

  private remember(row: DataKeyRow): Buffer {
    const known = this.dataKeys.get(row.id);
    if (known) return known;
    const key = this.unwrap(row);
    this.dataKeys.set(row.id, key);
    return key;
  }

  private unwrap(row: DataKeyRow): Buffer {
    return unwrapKey(this.kek(row.kek_id), row.id, row.partnership_id, row.wrapped_key);
  }

  private kek(id: string): Buffer {
    const kek = this.keyring.keks.get(id);
    if (!kek) {
      throw new Error(
        `A protected identities' data key is wrapped under the key-encryption key '${id}', which is not in IDENTITY_KEYS: add it back, then rotate (npm run identity-keys:rotate)`,
      );
    }
    return kek;
  }
}
