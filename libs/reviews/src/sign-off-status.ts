import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Board, PartnershipsService } from '@app/partnerships';
import { Ruleset } from '@app/rulesets';
import { Review } from './entities/review.entity';
import { SignOff } from './entities/sign-off.entity';
import { boardSignOff, BoardSignOffStatus } from './sign-off-rules';

export type BoardSignOff = BoardSignOffStatus & { board: string; name: string; quorum: number };

/** Where each board's sign-off of a review's current draft stands, by the board's quorum rule. */
@Injectable()
export class SignOffStatus {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly partnerships: PartnershipsService,
  ) {}

  /** Each board the ruleset needs, with where its sign-off of the current draft stands. */
  async forReview(review: Review, ruleset: Ruleset): Promise<BoardSignOff[]> {
    const votes = await this.txHost.tx.getRepository(SignOff).findBy({ reviewId: review.id, round: review.signOffRound });
    const boards = await this.partnerships.listBoards(review.partnershipId);
    return signOffStatusOf(review, ruleset, votes, boards);
  }
}

/** The same, from the review's votes (any round: only the current one counts) and its partnership's boards, already read. */
export function signOffStatusOf(review: Review, ruleset: Ruleset, votes: readonly SignOff[], boards: readonly Board[]): BoardSignOff[] {
  const current = votes.filter((v) => v.round === review.signOffRound);
  return ruleset.definition.requiredSignOffs.map((key) => {
    const board = boards.find((b) => b.key === key);
    const mine = current.filter((v) => v.boardKey === key).map((v) => ({ memberId: v.signedBy, decision: v.decision, withdrawn: v.withdrawnAt !== null }));
    return {
      board: key,
      name: board?.name ?? key,
      quorum: board?.quorum ?? 1,
      ...boardSignOff(mine, { quorum: board?.quorum ?? 1, chairUserId: board?.chairUserId ?? null }),
    };
  });
}
