export * from './anonymisation-check.service';
export * from './anonymisation.module';
export * from './dto/anonymisation.dto';
export { PROTECTED_ROLES } from './entities/protected-identity.entity';
export type { ProtectedRole } from './entities/protected-identity.entity';
export * from './extract-text';
export * from './find-identifiers';
export * from './protected-identities.service';
