import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CalendarDateField, ConflictProblem, dateField, FieldSpec } from '@app/common';
import { DeadlinesService } from '@app/deadlines';
import { ReviewNotice } from '../entities/review-notice.entity';
import { NOT_YET_DECIDED } from '../notices';
import { mergeEffects } from '../pipeline/effects';
import { ActionContext, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';

/** The action's name, as rulesets write it. */
export const NOTIFY_SECRETARY_OF_STATE = 'notify-secretary-of-state';

export class NoticeSentBody {
  @CalendarDateField('The date the notice went to the Secretary of State')
  sentOn: string;
}

/**
 * One notice to the Secretary of State answers every notice the ruleset has falling due: the
 * first (under a duty, not under a duty, or not yet decided), and those a later decision, a
 * reversal or a discontinuance call for. Each is recorded with its own due date and met. A first
 * notice that said no decision was taken yet, recorded once the decision already is, makes the
 * further notice of the decision due (PCSCA 2022 s.27(3)), as the ruleset's `decide` would have.
 */
@ReviewAction()
@Injectable()
export class NotifySecretaryOfStateAction extends ReviewActionHandler<NoticeSentBody> {
  readonly name = NOTIFY_SECRETARY_OF_STATE;
  readonly body = NoticeSentBody;
  readonly summary =
    'Records a notice to the Secretary of State (PCSCA 2022 s.27): it answers every notice clock running that it could report, each recorded with its outcome.';

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly deadlines: DeadlinesService,
  ) {
    super();
  }

  override async apply({ review, ruleset, body, user, now, details, clocks }: ActionContext<NoticeSentBody>): Promise<void> {
    const due = (await this.deadlines.outstanding(review.id)).filter((d) => ruleset.deadlineRule(d.key)?.notice);
    const answerable = due.filter((d) => {
      const kind = ruleset.deadlineRule(d.key)!.notice!;
      if (kind === 'discontinuance') return body.sentOn >= review.stageEnteredOn;
      if (kind === 'initial') return true;
      return review.decidedOn !== null && body.sentOn >= review.decidedOn;
    });
    if (answerable.length === 0) {
      throw new ConflictProblem(
        due.length
          ? `No notice due could have been sent on ${body.sentOn}: what it must report happened later.`
          : 'No notice to the Secretary of State is due for this review.',
        { noticesDue: due.map((d) => d.key) },
      );
    }
    const notices = this.txHost.tx.getRepository(ReviewNotice);
    const given: { kind: string; outcome: string }[] = [];
    for (const deadline of answerable) {
      const kind = ruleset.deadlineRule(deadline.key)!.notice!;
      const decided = review.decidedOn !== null && body.sentOn >= review.decidedOn;
      const outcome = kind === 'discontinuance' ? 'discontinued' : decided ? review.decisionOutcome! : NOT_YET_DECIDED;
      await notices.insert({
        reviewId: review.id,
        deadlineKey: deadline.key,
        kind,
        outcome,
        dueOn: deadline.dueOn,
        sentOn: body.sentOn,
        recordedBy: user.id,
        recordedAt: now,
      });
      given.push({ kind, outcome });
    }
    await clocks.meet(
      answerable.map((d) => d.key),
      body.sentOn,
    );
    details.notices = given;
    // Told "not yet decided" before a decision already recorded: the decision's own notice is now owed.
    if (review.decisionOutcome !== null && given.some((n) => n.kind === 'initial' && n.outcome === NOT_YET_DECIDED)) {
      const decide = ruleset.action('decide');
      const opens = decide ? (mergeEffects(decide, decide.outcomes?.[review.decisionOutcome]).opens ?? []) : [];
      const owed = opens.filter((clock) => ruleset.deadlineRule(clock.deadline)?.notice === 'decision');
      if (owed.length) {
        await clocks.open(owed, {});
        details.noticesNowDue = owed.map((clock) => clock.deadline);
      }
    }
  }

  form(): FieldSpec[] {
    return [dateField('sentOn', 'Date the notice was sent')];
  }
}
