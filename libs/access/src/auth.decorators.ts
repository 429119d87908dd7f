import { SetMetadata } from '@nestjs/common';
import { Permission, rolesWith } from './permissions';

export const PUBLIC_ROUTE = 'identity:public';
export const REQUIRED_ROLES = 'identity:roles';
export const SESSION_ROUTE = 'identity:session';

/** The route needs no sign-in (token issue, health, docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The route is a web page: the caller is signed in by the session cookie, not a bearer token.
 * The same guard loads the same user either way.
 */
export const SessionAuth = () => SetMetadata(SESSION_ROUTE, true);

/**
 * The caller must hold this permission, that is one of the roles `PERMISSIONS` gives it. The
 * guard reads the roles, so a refusal names them.
 */
export const Allow = (permission: Permission) => SetMetadata(REQUIRED_ROLES, rolesWith(permission));
