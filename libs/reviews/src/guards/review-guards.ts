import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { Deadline, DeadlinesService } from '@app/deadlines';
import { deadlineKind, REVIEW_BEGINS_GUARD, Ruleset } from '@app/rulesets';
import { NOTIFY_SECRETARY_OF_STATE } from '../actions/notify-secretary-of-state.action';
import { ReviewPartnerSignOff } from '../entities/review-partner.entity';
import { Review } from '../entities/review.entity';
import { SignOff } from '../entities/sign-off.entity';
import { ConditionGuardHandler, GuardFailure, ReviewGuard, ReviewGuardHandler, sqlText } from '../pipeline/review-action';
import { SignOffStatus } from '../sign-off-status';
import { changesOf, latestQaLetter } from '../qa-letter';
import { longDate } from '../actions/action-fields';

/** The preconditions libs/reviews provides for rulesets to name in an action's `guards`. */

@ReviewGuard()
@Injectable()
export class ChairAppointedGuard extends ReviewGuardHandler {
  readonly name = 'chair-appointed';

  async failure(review: Review): Promise<GuardFailure | null> {
    return review.chairUserId ? null : { detail: 'Appoint the independent chair first (the action appoint-chair).' };
  }
}

@ReviewGuard()
@Injectable()
export class SignOffsCompleteGuard extends ReviewGuardHandler {
  readonly name = 'sign-offs-complete';

  constructor(private readonly signOffs: SignOffStatus) {
    super();
  }

  async failure(review: Review, ruleset: Ruleset): Promise<GuardFailure | null> {
    const waiting = (await this.signOffs.forReview(review, ruleset)).filter((board) => !board.complete);
    if (waiting.length === 0) return null;
    return { detail: `Still waiting for sign-off by: ${waiting.map((b) => b.name).join(', ')}.`, extensions: { waitingFor: waiting.map((b) => b.board) } };
  }
}

/** `draft-rejected`: a board member rejected the current draft (and has not taken it back), so a revised draft is called for. */
@ReviewGuard()
@Injectable()
export class DraftRejectedGuard extends ReviewGuardHandler {
  readonly name = 'draft-rejected';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    const rejected = await this.txHost.tx
      .getRepository(SignOff)
      .existsBy({ reviewId: review.id, round: review.signOffRound, decision: 'reject', withdrawnAt: IsNull() });
    if (rejected) return null;
    return { detail: 'No board has rejected the current draft: a revised draft answers a rejection. The boards can still vote on this one.' };
  }
}

@ReviewGuard()
@Injectable()
export class PartnerSignOffsCompleteGuard extends ReviewGuardHandler {
  readonly name = 'partner-sign-offs-complete';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async failure(review: Review, ruleset: Ruleset): Promise<GuardFailure | null> {
    const votes = await this.txHost.tx.getRepository(ReviewPartnerSignOff).find({ where: { reviewId: review.id }, order: { recordedAt: 'ASC' } });
    const latest = new Map(votes.map((v) => [v.partner, v.decision]));
    const waiting = (ruleset.definition.reviewPartners ?? []).filter((p) => latest.get(p.key) !== 'approve');
    if (waiting.length === 0) return null;
    return {
      detail: `Still waiting for the review partners' approval: ${waiting.map((p) => p.label).join(', ')}.`,
      extensions: { waitingFor: waiting.map((p) => p.key) },
    };
  }
}

/** `deadline-outstanding:<deadline>`: something is still to be recorded for that deadline of the ruleset. */
@ReviewGuard()
@Injectable()
export class DeadlineOutstandingGuard extends ConditionGuardHandler {
  readonly name = 'deadline-outstanding';
  override readonly argument = 'deadline' as const;

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  protected get asker() {
    return this.txHost.tx;
  }

  condition(r: string, deadline: string | undefined): string {
    if (!deadline) return 'false';
    return `EXISTS (SELECT 1 FROM deadline_facts d WHERE d.review_id = ${r}.id AND d.key = ${sqlText(deadline)} AND d.completed_on IS NULL)`;
  }

  refusal(_review: Review, ruleset: Ruleset, deadline: string | undefined): GuardFailure {
    return { detail: `Nothing is outstanding for '${ruleset.deadlineRule(deadline ?? '')?.label ?? deadline}': it is already recorded.` };
  }
}

/**
 * `before-review-begins`: the review has not begun yet, as the ruleset's `reviewBegins` has it (the
 * stage at which it does). An OWHR's decision is reversed only before then (PCSCA 2022 s.27(4),
 * (6)); once begun, a review whose conditions are found not met is discontinued (s.24(3), s.27(5)).
 */
@ReviewGuard()
@Injectable()
export class BeforeReviewBeginsGuard extends ReviewGuardHandler {
  readonly name = REVIEW_BEGINS_GUARD;

  async failure(review: Review, ruleset: Ruleset): Promise<GuardFailure | null> {
    const begins = ruleset.definition.reviewBegins;
    // The ruleset check refuses an edition naming this guard without saying when a review begins.
    if (!begins) return { detail: `The ruleset ${ruleset.key} does not say when a review begins.` };
    if (!review.stagesReached.includes(begins.stage)) return null;
    const sources = (ruleset.definition.guardSources?.[this.name] ?? []).map((source) => source.cite);
    return {
      detail:
        `The review has begun (it reached the stage '${ruleset.stageLabel(begins.stage)}'), so its decision can no longer be reversed` +
        `${sources.length ? ` (${sources.join('; ')})` : ''}: if the conditions for the review are found not to be met, discontinue it instead (the action discontinue).`,
      extensions: { reviewBeganAt: begins.stage, sources },
    };
  }
}

