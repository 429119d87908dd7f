import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CalendarDateField, ConflictProblem, dateField, FieldSpec } from '@app/common';
import { DeadlinesService } from '@app/deadlines';
import { ReviewNotice } from '../entities/review-notice.entity';
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
 * reversal or a discontinuance call for. Each is recorded with its own due date and met.
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
      const outcome = kind === 'discontinuance' ? 'discontinued' : decided ? review.decisionOutcome! : 'not-yet-decided';
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
  }

  form(): FieldSpec[] {
    return [dateField('sentOn', 'Date the notice was sent')];
  }
}
