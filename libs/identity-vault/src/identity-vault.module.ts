import { Module } from '@nestjs/common';
import { IdentityVault } from './identity-vault.service';

/** Protected identities encrypted at rest, with their blind index (`identity_data_keys`). */
@Module({ providers: [IdentityVault], exports: [IdentityVault] })
export class IdentityVaultModule {}
