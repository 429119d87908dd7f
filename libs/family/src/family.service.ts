import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { can, rolesWith } from '@app/access';
import { ProtectedName, ProtectedNameSource, ProtectedNameSources } from '@app/anonymisation';
import { AuditService } from '@app/audit';
import { IdentityVault } from '@app/identity-vault';
import {
  AuthenticatedUser,
  Clock,
  ConflictProblem,
  ForbiddenProblem,
  NotFoundProblem,
  Page,
  pageOf,
  PageQuery,
  REMOVED_AT_DISPOSAL,
  ValidationProblem,
} from '@app/common';
import { Review, ReviewAccessPort } from '@app/reviews';
import {
  AddFamilyMemberRequest,
  FamilyContactView,
  FamilyMemberIdentityView,
  FamilyMemberView,
  FamilyPublicationNoticeView,
  RecordFamilyContactRequest,
  UpdateFamilyMemberRequest,
} from './dto/family.dto';
import {
  ADVOCACY_ACCEPTED_WORDS,
  AdvocacyAccepted,
  CONTACT_METHOD_WORDS,
  ContactMethod,
  FamilyContact,
  FamilyMember,
  FamilyMemberIdentity,
  FamilyPublicationNotice,
  Involvement,
  INVOLVEMENT_WORDS,
} from './entities/family.entity';

const clean = (text: string): string => text.trim().replace(/\s+/g, ' ');

const place = (memberId: string) => ({ table: 'family_member_identities', column: 'real_name', rowId: memberId });

/** The member's facts as the audit trail keeps them: the pseudonym and the record, never the real name. */
function auditFacts(member: FamilyMember): Record<string, unknown> {
  return {
    memberId: member.id,
    pseudonym: member.pseudonym,
    relationship: member.relationship,
    involvement: member.involvement,
    advocacyService: member.advocacyService,
    advocacyOfferedOn: member.advocacyOfferedOn,
    advocacyAccepted: member.advocacyAccepted,
    termsOfReferenceSeenOn: member.termsOfReferenceSeenOn,
    draftReportSeenOn: member.draftReportSeenOn,
  };
}

/**
 * The family's part in a review (issue 16.1): its members and other significant people, each by
 * a pseudonym with the real name kept apart; how each wants to be involved and the advocacy they
 * were offered; the contact log; and whether the family was told before publication. Need-to-know:
 * only the partnership's CSP manager and chair and the review's own independent chair (a 404 for
 * someone who may not see the review, a 403 for someone who may). Never emailed; the real name is
 * in no list, audit entry, log line or export.
 */