/** The review's statutory notices still outstanding (neither recorded as sent nor as not sent), soonest first. */
export async function statutoryNoticesOutstanding(deadlines: DeadlinesService, review: Review, ruleset: Ruleset): Promise<Deadline[]> {
  return (await deadlines.outstanding(review.id)).filter((d) => ruleset.isStatutoryNotice(d.key));
}

/**
 * The action of the ruleset that records this notice as sent: the one that meets it, or guards on
 * it being outstanding, or (a notice to the Secretary of State) the one that gives notices.
 */
export function recordedSentBy(ruleset: Ruleset, key: string): string | undefined {
  const kind = deadlineKind(key);
  const named = ruleset.actionNames.find((name) => {
    const rule = ruleset.action(name)!;
    return rule.meets?.includes(kind) || rule.guards?.includes(`deadline-outstanding:${kind}`);
  });
  if (named) return named;
  return ruleset.deadlineRule(kind)?.notice && ruleset.action(NOTIFY_SECRETARY_OF_STATE) ? NOTIFY_SECRETARY_OF_STATE : undefined;
}

/**
 * `no-statutory-notice-outstanding`: every notice the law requires (Home Office, Secretary of
 * State, Domestic Abuse Commissioner) is recorded as sent, or as not sent with a reason, so that a
 * closed review leaves nothing open by accident.
 */
@ReviewGuard()
@Injectable()
export class NoStatutoryNoticeOutstandingGuard extends ReviewGuardHandler {
  readonly name = 'no-statutory-notice-outstanding';

  constructor(private readonly deadlines: DeadlinesService) {
    super();
  }

  async failure(review: Review, ruleset: Ruleset): Promise<GuardFailure | null> {
    const notices = await statutoryNoticesOutstanding(this.deadlines, review, ruleset);
    if (notices.length === 0) return null;
    const senders = [...new Set(notices.map((d) => recordedSentBy(ruleset, d.key)).filter((name) => name !== undefined))];
    const which = notices.length === 1 ? 'A statutory notice is still outstanding' : `${notices.length} statutory notices are still outstanding`;
    return {
      detail:
        `${which}: ${notices.map((d) => `${d.label} (due ${longDate(d.dueOn)})`).join('; ')}. ` +
        `Record ${notices.length === 1 ? 'it' : 'each'} as sent${senders.length ? ` (${senders.join(', ')})` : ''}, or as not sent with the reason (record-notice-not-sent), then close the review.`,
      extensions: {
        outstandingNotices: notices.map((d) => ({ key: d.key, label: d.label, dueOn: d.dueOn, recordSentWith: recordedSentBy(ruleset, d.key) ?? null })),
      },
    };
  }
}

/** `statutory-notice-outstanding`: the review has a statutory notice still outstanding, to record as not sent. */
@ReviewGuard()
@Injectable()
export class StatutoryNoticeOutstandingGuard extends ReviewGuardHandler {
  readonly name = 'statutory-notice-outstanding';

  constructor(private readonly deadlines: DeadlinesService) {
    super();
  }

  async failure(review: Review, ruleset: Ruleset): Promise<GuardFailure | null> {
    if ((await statutoryNoticesOutstanding(this.deadlines, review, ruleset)).length) return null;
    return { detail: 'No statutory notice of this review is outstanding: each is recorded as sent or as not sent already.' };
  }
}

/**
 * `qa-changes-resolved`: when the Home Office Quality Assurance Panel's latest letter approved the
 * report subject to changes, each change it requires is done, or explained (not made, with the
 * reason), before the report is published with the letter (issue 16.4).
 */
@ReviewGuard()
@Injectable()
export class QaChangesResolvedGuard extends ReviewGuardHandler {
  readonly name = 'qa-changes-resolved';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    const letter = await latestQaLetter(this.txHost.tx, review.id);
    if (!letter || letter.outcome !== 'approved-with-changes') return null;
    const outstanding = (await changesOf(this.txHost.tx, review.id, letter.round)).filter((c) => c.status === 'outstanding');
    if (outstanding.length === 0) return null;
    const which = outstanding.length === 1 ? 'A change' : `${outstanding.length} changes`;
    return {
      detail:
        `${which} the QA panel's letter of ${longDate(letter.receivedOn)} requires ${outstanding.length === 1 ? 'is' : 'are'} not yet marked done or explained: ` +
        `${outstanding.map((c) => `${c.position}. ${c.text}`).join('; ')}. Mark each (the action record-qa-change), then record the publication.`,
      extensions: { letterReceivedOn: letter.receivedOn, outstandingChanges: outstanding.map((c) => ({ id: c.id, position: c.position, text: c.text })) },
    };
  }
}

/** `qa-changes-listed`: the QA panel's latest letter lists changes, to mark done or explained. */
@ReviewGuard()
@Injectable()
export class QaChangesListedGuard extends ReviewGuardHandler {
  readonly name = 'qa-changes-listed';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    const letter = await latestQaLetter(this.txHost.tx, review.id);
    if (letter && (await changesOf(this.txHost.tx, review.id, letter.round)).length > 0) return null;
    return { detail: "The QA panel's latest letter lists no changes to mark (or no letter is recorded yet)." };
  }
}

export const REVIEW_GUARDS = [
  ChairAppointedGuard,
  SignOffsCompleteGuard,
  PartnerSignOffsCompleteGuard,
  DeadlineOutstandingGuard,
  DraftRejectedGuard,
  NoStatutoryNoticeOutstandingGuard,
  StatutoryNoticeOutstandingGuard,
  BeforeReviewBeginsGuard,
  QaChangesResolvedGuard,
  QaChangesListedGuard,
];
