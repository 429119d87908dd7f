export * from './identity-vault.module';
export * from './identity-vault.service';
export { normaliseName, unwrapKey, wrapKey } from './vault-crypto';
export type { SealPlace } from './vault-crypto';
export { keyringOf } from './keyring';
export type { Keyring } from './keyring';
export { kekOf, rotateDataKeys } from './rotate-data-keys';
export type { RotationResult, RunStatement } from './rotate-data-keys';
