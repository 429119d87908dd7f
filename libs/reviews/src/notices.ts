import { NoticeKind } from '@app/rulesets';

/**
 * What a notice to the Secretary of State says while the review partners are not able to take a
 * decision yet (PCSCA 2022 s.27(1)(c)).
 */
export const NOT_YET_DECIDED = 'not-yet-decided';

/**
 * Whether a notice of this kind is owed, given the notices the review has already given. A further
 * notice of the decision (s.27(3)) is owed only after a first notice that said the partners were
 * not able to take one: until the first notice goes, it reports the decision itself. Every other
 * kind is owed whenever its event happens. The kinds' meanings are the product's (NOTICE_KINDS is
 * a closed list), so this is code, not ruleset data.
 */
export function noticeOwed(kind: NoticeKind, given: readonly { kind: string; outcome: string }[]): boolean {
  if (kind === 'decision') return given.some((notice) => notice.kind === 'initial' && notice.outcome === NOT_YET_DECIDED);
  return true;
}
