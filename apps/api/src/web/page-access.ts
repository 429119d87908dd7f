import { can } from '@app/access';
import { AuthenticatedUser, ForbiddenProblem, NotFoundProblem } from '@app/common';

/** Whether the person has a reason to open the board pages at all. */
export function mayOpenBoards(user: AuthenticatedUser): boolean {
  return can(user, 'open-board-pages');
}

/** Whether the person administers the partnership. */
export function administers(user: AuthenticatedUser): boolean {
  return can(user, 'use-administration-pages');
}

/**
 * A page for those with a reason to see what it shows (a review's protected names, its family):
 * someone refused the data is not told the page exists.
 */
export async function notFoundForOthers<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ForbiddenProblem) throw new NotFoundProblem('No such page.');
    throw error;
  }
}
