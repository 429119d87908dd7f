import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { can, rolesWith } from '@app/access';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, ConflictProblem, ForbiddenProblem, ValidationProblem } from '@app/common';
import { PartnershipsService } from '@app/partnerships';
import { RulesetsService } from '@app/rulesets';
import { CreateLinkRequest } from './deaths/death.dto';
import { linkRecord } from './deaths/deaths.service';
import { ReviewView } from './dto/review.view';
import { ReviewContributor } from './entities/review-contributor.entity';
import { whoMayTake } from './review-access';
import { ReviewAccessPort } from './review-access-port';
import { ReviewLinks } from './review-links';
import { ReviewViews } from './review-views';

/** A review's connections beyond its own partnership: partnerships contributing to it, and the reviews linked to it. */
@Injectable()
export class ReviewConnections {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly rulesets: RulesetsService,
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
    private readonly access: ReviewAccessPort,
    private readonly views: ReviewViews,
    private readonly links: ReviewLinks,
  ) {}

  /**
   * Lets another partnership contribute to this review: its people can then be appointed to it
   * (panel, review partners) and see it, and nothing else of this partnership's.
   */
  addContributor(user: AuthenticatedUser, id: string, partnershipId: string): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.access.find(user, id, true);
      if (review.partnershipId !== user.partnershipId || !can(user, 'add-contributor')) {
        throw new ForbiddenProblem("Only the lead partnership's CSP manager or CSP chair may add a contributing partnership.");
      }
      if (partnershipId === review.partnershipId) throw ValidationProblem.field('partnershipId', 'is the partnership leading the review');
      const partnership = await this.partnerships.findPartnership(partnershipId);
      if (!partnership) throw ValidationProblem.field('partnershipId', 'no partnership has that id; GET /api/partnerships lists them');
      const contributors = this.txHost.tx.getRepository(ReviewContributor);
      if (await contributors.existsBy({ reviewId: review.id, partnershipId }))
        throw new ConflictProblem(`${partnership.name} already contributes to this review.`);
      await contributors.insert({ reviewId: review.id, partnershipId, addedBy: user.id, addedAt: this.clock.now() });
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const view = await this.views.detail(review, ruleset, user);
      await this.audit.record({
        action: 'review.contributor-added',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { partnershipId },
        boards: ruleset.definition.requiredSignOffs,
      });
      return view;
    });
  }

  /** Records a joint review (a SAR or CSPR run alongside) or another review of the same death. */
  addLink(user: AuthenticatedUser, id: string, request: CreateLinkRequest): Promise<ReviewView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.access.find(user, id, true);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      const rule = { roles: rolesWith('link-reviews') };
      if (!(await this.access.holdsRole(rule, review, user))) {
        throw new ForbiddenProblem(`Only ${whoMayTake(rule)} may link another review to this one.`);
      }
      const link = await this.links.create(user, review.death, review, request);
      const view = await this.views.detail(review, ruleset, user);
      await this.audit.record({
        action: 'review.linked',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { link: linkRecord(link) },
        personal: { of: review.id, fields: ['link.note', 'link.externalReference'] },
        boards: ruleset.definition.requiredSignOffs,
      });
      return view;
    });
  }
}
