import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { can, seesWholePartnership, visibleDeaths, visibleReviews } from '@app/access';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, ForbiddenProblem, NotFoundProblem, Page, PageQuery, pageOf, ValidationProblem } from '@app/common';
import { RecordDeathRequest } from '../dto/create-review.dto';
import { Review } from '../entities/review.entity';
import { ReviewLink } from '../entities/review-link.entity';
import { ReviewLinks } from '../review-links';
import { CreateLinkRequest, DeathListItem, DeathView, IdentityView, UpdateDeathRequest } from './death.dto';
import { DeathIdentities } from './death-identities';
import { Death } from './death.entity';

/**
 * Deaths: the record each review is about. The victim's real name, when given, is written to
 * its own table and read back only through `identity`, by the CSP manager or chair, audited.
 */
@Injectable()
export class DeathsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly links: ReviewLinks,
    private readonly identities: DeathIdentities,
  ) {}

  private get deaths() {
    return this.txHost.tx.getRepository(Death);
  }

  /** Records a death in the caller's transaction, the real name apart from the rest. */
  async record(user: AuthenticatedUser, facts: RecordDeathRequest): Promise<Death> {
    const today = this.clock.today();
    if (facts.dateOfDeath > today) throw ValidationProblem.field('dateOfDeath', `must not be in the future (today is ${today})`);
    const now = this.clock.now();
    const death = this.deaths.create({
      partnershipId: user.partnershipId,
      dateOfDeath: facts.dateOfDeath,
      placeOfDeath: facts.placeOfDeath?.trim() ?? null,
      victimPseudonym: facts.victim.pseudonym.trim(),
      victimAgeAtDeath: facts.victim.ageAtDeath,
      victimSex: facts.victim.sex,
      offensiveWeaponInvolved: facts.offensiveWeaponInvolved ?? null,
      suspectRelationship: facts.suspectRelationship ?? null,
      suspectAgeAtDeath: facts.suspectAgeAtDeath ?? null,
      suspectedSuicide: facts.suspectedSuicide ?? false,
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    });
    await this.deaths.save(death);
    if (facts.victim.name) {
      await this.identities.record({
        deathId: death.id,
        partnershipId: user.partnershipId,
        victimName: facts.victim.name.trim().replace(/\s+/g, ' '),
        recordedBy: user.id,
        recordedAt: now,
      });
    }
    return death;
  }

  /** A death this partnership recorded, locked to the caller's transaction so reviews of it open one at a time. */
  async lockForNewReview(user: AuthenticatedUser, id: string): Promise<Death> {
    const death = await this.deaths
      .createQueryBuilder('d')
      .where('d.id = :id AND d.partnership_id = :partnershipId', { id, partnershipId: user.partnershipId })
      .setLock('pessimistic_write')
      .getOne();
    if (!death) throw ValidationProblem.field('deathId', 'this partnership has recorded no death with that id; GET /api/deaths lists them');
    return death;
  }

  create(user: AuthenticatedUser, request: RecordDeathRequest): Promise<DeathView> {
    return this.txHost.withTransaction(async () => {
      mayRecord(user);
      const death = await this.record(user, request);
      const view = await this.view(user, death);
      await this.audit.record({
        action: 'death.recorded',
        partnershipId: death.partnershipId,
        changes: { after: facts(death), identityRecorded: Boolean(request.victim.name) },
        personal: { of: death.id, fields: ['after'] },
      });
      return view;
    });
  }

  async list(user: AuthenticatedUser, query: PageQuery): Promise<Page<DeathListItem>> {
    const access = visibleDeaths(user, 'd');
    const qb = this.deaths.createQueryBuilder('d').where(access.sql, access.params);
    const total = await qb.getCount();
    const deaths = await qb.orderBy('d.date_of_death', 'DESC').addOrderBy('d.id', 'ASC').offset(query.offset).limit(query.pageSize).getMany();
    const reviews = await this.visibleReviewsOf(
      user,
      deaths.map((d) => d.id),
    );
    const items = deaths.map((d) => ({
      id: d.id,
      dateOfDeath: d.dateOfDeath,
      victimPseudonym: d.victimPseudonym,
      reviews: reviews.filter((r) => r.deathId === d.id).map((r) => r.reference),
    }));
    return pageOf(items, total, query);
  }

  get(user: AuthenticatedUser, id: string): Promise<DeathView> {
    return this.txHost.withTransaction(async () => {
      const death = await this.findVisible(user, id, false);
      const view = await this.view(user, death);
      await this.audit.record({ action: 'death.viewed', partnershipId: death.partnershipId, changes: { deathId: death.id } });
      return view;
    });
  }

  /** Changes facts that became known later; each change is audited with what it was. */
  update(user: AuthenticatedUser, id: string, changes: UpdateDeathRequest): Promise<DeathView> {
    return this.txHost.withTransaction(async () => {
      mayRecord(user);
      const death = await this.findVisible(user, id, true);
      const before = facts(death);
      Object.assign(death, {
        ...(changes.placeOfDeath !== undefined ? { placeOfDeath: changes.placeOfDeath?.trim() ?? null } : {}),
        ...(changes.offensiveWeaponInvolved !== undefined ? { offensiveWeaponInvolved: changes.offensiveWeaponInvolved } : {}),
        ...(changes.suspectRelationship !== undefined ? { suspectRelationship: changes.suspectRelationship } : {}),
        ...(changes.suspectAgeAtDeath !== undefined ? { suspectAgeAtDeath: changes.suspectAgeAtDeath } : {}),
        ...(changes.suspectedSuicide !== undefined ? { suspectedSuicide: changes.suspectedSuicide } : {}),
        updatedAt: this.clock.now(),
      });
      await this.deaths.save(death);
      const view = await this.view(user, death);
      await this.audit.record({
        action: 'death.updated',
        partnershipId: death.partnershipId,
        changes: { deathId: death.id, before, after: facts(death) },
        personal: { of: death.id, fields: ['before', 'after'] },
      });
      return view;
    });
  }

  /** The victim's real name, for the partnership's CSP manager and chair only. Every read is audited. */
  identity(user: AuthenticatedUser, id: string): Promise<IdentityView> {
    return this.txHost.withTransaction(async () => {
      const death = await this.findVisible(user, id, false);
      if (!can(user, 'read-victim-identity') || death.partnershipId !== user.partnershipId) {
        throw new ForbiddenProblem("Only the partnership's CSP manager and CSP chair may read a victim's real name.");
      }
      const victimName = await this.identities.nameOf(death.id);
      if (victimName === null) throw new NotFoundProblem('No real name is recorded for this death.');
      await this.audit.record({ action: 'death.identity-viewed', partnershipId: death.partnershipId, changes: { deathId: death.id } });
      return { deathId: death.id, victimName };
    });
  }

  addLink(user: AuthenticatedUser, id: string, request: CreateLinkRequest): Promise<DeathView> {
    return this.txHost.withTransaction(async () => {
      mayRecord(user);
      const death = await this.findVisible(user, id, true);
      const link = await this.links.create(user, death, null, request);
      const view = await this.view(user, death);
      await this.audit.record({
        action: 'death.linked',
        partnershipId: death.partnershipId,
        changes: { deathId: death.id, link: linkRecord(link) },
        personal: { of: death.id, fields: ['link.note', 'link.externalReference'] },
      });
      return view;
    });
  }

  private async findVisible(user: AuthenticatedUser, id: string, forUpdate: boolean): Promise<Death> {
    const access = visibleDeaths(user, 'd');
    const qb = this.deaths.createQueryBuilder('d').where('d.id = :id', { id }).andWhere(access.sql, access.params);
    if (forUpdate) qb.setLock('pessimistic_write', undefined, ['d']);
    const death = await qb.getOne();
    if (!death) throw new NotFoundProblem('No death with that id.');
    return death;
  }

  private async visibleReviewsOf(user: AuthenticatedUser, deathIds: string[]): Promise<Review[]> {
    if (deathIds.length === 0) return [];
    const access = visibleReviews(user, 'r');
    return this.txHost.tx
      .getRepository(Review)
      .createQueryBuilder('r')
      .select(['r.id', 'r.deathId', 'r.reference', 'r.type', 'r.stage', 'r.status'])
      .where({ deathId: In(deathIds) })
      .andWhere(access.sql, access.params)
      .orderBy('r.created_at', 'ASC')
      .getMany();
  }

  private async view(user: AuthenticatedUser, death: Death): Promise<DeathView> {
    const reviews = await this.visibleReviewsOf(user, [death.id]);
    const identityRecorded = seesWholePartnership(user) && (await this.identities.exists(death.id));
    return {
      id: death.id,
      dateOfDeath: death.dateOfDeath,
      placeOfDeath: death.placeOfDeath,
      victim: { pseudonym: death.victimPseudonym, ageAtDeath: death.victimAgeAtDeath, sex: death.victimSex },
      offensiveWeaponInvolved: death.offensiveWeaponInvolved,
      suspectRelationship: death.suspectRelationship,
      suspectAgeAtDeath: death.suspectAgeAtDeath,
      suspectedSuicide: death.suspectedSuicide,
      identityRecorded,
      reviews: reviews.map((r) => ({ id: r.id, reference: r.reference, type: r.type, stage: r.stage, status: r.status })),
      links: await this.links.ofDeath(user, death.id),
      createdAt: death.createdAt.toISOString(),
    };
  }
}

function mayRecord(user: AuthenticatedUser): void {
  if (!can(user, 'record-death')) throw new ForbiddenProblem('Only a CSP manager or a CSP chair may record a death or change its facts.');
}

/** A death's facts as the audit trail keeps them: never the real name. */
export function facts(death: Death): Record<string, unknown> {
  return {
    dateOfDeath: death.dateOfDeath,
    placeOfDeath: death.placeOfDeath,
    victimPseudonym: death.victimPseudonym,
    victimAgeAtDeath: death.victimAgeAtDeath,
    victimSex: death.victimSex,
    offensiveWeaponInvolved: death.offensiveWeaponInvolved,
    suspectRelationship: death.suspectRelationship,
    suspectAgeAtDeath: death.suspectAgeAtDeath,
    suspectedSuicide: death.suspectedSuicide,
  };
}

export function linkRecord(link: ReviewLink): Record<string, unknown> {
  return {
    id: link.id,
    kind: link.kind,
    externalReference: link.externalReference,
    runBy: link.runBy,
    linkedReviewId: link.linkedReviewId,
    sharedPanelMembers: link.sharedPanelUserIds,
  };
}
