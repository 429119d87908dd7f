import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In, IsNull } from 'typeorm';
import { visibleReviews } from '@app/access';
import { entitiesFromJson, jsonArraySql } from '@app/database';
import { AuthenticatedUser, Clock, ConflictProblem, ValidationProblem } from '@app/common';
import { Death } from './deaths/death.entity';
import { CreateLinkRequest, isExternalKind } from './deaths/death.dto';
import { LinkView } from './dto/review.view';
import { PanelMember } from './entities/panel-member.entity';
import { ReviewLink } from './entities/review-link.entity';
import { Review } from './entities/review.entity';

/**
 * Links between reviews of one death: joint reviews with a Safeguarding Adults Review or a Child
 * Safeguarding Practice Review, and the displacement of one review by another. A link between two
 * reviews in the product is one row, read from both sides.
 */
@Injectable()
export class ReviewLinks {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(ReviewLink);
  }

  /** Records a link from `review` (or from the death alone), in the caller's transaction. */
  async create(user: AuthenticatedUser, death: Death, review: Review | null, request: CreateLinkRequest): Promise<ReviewLink> {
    let linked: Review | null = null;
    if (request.linkedReviewId) {
      const access = visibleReviews(user, 'r');
      linked = await this.txHost.tx
        .getRepository(Review)
        .createQueryBuilder('r')
        .where('r.id = :id', { id: request.linkedReviewId })
        .andWhere(access.sql, access.params)
        .getOne();
      if (!linked) throw ValidationProblem.field('linkedReviewId', 'no review you may see has that id');
      if (linked.deathId !== death.id)
        throw ValidationProblem.field('linkedReviewId', 'that review is about another death: only reviews of the same death can be linked');
      if (linked.id === review?.id) throw ValidationProblem.field('linkedReviewId', 'a review cannot be linked to itself');
      if (linked.type !== request.kind) throw ValidationProblem.field('kind', `must be ${linked.type}, the type of the linked review`);
      const existing = await this.repo.findOne({
        where: [{ reviewId: review?.id ?? IsNull(), linkedReviewId: linked.id }, ...(review ? [{ reviewId: linked.id, linkedReviewId: review.id }] : [])],
      });
      if (existing) throw new ConflictProblem('Those reviews are already linked.');
    } else if (isExternalKind(request.kind)) {
      if (!request.externalReference)
        throw ValidationProblem.field('externalReference', `is required for a ${request.kind} run outside the product (or give linkedReviewId)`);
      if (!request.runBy) throw ValidationProblem.field('runBy', `is required for a ${request.kind} run outside the product: name the board running it`);
    } else {
      throw ValidationProblem.field('linkedReviewId', `is required to link a ${request.kind}: it is a review of this product`);
    }
    const shared = request.sharedPanelMembers ?? [];
    if (shared.length) {
      if (!review) throw ValidationProblem.field('sharedPanelMembers', 'can be given only for a link made from a review, whose panel they sit on');
      const panel = new Set((await this.txHost.tx.getRepository(PanelMember).findBy({ reviewId: review.id, userId: In(shared) })).map((m) => m.userId));
      const strangers = shared.filter((id) => !panel.has(id));
      if (strangers.length)
        throw ValidationProblem.field('sharedPanelMembers', `${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not on this review's panel`);
    }
    return this.repo.save(
      this.repo.create({
        partnershipId: death.partnershipId,
        deathId: death.id,
        reviewId: review?.id ?? null,
        kind: request.kind,
        linkedReviewId: linked?.id ?? null,
        externalReference: linked ? null : (request.externalReference?.trim() ?? null),
        runBy: linked ? null : (request.runBy?.trim() ?? null),
        sharedPanelUserIds: shared,
        note: request.note?.trim() ?? null,
        createdBy: user.id,
        createdAt: this.clock.now(),
      }),
    );
  }

  /**
   * Other reviews of this review's death, from both sides: links made from this review, links
   * another review made to it, and links recorded against the death itself.
   */
  async ofReview(user: AuthenticatedUser, review: Review): Promise<LinkView[]> {
    const rows = await this.repo.find({
      where: [{ reviewId: review.id }, { linkedReviewId: review.id }, { deathId: review.deathId, reviewId: IsNull() }],
      order: { createdAt: 'ASC' },
    });
    return this.views(user, rows, review.id);
  }

  /** Every link of a death and its reviews. */
  async ofDeath(user: AuthenticatedUser, deathId: string): Promise<LinkView[]> {
    return this.views(user, await this.recordedFor(deathId), null);
  }

  /** The links recorded for a death, as rows. */
  async recordedFor(deathId: string): Promise<ReviewLink[]> {
    return this.repo.find({ where: { deathId }, order: { createdAt: 'ASC' } });
  }

  /**
   * For the review page's one statement (ReviewViews): the review's links as `ofReview` reads
   * them, and the other reviews they name, each with whether the reader may see it (`visibleSql`,
   * the reader's visibility over the alias `lr`); `viewsFromJson` shapes them as `ofReview` does.
   */
  static linksJsonSql(r: string): string {
    return jsonArraySql('l', `review_links l WHERE ${linksOf(r)}`, 'l.created_at');
  }

  static linkedReviewsJsonSql(r: string, visibleSql: string): string {
    return `(SELECT coalesce(json_agg(json_build_object('id', lr.id, 'reference', lr.reference, 'type', lr.type, 'visible', ${visibleSql})), '[]'::json)
      FROM reviews lr WHERE lr.id IN (SELECT unnest(ARRAY[l.review_id, l.linked_review_id]) FROM review_links l WHERE ${linksOf(r)}))`;
  }

  viewsFromJson(links: unknown, linked: unknown, fromReviewId: string): LinkView[] {
    const others = (Array.isArray(linked) ? linked : []) as OtherReview[];
    return linkViews(entitiesFromJson(this.txHost.tx, ReviewLink, links), others, fromReviewId);
  }

  /**
   * The links as this person may see them: the other review's kind always shows, its id and
   * reference only when they may see that review too.
   */
  private async views(user: AuthenticatedUser, rows: ReviewLink[], fromReviewId: string | null): Promise<LinkView[]> {
    const ids = [...new Set(rows.flatMap((l) => [l.reviewId, l.linkedReviewId]).filter((id): id is string => id !== null))];
    const access = visibleReviews(user, 'r');
    const found = ids.length
      ? await this.txHost.tx
          .getRepository(Review)
          .createQueryBuilder('r')
          .select(['r.id', 'r.reference', 'r.type'])
          .addSelect(access.sql, 'r_visible')
          .setParameters(access.params)
          .where({ id: In(ids) })
          .getRawAndEntities()
      : { entities: [], raw: [] };
    const visible = new Set(found.raw.filter((row: { r_visible: boolean }) => row.r_visible).map((row: { r_id: string }) => row.r_id));
    return linkViews(
      rows,
      found.entities.map((r) => ({ id: r.id, reference: r.reference, type: r.type, visible: visible.has(r.id) })),
      fromReviewId,
    );
  }
}

