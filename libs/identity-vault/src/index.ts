export * from './identity-vault.module';
export * from './identity-vault.service';
export { normaliseName } from './vault-crypto';
export type { SealPlace } from './vault-crypto';
export { keyringOf } from './keyring';
export { rotateDataKeys } from './rotate-data-keys';
export type { RotationResult, RunStatement } from './rotate-data-keys';
