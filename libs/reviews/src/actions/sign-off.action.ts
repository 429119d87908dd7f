import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { ConflictProblem, dateInWords, FieldSpec, ForbiddenProblem, ValidationProblem } from '@app/common';
import { Environment } from '@app/config';
import { User } from '@app/identity';
import { MailTemplate, OutboxService, renderMail } from '@app/notifications';
import { PartnershipsService } from '@app/partnerships';
import { Review } from '../entities/review.entity';
import { SignOff } from '../entities/sign-off.entity';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { VoteBody, voteForm } from './action-fields';
import { castOnDetails } from './cast-on';

export class SignOffBody extends VoteBody {
  @ApiProperty({ enum: ['csp', 'dab'], description: 'csp: the CSP board; dab: the Domestic Abuse Board' })
  @IsString()
  @Matches(/^[a-z]+$/, { message: 'must be a board key such as csp or dab' })
  board: string;
}

const REJECTION_MAIL: MailTemplate = {
  subject: '{{ reference }}: a member of the {{ board }} did not approve the draft',
  text: `A member of the {{ board }} did not approve the draft of {{ reference }} ({{ pseudonym }}).

Their comment is in the review's sign-off: {{ link }}
`,
  html: `<p>A member of the {{ board }} did not approve the draft of {{ reference }} ({{ pseudonym }}).</p>
<p><a href="{{ link }}">Read their comment in the review's sign-off</a></p>
`,
};

/** One member's vote for their board on the current draft. */
@ReviewAction()
@Injectable()
export class SignOffAction extends ReviewActionHandler<SignOffBody> {
  readonly name = 'sign-off';
  readonly body = SignOffBody;
  readonly summary =
    "A board member's vote (approve, or reject with a comment) for their board on the current draft; the board signs off when its quorum rule is met. A rejection is mailed to the review's chair.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly partnerships: PartnershipsService,
    private readonly outbox: OutboxService,
    private readonly env: Environment,
  ) {
    super();
  }

  override async apply({ review, ruleset, body, user, now, details, mails }: ActionContext<SignOffBody>): Promise<void> {
    const required = ruleset.definition.requiredSignOffs;
    if (!required.includes(body.board)) throw ValidationProblem.field('board', `must be one of the boards that sign off this review: ${required.join(', ')}`);
    const board = await this.partnerships.findBoard(review.partnershipId, body.board);
    if (!board) throw ValidationProblem.field('board', 'the partnership has no such board');
    if (!(await this.partnerships.isBoardMember(board.id, user.id))) {
      throw new ForbiddenProblem(`Only members of the ${board.name} may sign off for it.`, { board: board.key });
    }
    const decision = body.decision;
    if (decision === 'reject' && !body.comment) throw ValidationProblem.field('comment', 'is required when rejecting: say what must change');
    notBefore('on', body.on, review.stageEnteredOn, 'the review reached sign-off');
    const signOffs = this.txHost.tx.getRepository(SignOff);
    const existing = await signOffs.findOneBy({
      reviewId: review.id,
      boardKey: body.board,
      round: review.signOffRound,
      signedBy: user.id,
      withdrawnAt: IsNull(),
    });
    if (existing)
      throw new ConflictProblem(
        `You already voted on this draft for the ${board.name}: you ${existing.decision === 'approve' ? 'approved it' : 'did not approve it'} on ${dateInWords(existing.signedOn)}.`,
      );
    await signOffs.insert({
      reviewId: review.id,
      boardKey: body.board,
      round: review.signOffRound,
      signedOn: body.on,
      signedBy: user.id,
      recordedAt: now,
      decision,
      comment: body.comment?.trim() ?? null,
      castOn: review.signOffDraft,
    });
    Object.assign(details, { board: body.board, round: review.signOffRound, decision, ...castOnDetails(review) });
    if (decision === 'reject') mails.push(...(await this.tellChairOfRejection(review, board.name)));
  }

  /** The review's chair hears of a rejection at once. The comment stays in the product: free text may name people. */
  private async tellChairOfRejection(review: Review, boardName: string): Promise<string[]> {
    if (!review.chairUserId) return [];
    // The chair may come from a contributing partnership.
    const chair = await this.txHost.tx.getRepository(User).findOneBy({ id: review.chairUserId });
    if (!chair?.active) return [];
    const link = `${this.env.PUBLIC_URL.replace(/\/$/, '')}/reviews/${review.id}`;
    const mail = renderMail(REJECTION_MAIL, { reference: review.reference, pseudonym: review.death.victimPseudonym, board: boardName, link });
    return this.outbox.enqueue([
      { partnershipId: review.partnershipId, recipientId: chair.id, to: chair.email, ...mail, kind: 'sign-off-rejected', reviewId: review.id },
    ]);
  }

  /** The boards that must sign off this review and that the person sits on. */
  async form({ review, user }: ActionFormInput): Promise<FieldSpec[]> {
    const memberOf = await this.partnerships.boardsOf(user.id);
    const choices = review.signOffStatus.filter((s) => memberOf.includes(s.board)).map((s) => ({ value: s.board, text: s.boardName }));
    return voteForm([{ path: 'board', label: 'Board', kind: 'radios', choices }]);
  }
}