/** Another review a link names, and whether the reader may see it. */
interface OtherReview {
  id: string;
  reference: string;
  type: string;
  visible: boolean;
}

/** The links of a review (or a death) over the alias of the review: made from it, made to it, and recorded against its death. */
function linksOf(r: string): string {
  return `(l.review_id = ${r}.id OR l.linked_review_id = ${r}.id OR (l.death_id = ${r}.death_id AND l.review_id IS NULL))`;
}

function linkViews(rows: ReviewLink[], others: OtherReview[], fromReviewId: string | null): LinkView[] {
  const reviews = new Map(others.map((r) => [r.id, r]));
  return rows.map((l) => {
    const side = l.reviewId === null ? 'death' : l.reviewId === fromReviewId || fromReviewId === null ? 'made-here' : 'made-there';
    const other = reviews.get((side === 'made-there' ? l.reviewId : l.linkedReviewId) ?? '');
    return {
      id: l.id,
      kind: side === 'made-there' ? (other?.type ?? l.kind) : l.kind,
      externalReference: side === 'made-there' ? null : l.externalReference,
      runBy: side === 'made-there' ? null : l.runBy,
      reviewId: other?.visible ? other.id : null,
      reference: other?.visible ? other.reference : null,
      sharedPanelMembers: l.sharedPanelUserIds,
      note: l.note,
      side,
      createdAt: l.createdAt.toISOString(),
    };
  });
}
