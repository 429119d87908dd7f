import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IdentityVault, SealPlace } from '@app/identity-vault';
import { DeathIdentity } from './death.entity';

const place = (deathId: string): SealPlace => ({ table: 'death_identities', column: 'victim_name', rowId: deathId });

/** A victim found by a subject access search: the death, and the name as recorded. */
export interface VictimNamed {
  deathId: string;
  victimName: string;
  recordedAt: Date;
}

/**
 * The victims' real names (`death_identities`), sealed by the identity vault: written, read
 * back and searched only here. All in the caller's transaction.
 */
@Injectable()
export class DeathIdentities implements OnApplicationBootstrap {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly vault: IdentityVault,
  ) {}

  async record(identity: { deathId: string; partnershipId: string; victimName: string; recordedBy: string | null; recordedAt: Date }): Promise<void> {
    await this.txHost.tx.getRepository(DeathIdentity).insert({
      deathId: identity.deathId,
      partnershipId: identity.partnershipId,
      victimNameSealed: await this.vault.seal(identity.partnershipId, place(identity.deathId), identity.victimName),
      victimNameIndex: this.vault.indexOfName(identity.victimName),
      recordedBy: identity.recordedBy,
      recordedAt: identity.recordedAt,
    });
  }

  async nameOf(deathId: string): Promise<string | null> {
    const identity = await this.txHost.tx.getRepository(DeathIdentity).findOneBy({ deathId });
    return identity ? this.vault.open(place(deathId), identity.victimNameSealed) : null;
  }

  exists(deathId: string): Promise<boolean> {
    return this.txHost.tx.getRepository(DeathIdentity).existsBy({ deathId });
  }

  /** The victims whose name (or a part of it) has this blind index entry, in the scope's partnership. */
  async named(searchIndex: string): Promise<VictimNamed[]> {
    const rows = await this.txHost.tx
      .getRepository(DeathIdentity)
      .createQueryBuilder('i')
      .where(':entry = ANY (i.victim_name_index)', { entry: searchIndex })
      .orderBy('i.recorded_at', 'ASC')
      .getMany();
    return Promise.all(
      rows.map(async (row) => ({
        deathId: row.deathId,
        victimName: await this.vault.open(place(row.deathId), row.victimNameSealed),
        recordedAt: row.recordedAt,
      })),
    );
  }

  /** Names written in clear before they were encrypted are sealed (and the clear copy emptied) when the api starts. */
  onApplicationBootstrap(): Promise<void> {
    return this.vault.sealLeftovers(
      "victims' names",
      (): Promise<{ death_id: string; partnership_id: string; victim_name: string }[]> =>
        this.txHost.tx.query(`SELECT death_id, partnership_id, victim_name FROM death_identities WHERE victim_name IS NOT NULL FOR UPDATE`),
      async (row) =>
        this.txHost.tx.query(`UPDATE death_identities SET victim_name = NULL, victim_name_sealed = $2, victim_name_index = $3 WHERE death_id = $1`, [
          row.death_id,
          await this.vault.seal(row.partnership_id, place(row.death_id), row.victim_name),
          this.vault.indexOfName(row.victim_name),
        ]),
    );
  }
}
