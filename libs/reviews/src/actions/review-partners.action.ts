import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Role } from '@app/access';
import { ConflictProblem, dateInWords, FieldSpec, ForbiddenProblem, ValidationProblem } from '@app/common';
import { Ruleset } from '@app/rulesets';
import { ReviewPartner, ReviewPartnerSignOff } from '../entities/review-partner.entity';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { reviewPartnerChoices, VoteBody, voteForm } from './action-fields';
import { Appointing } from './appointing';
import { castOnDetails } from './cast-on';

/** The review partner a body names must be one of the ruleset's. */
function checkPartner(ruleset: Ruleset, partner: string): void {
  const partners = ruleset.definition.reviewPartners ?? [];
  if (!partners.some((p) => p.key === partner)) {
    throw ValidationProblem.field(
      'partner',
      partners.length ? `must be one of: ${partners.map((p) => p.key).join(', ')}` : `${ruleset.aName} has no review partners`,
    );
  }
}

export class ReviewPartnerBody {
  @ApiProperty({ example: 'police', description: "One of the ruleset's review partners: police, local-authority, integrated-care-board" })
  @IsString()
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'must be a review partner such as police' })
  partner: string;

  @ApiProperty({ format: 'uuid', description: 'A user with the review-partner role who speaks for that partner; their agency is the one they represent' })
  @IsUUID('all', { message: 'must be the id of a user' })
  userId: string;
}

/** Who speaks for one of the review partners; a later choice replaces the earlier one, whose votes stay on record. */
@ReviewAction()
@Injectable()
export class AddReviewPartnerAction extends ReviewActionHandler<ReviewPartnerBody> {
  readonly name = 'add-review-partner';
  readonly body = ReviewPartnerBody;
  readonly summary =
    'Names the person (a user with the review-partner role) who speaks for one of the statutory review partners (PCSCA 2022 s.25) on this review.';

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly appointing: Appointing,
  ) {
    super();
  }

  override async apply({ review, ruleset, body, now, details }: ActionContext<ReviewPartnerBody>): Promise<void> {
    checkPartner(ruleset, body.partner);
    const person = await this.appointing.appointable(review, body.userId, Role.ReviewPartner);
    if (!person.agencyId) throw ValidationProblem.field('userId', 'the user has no agency to speak for');
    const repo = this.txHost.tx.getRepository(ReviewPartner);
    const current = await repo.findOneBy({ reviewId: review.id, partner: body.partner });
    if (current?.userId === person.id) throw new ConflictProblem('That user already speaks for that partner on this review.');
    await repo.save({ reviewId: review.id, partner: body.partner, agencyId: person.agencyId, userId: person.id, addedAt: now });
    Object.assign(details, { partner: body.partner, userId: person.id, agency: person.agencyId, previousUserId: current?.userId ?? null });
  }

  async form({ ruleset, user }: ActionFormInput): Promise<FieldSpec[]> {
    return [
      { path: 'partner', label: 'Review partner', kind: 'radios', choices: reviewPartnerChoices(ruleset) },
      { path: 'userId', label: 'Person who speaks for it', kind: 'select', choices: await this.appointing.people(user, Role.ReviewPartner) },
    ];
  }
}

export class PartnerSignOffBody extends VoteBody {
  @ApiProperty({ example: 'police', description: 'The review partner you speak for' })
  @IsString()
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'must be a review partner such as police' })
  partner: string;
}

/** A review partner's vote on the report, given by the person who speaks for it. The latest vote counts. */
@ReviewAction()
@Injectable()
export class PartnerSignOffAction extends ReviewActionHandler<PartnerSignOffBody> {
  readonly name = 'partner-sign-off';
  readonly body = PartnerSignOffBody;
  readonly summary = "A review partner's approval or rejection of the report, by the person who speaks for it; every partner must approve.";

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, ruleset, body, user, now, details }: ActionContext<PartnerSignOffBody>): Promise<void> {
    const partners = ruleset.definition.reviewPartners ?? [];
    if (!partners.some((p) => p.key === body.partner)) throw ValidationProblem.field('partner', `must be one of: ${partners.map((p) => p.key).join(', ')}`);
    const speaker = await this.txHost.tx.getRepository(ReviewPartner).findOneBy({ reviewId: review.id, partner: body.partner });
    if (speaker?.userId !== user.id) {
      throw new ForbiddenProblem(`Only the person who speaks for the ${body.partner} partner on this review may sign off for it.`, { partner: body.partner });
    }
    const decision = body.decision;
    if (decision === 'reject' && !body.comment) throw ValidationProblem.field('comment', 'is required when rejecting: say what must change');
    notBefore('on', body.on, review.stageEnteredOn, 'the review reached sign-off');
    const votes = this.txHost.tx.getRepository(ReviewPartnerSignOff);
    const last = await votes.findOne({ where: { reviewId: review.id, partner: body.partner }, order: { recordedAt: 'DESC' } });
    if (last?.decision === decision && decision === 'approve')
      throw new ConflictProblem(`The ${body.partner} partner already approved the report, on ${dateInWords(last.signedOn)}.`);
    await votes.insert({
      reviewId: review.id,
      partner: body.partner,
      decision,
      comment: body.comment?.trim() ?? null,
      signedOn: body.on,
      signedBy: user.id,
      recordedAt: now,
      castOn: review.signOffDraft,
    });
    Object.assign(details, { partner: body.partner, decision, ...castOnDetails(review) });
  }

  form({ ruleset }: ActionFormInput): FieldSpec[] {
    return voteForm([{ path: 'partner', label: 'Review partner you speak for', kind: 'radios', choices: reviewPartnerChoices(ruleset) }]);
  }
}
