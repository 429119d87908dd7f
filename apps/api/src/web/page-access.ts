import { Role } from '@app/access';
import { AuthenticatedUser } from '@app/common';

/** Roles that oversee every board of the partnership, whether or not they sit on one. */
export const BOARD_OVERSEERS: ReadonlyArray<string> = [Role.CspManager, Role.CspChair, Role.Auditor, Role.Administrator];

/** Whether the person has a reason to open the board pages at all. */
export function mayOpenBoards(user: AuthenticatedUser): boolean {
  return user.roles.some((role) => role === Role.BoardMember || BOARD_OVERSEERS.includes(role));
}

/** Whether the person administers the partnership. */
export function administers(user: AuthenticatedUser): boolean {
  return user.roles.includes(Role.Administrator);
}
