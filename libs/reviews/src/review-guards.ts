import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ConflictProblem } from '@app/common';
import { DeadlinesService } from '@app/deadlines';
import { PartnershipsService } from '@app/partnerships';
import { Ruleset } from '@app/rulesets';
import { Review } from './entities/review.entity';
import { SignOff } from './entities/sign-off.entity';

/**
 * The preconditions a ruleset can name for an action (`guards`). Each answers with the reason
 * the action cannot be taken yet, or null when it can.
 */
@Injectable()
export class ReviewGuards {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly deadlines: DeadlinesService,
    private readonly partnerships: PartnershipsService,
  ) {}

  /** Throws a 409 naming the first unmet precondition. */
  async check(guards: string[], review: Review, ruleset: Ruleset): Promise<void> {
    for (const guard of guards) {
      const failure = await this.failure(guard, review, ruleset);
      if (failure) throw new ConflictProblem(failure.detail, { guard, ...failure.extensions });
    }
  }

  async allMet(guards: string[], review: Review, ruleset: Ruleset): Promise<boolean> {
    for (const guard of guards) if (await this.failure(guard, review, ruleset)) return false;
    return true;
  }

  private async failure(guard: string, review: Review, ruleset: Ruleset): Promise<{ detail: string; extensions?: Record<string, unknown> } | null> {
    const [kind, argument] = guard.split(':');
    switch (kind) {
      case 'chair-appointed':
        return review.chairUserId ? null : { detail: 'Appoint the independent chair first (the action appoint-chair).' };
      case 'sign-offs-complete': {
        const signed = await this.txHost.tx.getRepository(SignOff).findBy({ reviewId: review.id, round: review.signOffRound });
        const waiting = ruleset.definition.requiredSignOffs.filter((board) => !signed.some((s) => s.boardKey === board));
        if (waiting.length === 0) return null;
        const boards = await this.partnerships.listBoards(review.partnershipId);
        const names = waiting.map((key) => boards.find((b) => b.key === key)?.name ?? key);
        return { detail: `Still waiting for sign-off by: ${names.join(', ')}.`, extensions: { waitingFor: waiting } };
      }
      case 'deadline-outstanding':
        return (await this.deadlines.findOutstanding(review.id, argument))
          ? null
          : { detail: `Nothing is outstanding for '${ruleset.deadlineRule(argument)?.label ?? argument}': it is already recorded.` };
      default:
        throw new Error(`Ruleset ${ruleset.key} names a guard the product does not know: ${guard}`);
    }
  }
}