@Injectable()
export class FamilyService implements OnModuleInit, OnApplicationBootstrap, ProtectedNameSource {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reviews: ReviewAccessPort,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly protectedNames: ProtectedNameSources,
    private readonly vault: IdentityVault,
  ) {}

  onModuleInit(): void {
    // Family members' real names are protected names: a report naming one is a finding.
    this.protectedNames.register(this);
  }

  /** Whether this person may see the review's family record (for a link to it). */
  mayWorkWith(user: AuthenticatedUser, reviewId: string): Promise<boolean> {
    return this.txHost.withTransaction(async () => {
      if (!can(user, 'work-with-family')) return false;
      const review = await this.reviews.find(user, reviewId);
      return this.reviews.holdsRole({ roles: rolesWith('work-with-family') }, review, user);
    });
  }

  list(user: AuthenticatedUser, reviewId: string, query: PageQuery): Promise<Page<FamilyMemberView>> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId);
      const [members, total] = await this.txHost.tx
        .getRepository(FamilyMember)
        .findAndCount({ where: { reviewId: review.id }, order: { createdAt: 'ASC', pseudonym: 'ASC' }, skip: query.offset, take: query.pageSize });
      const named = await this.namedIds(members.map((m) => m.id));
      await this.audit.record({
        action: 'review.family-viewed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { count: members.length },
        boards: [],
      });
      return pageOf(
        members.map((m) => view(m, named.has(m.id))),
        total,
        query,
      );
    });
  }

  get(user: AuthenticatedUser, reviewId: string, memberId: string): Promise<FamilyMemberView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId);
      const member = await this.member(review, memberId);
      return view(member, (await this.namedIds([member.id])).has(member.id));
    });
  }

  add(user: AuthenticatedUser, reviewId: string, request: AddFamilyMemberRequest): Promise<FamilyMemberView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId, true);
      const repo = this.txHost.tx.getRepository(FamilyMember);
      const pseudonym = clean(request.pseudonym);
      await this.pseudonymFree(review, pseudonym);
      const now = this.clock.now();
      const member = await repo.save(
        repo.create({
          partnershipId: review.partnershipId,
          reviewId: review.id,
          pseudonym,
          relationship: clean(request.relationship),
          involvement: request.involvement as Involvement,
          advocacyService: request.advocacyService ? clean(request.advocacyService) : null,
          advocacyOfferedOn: request.advocacyOfferedOn ?? null,
          advocacyAccepted: (request.advocacyAccepted as AdvocacyAccepted | undefined) ?? null,
          termsOfReferenceSeenOn: request.termsOfReferenceSeenOn ?? null,
          draftReportSeenOn: request.draftReportSeenOn ?? null,
          createdBy: user.id,
          createdAt: now,
          updatedAt: now,
        }),
      );
      if (request.realName) await this.keepRealName(review, member, request.realName, user);
      await this.audit.record({
        action: 'review.family-member-added',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { after: auditFacts(member), realNameRecorded: Boolean(request.realName) },
        boards: [],
      });
      return view(member, Boolean(request.realName));
    });
  }

  update(user: AuthenticatedUser, reviewId: string, memberId: string, request: UpdateFamilyMemberRequest): Promise<FamilyMemberView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId, true);
      const member = await this.member(review, memberId);
      const before = auditFacts(member);
      if (request.pseudonym !== undefined && clean(request.pseudonym) !== member.pseudonym) {
        await this.pseudonymFree(review, clean(request.pseudonym));
        member.pseudonym = clean(request.pseudonym);
      }
      if (request.relationship !== undefined) member.relationship = clean(request.relationship);
      if (request.involvement !== undefined) member.involvement = request.involvement as Involvement;
      if (request.advocacyService !== undefined) member.advocacyService = clean(request.advocacyService);
      if (request.advocacyOfferedOn !== undefined) member.advocacyOfferedOn = request.advocacyOfferedOn;
      if (request.advocacyAccepted !== undefined) member.advocacyAccepted = request.advocacyAccepted as AdvocacyAccepted;
      if (request.termsOfReferenceSeenOn !== undefined) member.termsOfReferenceSeenOn = request.termsOfReferenceSeenOn;
      if (request.draftReportSeenOn !== undefined) member.draftReportSeenOn = request.draftReportSeenOn;
      member.updatedAt = this.clock.now();
      await this.txHost.tx.getRepository(FamilyMember).save(member);
      if (request.realName !== undefined) await this.keepRealName(review, member, request.realName, user);
      await this.audit.record({
        action: 'review.family-member-updated',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { before, after: auditFacts(member), realNameChanged: request.realName !== undefined },
        boards: [],
      });
      return view(member, (await this.namedIds([member.id])).has(member.id));
    });
  }

  /** The member's real name, for those who may see the family record; every read audited (with the pseudonym only). */
  identity(user: AuthenticatedUser, reviewId: string, memberId: string): Promise<FamilyMemberIdentityView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId);
      const member = await this.member(review, memberId);
      const identity = await this.txHost.tx.getRepository(FamilyMemberIdentity).findOneBy({ memberId: member.id });
      if (!identity) throw new NotFoundProblem(`No real name is recorded for ${member.pseudonym}.`);
      const realName = await this.realNameOf(identity);
      await this.audit.record({
        action: 'review.family-identity-viewed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { memberId: member.id, pseudonym: member.pseudonym },
        boards: [],
      });
      return { memberId: member.id, pseudonym: member.pseudonym, realName };
    });
  }

  contacts(user: AuthenticatedUser, reviewId: string, query: PageQuery): Promise<Page<FamilyContactView>> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId);
      const [contacts, total] = await this.txHost.tx.getRepository(FamilyContact).findAndCount({
        where: { reviewId: review.id },
        order: { contactedOn: 'DESC', recordedAt: 'DESC' },
        skip: query.offset,
        take: query.pageSize,
      });
      return pageOf(await this.contactViews(review.id, contacts), total, query);
    });
  }

  recordContact(user: AuthenticatedUser, reviewId: string, request: RecordFamilyContactRequest): Promise<FamilyContactView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId, true);
      const today = this.clock.today();
      if (request.contactedOn > today) throw ValidationProblem.field('contactedOn', `must not be in the future (today is ${today})`);
      const ids = [...new Set(request.memberIds)];
      const found = await this.txHost.tx.getRepository(FamilyMember).findBy({ reviewId: review.id, id: In(ids) });
      if (found.length !== ids.length) throw ValidationProblem.field('memberIds', 'must be the ids of family members on this review');
      const repo = this.txHost.tx.getRepository(FamilyContact);
      const contact = await repo.save(
        repo.create({
          partnershipId: review.partnershipId,
          reviewId: review.id,
          contactedOn: request.contactedOn,
          method: request.method as ContactMethod,
          memberIds: ids,
          summary: request.summary.trim(),
          madeBy: user.id,
          recordedAt: this.clock.now(),
        }),
      );
      await this.audit.record({
        action: 'review.family-contact-recorded',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        // The summary is the case's own: sealed under the review's key; ids and pseudonyms otherwise.
        changes: {
          contactId: contact.id,
          contactedOn: contact.contactedOn,
          method: contact.method,
          members: found.map((m) => m.pseudonym).sort(),
          summary: contact.summary,
        },
        personal: { of: review.id, fields: ['summary'] },
        boards: [],
      });
      return (await this.contactViews(review.id, [contact]))[0];
    });
  }

  /** Whether (and how) the family was told before publication; null until it is recorded. */
  publicationNotice(user: AuthenticatedUser, reviewId: string): Promise<FamilyPublicationNoticeView | null> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId);
      const notice = await this.noticeFor(review.id);
      return notice && { toldOn: notice.toldOn, notToldReason: notice.notToldReason, recordedAt: notice.recordedAt.toISOString() };
    });
  }

  /** The record of the family being told (or why not), in the caller's transaction: the pipeline's, for its action. */
  async recordToldOfPublication(review: Review, by: string, toldOn: string | null, notToldReason: string | null): Promise<void> {
    const repo = this.txHost.tx.getRepository(FamilyPublicationNotice);
    await repo.save(
      repo.create({ reviewId: review.id, partnershipId: review.partnershipId, toldOn, notToldReason, recordedBy: by, recordedAt: this.clock.now() }),
    );
  }

  /** In the caller's transaction. */
  noticeFor(reviewId: string): Promise<FamilyPublicationNotice | null> {
    return this.txHost.tx.getRepository(FamilyPublicationNotice).findOneBy({ reviewId });
  }

  /** The family record as a review's export shows it (pseudonyms only), or null for someone who may not see it. */
  async forExport(user: AuthenticatedUser, reviewId: string): Promise<{ members: FamilyMemberView[]; contacts: FamilyContactView[] } | null> {
    if (!(await this.mayWorkWith(user, reviewId))) return null;
    const members: FamilyMemberView[] = [];
    for (let page = 1; ; page += 1) {
      const { items, total } = await this.list(user, reviewId, Object.assign(new PageQuery(), { page, pageSize: 100 }));
      members.push(...items);
      if (members.length >= total || items.length === 0) break;
    }
    const contacts: FamilyContactView[] = [];
    for (let page = 1; ; page += 1) {
      const { items, total } = await this.contacts(user, reviewId, Object.assign(new PageQuery(), { page, pageSize: 100 }));
      contacts.push(...items);
      if (contacts.length >= total || items.length === 0) break;
    }
    return { members, contacts };
  }

  /** The family members' real names, for the anonymisation check (never shown by it). In the caller's transaction. */
  async namesFor(reviewId: string): Promise<ProtectedName[]> {
    const rows = await this.txHost.tx.getRepository(FamilyMemberIdentity).find({ where: { reviewId }, order: { recordedAt: 'ASC' } });
    return Promise.all(rows.map(async (row) => ({ label: 'family-member', name: await this.realNameOf(row) })));
  }

  /** In the caller's transaction. */
  async lastRecordedAt(reviewId: string): Promise<Date | null> {
    const [{ last }] = await this.txHost.tx.query('SELECT max(recorded_at) AS last FROM family_member_identities WHERE review_id = $1', [reviewId]);
    return last ? new Date(last) : null;
  }

  /**
   * For subject access: the family members, on any review of the scope's partnership, whose real
   * name (or a part of it) has this blind index entry: their record, real name and the contacts
   * they were part of. Not need-to-know filtered: the caller decides who may ask. In the caller's transaction.
   */
  async named(searchIndex: string): Promise<{ reviewId: string; realName: string; member: FamilyMemberView; contacts: FamilyContactView[] }[]> {
    const identities = await this.txHost.tx
      .getRepository(FamilyMemberIdentity)
      .createQueryBuilder('i')
      .where(':entry = ANY (i.real_name_index)', { entry: searchIndex })
      .orderBy('i.recorded_at', 'ASC')
      .getMany();
    const found = [];
    for (const identity of identities) {
      const member = await this.txHost.tx.getRepository(FamilyMember).findOneByOrFail({ id: identity.memberId });
      const contacts = await this.txHost.tx
        .getRepository(FamilyContact)
        .createQueryBuilder('c')
        .where(':member = ANY (c.member_ids)', { member: member.id })
        .orderBy('c.contacted_on', 'ASC')
        .addOrderBy('c.recorded_at', 'ASC')
        .getMany();
      found.push({
        reviewId: identity.reviewId,
        realName: await this.realNameOf(identity),
        member: view(member, true),
        contacts: await this.contactViews(identity.reviewId, contacts),
      });
    }
    return found;
  }

  /** Names written in clear before they were encrypted are sealed (and the clear copy emptied) when the api starts. */
  onApplicationBootstrap(): Promise<void> {
    return this.vault.sealLeftovers(
      "family members' real names",
      (): Promise<{ member_id: string; partnership_id: string; real_name: string }[]> =>
        this.txHost.tx.query(`SELECT member_id, partnership_id, real_name FROM family_member_identities WHERE real_name IS NOT NULL FOR UPDATE`),
      async (row) =>
        this.txHost.tx.query(`UPDATE family_member_identities SET real_name = NULL, real_name_sealed = $2, real_name_index = $3 WHERE member_id = $1`, [
          row.member_id,
          await this.vault.seal(row.partnership_id, place(row.member_id), row.real_name),
          this.vault.indexOfName(row.real_name),
        ]),
    );
  }

  /**
   * Removes, irreversibly and in the caller's transaction (disposal), the personal data this
   * library holds about the review: the members' real names, the contact log's summaries, and a
   * reason the family was not told. The members' pseudonyms, wishes and dates stay. Counts removed.
   */
  async disposePersonalData(reviewId: string): Promise<Record<string, number>> {
    const tx = this.txHost.tx;
    const [, familyRealNames] = (await tx.query(`DELETE FROM family_member_identities WHERE review_id = $1`, [reviewId])) as [unknown, number];
    const [, familyContactSummaries] = (await tx.query(`UPDATE family_contacts SET summary = $2 WHERE review_id = $1`, [reviewId, REMOVED_AT_DISPOSAL])) as [
      unknown,
      number,
    ];
    const [, familyNotToldReasons] = (await tx.query(
      `UPDATE family_publication_notices SET not_told_reason = $2 WHERE review_id = $1 AND not_told_reason IS NOT NULL`,
      [reviewId, REMOVED_AT_DISPOSAL],
    )) as [unknown, number];
    return { familyRealNames, familyContactSummaries, familyNotToldReasons };
  }

  /**
   * The review as this person may see it (404 otherwise), if they may see its family record: the
   * partnership's CSP manager or chair, or the review's own independent chair (403 otherwise).
   * For a change, locked, and refused once the review is disposed of.
   */
  private async reviewFor(user: AuthenticatedUser, reviewId: string, forUpdate = false): Promise<Review> {
    const review = await this.reviews.find(user, reviewId, forUpdate);
    if (!can(user, 'work-with-family') || !(await this.reviews.holdsRole({ roles: rolesWith('work-with-family') }, review, user))) {
      throw new ForbiddenProblem("Only the partnership's CSP manager or chair, or the review's own independent chair, may see or change the family's record.", {
        allowedRoles: rolesWith('work-with-family'),
      });
    }
    if (forUpdate && review.disposedAt) throw new ConflictProblem(`${review.reference} was disposed of: nothing more is recorded about it.`);
    return review;
  }

  private async member(review: Review, memberId: string): Promise<FamilyMember> {
    const member = await this.txHost.tx.getRepository(FamilyMember).findOneBy({ id: memberId, reviewId: review.id });
    if (!member) throw new NotFoundProblem('This review has no family member with that id.');
    return member;
  }

  private async pseudonymFree(review: Review, pseudonym: string): Promise<void> {
    if (await this.txHost.tx.getRepository(FamilyMember).existsBy({ reviewId: review.id, pseudonym })) {
      throw ValidationProblem.field('pseudonym', 'is already used for another family member of this review: choose another');
    }
  }

  private async keepRealName(review: Review, member: FamilyMember, realName: string, user: AuthenticatedUser): Promise<void> {
    const repo = this.txHost.tx.getRepository(FamilyMemberIdentity);
    const name = clean(realName);
    await repo.save(
      repo.create({
        memberId: member.id,
        partnershipId: review.partnershipId,
        reviewId: review.id,
        realNameSealed: await this.vault.seal(review.partnershipId, place(member.id), name),
        realNameIndex: this.vault.indexOfName(name),
        recordedBy: user.id,
        recordedAt: this.clock.now(),
      }),
    );
  }

  private realNameOf(identity: FamilyMemberIdentity): Promise<string> {
    return this.vault.open(place(identity.memberId), identity.realNameSealed);
  }

  private async namedIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.txHost.tx.getRepository(FamilyMemberIdentity).find({ select: { memberId: true }, where: { memberId: In(ids) } });
    return new Set(rows.map((r) => r.memberId));
  }

  private async contactViews(reviewId: string, contacts: FamilyContact[]): Promise<FamilyContactView[]> {
    const memberIds = [...new Set(contacts.flatMap((c) => c.memberIds))];
    const members = memberIds.length ? await this.txHost.tx.getRepository(FamilyMember).findBy({ reviewId, id: In(memberIds) }) : [];
    const pseudonyms = new Map(members.map((m) => [m.id, m.pseudonym]));
    const people = [...new Set(contacts.map((c) => c.madeBy).filter((id): id is string => id !== null))];
    const names = new Map<string, string>(
      people.length
        ? ((await this.txHost.tx.query(`SELECT id, name FROM user_contacts WHERE id = ANY ($1::uuid[])`, [people])) as { id: string; name: string }[]).map(
            (r) => [r.id, r.name],
          )
        : [],
    );
    return contacts.map((c) => ({
      id: c.id,
      contactedOn: c.contactedOn,
      method: c.method,
      methodText: CONTACT_METHOD_WORDS[c.method],
      members: c.memberIds.map((id) => ({ id, pseudonym: pseudonyms.get(id) ?? '(unknown)' })),
      madeBy: { id: c.madeBy, name: c.madeBy ? (names.get(c.madeBy) ?? null) : null },
      summary: c.summary,
      recordedAt: c.recordedAt.toISOString(),
    }));
  }
}

function view(member: FamilyMember, realNameRecorded: boolean): FamilyMemberView {
  return {
    id: member.id,
    pseudonym: member.pseudonym,
    relationship: member.relationship,
    involvement: member.involvement,
    involvementText: INVOLVEMENT_WORDS[member.involvement],
    advocacy: {
      service: member.advocacyService,
      offeredOn: member.advocacyOfferedOn,
      accepted: member.advocacyAccepted,
      acceptedText: member.advocacyAccepted ? ADVOCACY_ACCEPTED_WORDS[member.advocacyAccepted] : null,
    },
    termsOfReferenceSeenOn: member.termsOfReferenceSeenOn,
    draftReportSeenOn: member.draftReportSeenOn,
    realNameRecorded,
    identity: `/api/reviews/${member.reviewId}/family/${member.id}/identity`,
    createdAt: member.createdAt.toISOString(),
    updatedAt: member.updatedAt.toISOString(),
  };
}
