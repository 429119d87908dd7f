import { NoticeKind } from '@app/rulesets';

/**
 * What a notice to the Secretary of State says while the review partners are not able to take a
 * decision yet (PCSCA 2022 s.27(1)(c)).
 */
export const NOT_YET_DECIDED = 'not-yet-decided';

/** What a notice says when it reports a decision taken (s.27(1)(a), (b)). */
const DECISIONS_REPORTED = ['under-a-duty', 'not-under-a-duty'];

/**
 * Whether a notice of this kind is owed, given the notices the review has already given:
 * - a further notice of the decision (s.27(3)) only after a first notice that said the partners
 *   were not able to take one: until the first notice goes, it reports the decision itself;
 * - a notice of a changed decision (s.27(4), (6)) only after a notice that reported the decision
 *   now changed: until one has, the notice still to be given reports the decision as it now is;
 * - a discontinuance (s.27(5)), and the first notice, whenever their event happens.
 * The kinds' meanings are the product's (NOTICE_KINDS is a closed list), so this is code, not
 * ruleset data.
 */
export function noticeOwed(kind: NoticeKind, given: readonly { kind: string; outcome: string }[]): boolean {
  if (kind === 'decision') return given.some((notice) => notice.kind === 'initial' && notice.outcome === NOT_YET_DECIDED);
  if (kind === 'reversal') return given.some((notice) => DECISIONS_REPORTED.includes(notice.outcome));
  return true;
}
