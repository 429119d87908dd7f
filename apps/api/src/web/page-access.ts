import { can } from '@app/access';
import { AuthenticatedUser } from '@app/common';

/** Whether the person has a reason to open the board pages at all. */
export function mayOpenBoards(user: AuthenticatedUser): boolean {
  return can(user, 'open-board-pages');
}

/** Whether the person administers the partnership. */
export function administers(user: AuthenticatedUser): boolean {
  return can(user, 'use-administration-pages');
}
