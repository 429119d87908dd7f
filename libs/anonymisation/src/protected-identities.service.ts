import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { can, Permission, rolesWith } from '@app/access';
import { AuditService } from '@app/audit';
import { IdentityVault } from '@app/identity-vault';
import { AuthenticatedUser, Clock, ConflictProblem, ForbiddenProblem, NotFoundProblem, REMOVED_AT_DISPOSAL } from '@app/common';
import { Review, ReviewAccessPort } from '@app/reviews';
import { ProtectedIdentityView, RecordProtectedIdentityRequest } from './dto/anonymisation.dto';
import { OpenedProtectedIdentity, ProtectedIdentity, ProtectedRole } from './entities/protected-identity.entity';
import { ProtectedName } from './find-identifiers';
import { ProtectedNameSources } from './protected-name-sources';

const WHAT: Partial<Record<Permission, string>> = {
  'manage-protected-identities': "see or change a review's protected names",
  'check-anonymisation': "check a review's documents for protected names",
};

/**
 * The names a review's documents must not carry when they leave: the victim's real name (the
 * death's record, in libs/reviews) and those recorded here. Seen and changed only by the
 * partnership's CSP manager and chair and the review's own independent chair; every read and
 * change audited, the names sealed under the review's data key. Never in a URL, log or mail.
 */
@Injectable()
export class ProtectedIdentities implements OnApplicationBootstrap {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reviews: ReviewAccessPort,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sources: ProtectedNameSources,
    private readonly vault: IdentityVault,
  ) {}

  list(user: AuthenticatedUser, reviewId: string): Promise<ProtectedIdentityView[]> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId, 'manage-protected-identities');
      const views: ProtectedIdentityView[] = [];
      const victimName = await this.reviews.victimNameOf(review);
      if (victimName !== null) {
        // The death's real name keeps its own rule: the partnership's CSP manager and chair.
        const shown = can(user, 'read-victim-identity') && review.partnershipId === user.partnershipId;
        views.push({
          id: null,
          role: 'victim',
          source: 'death-record',
          name: shown ? victimName : null,
          dateOfBirth: null,
          recordedBy: null,
          recordedAt: review.death.createdAt.toISOString(),
        });
      }
      for (const identity of await this.recorded(review.id)) views.push(view(identity));
      await this.audit.record({
        action: 'review.protected-identities-viewed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { count: views.length, victimNameShown: views.some((v) => v.source === 'death-record' && v.name !== null) },
        boards: [],
      });
      return views;
    });
  }

  record(user: AuthenticatedUser, reviewId: string, request: RecordProtectedIdentityRequest): Promise<ProtectedIdentityView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId, 'manage-protected-identities', true);
      if (review.disposedAt) throw new ConflictProblem(`${review.reference} was disposed of: nothing more is recorded about it.`);
      const role = request.role as ProtectedRole;
      if (role === 'victim' && (await this.reviews.victimNameOf(review)) !== null) {
        throw new ConflictProblem("The victim's real name is already the death's record, and is checked from there.");
      }
      const identity: OpenedProtectedIdentity = {
        id: this.vault.newRowId(),
        partnershipId: review.partnershipId,
        reviewId: review.id,
        role,
        name: request.name.trim().replace(/\s+/g, ' '),
        dateOfBirth: request.dateOfBirth ?? null,
        recordedBy: user.id,
        recordedAt: this.clock.now(),
      };
      await this.txHost.tx.getRepository(ProtectedIdentity).insert({
        id: identity.id,
        partnershipId: identity.partnershipId,
        reviewId: identity.reviewId,
        role,
        nameSealed: await this.vault.seal(identity.partnershipId, places(identity.id).name, identity.name),
        nameIndex: this.vault.indexOfName(identity.name),
        dateOfBirthSealed: await this.vault.sealOptional(identity.partnershipId, places(identity.id).dateOfBirth, identity.dateOfBirth),
        recordedBy: identity.recordedBy,
        recordedAt: identity.recordedAt,
      });
      await this.audit.record({
        action: 'review.protected-identity-recorded',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { identityId: identity.id, role, name: identity.name, dateOfBirth: identity.dateOfBirth },
        personal: { of: review.id, fields: ['name', 'dateOfBirth'] },
        boards: [],
      });
      return view(identity);
    });
  }

  remove(user: AuthenticatedUser, reviewId: string, identityId: string): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const review = await this.reviewFor(user, reviewId, 'manage-protected-identities', true);
      const repo = this.txHost.tx.getRepository(ProtectedIdentity);
      const found = await repo.findOneBy({ id: identityId, reviewId: review.id });
      if (!found) throw new NotFoundProblem('This review has no protected name with that id.');
      const identity = await this.opened(found);
      await repo.delete({ id: identity.id });
      await this.audit.record({
        action: 'review.protected-identity-removed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        changes: { identityId: identity.id, role: identity.role, name: identity.name },
        personal: { of: review.id, fields: ['name'] },
        boards: [],
      });
    });
  }

  /** Every protected name of the review, the victim's from the death's record first, then those recorded here and by other sources (family members): what a check looks for. For the caller's transaction. */
  async namesFor(review: Pick<Review, 'id' | 'deathId'>): Promise<ProtectedName[]> {
    const names: ProtectedName[] = [];
    const victimName = await this.reviews.victimNameOf(review);
    if (victimName) names.push({ label: 'victim', name: victimName });
    for (const identity of await this.recorded(review.id)) names.push({ label: identity.role, name: identity.name, dateOfBirth: identity.dateOfBirth });
    for (const source of this.sources.all()) names.push(...(await source.namesFor(review.id)));
    return names;
  }

  /** When a protected name was last recorded on the review (null if none is): a check made before then did not look for it. In the caller's transaction. */
  async lastRecordedAt(reviewId: string): Promise<Date | null> {
    const [{ last }] = await this.txHost.tx.query('SELECT max(recorded_at) AS last FROM protected_identities WHERE review_id = $1', [reviewId]);
    let latest: Date | null = last ? new Date(last) : null;
    for (const source of this.sources.all()) {
      const theirs = await source.lastRecordedAt(reviewId);
      if (theirs && (!latest || theirs > latest)) latest = theirs;
    }
    return latest;
  }

  /**
   * Removes, irreversibly and in the caller's transaction (disposal), the personal data this
   * library holds about the review: every protected name recorded on it, and the reasons given
   * for keeping findings. The checks stay (fingerprints and counts, nothing personal). Counts removed.
   */
  async disposePersonalData(reviewId: string): Promise<Record<string, number>> {
    const [, protectedNames] = (await this.txHost.tx.query(`DELETE FROM protected_identities WHERE review_id = $1`, [reviewId])) as [unknown, number];
    const [, acknowledgementReasons] = (await this.txHost.tx.query(
      `UPDATE anonymisation_acknowledgements a SET reason = $2 FROM anonymisation_checks c WHERE c.id = a.check_id AND c.review_id = $1`,
      [reviewId, REMOVED_AT_DISPOSAL],
    )) as [unknown, number];
    return { protectedNames, acknowledgementReasons };
  }

  /**
   * The review as this person may see it (404), if they hold the permission for it: the
   * partnership's CSP manager or chair, or the review's own independent chair (403 otherwise).
   */
  async reviewFor(user: AuthenticatedUser, reviewId: string, permission: Permission, forUpdate = false): Promise<Review> {
    if (!can(user, permission)) throw forbidden(permission);
    const review = await this.reviews.find(user, reviewId, forUpdate);
    if (!(await this.reviews.holdsRole({ roles: rolesWith(permission) }, review, user))) throw forbidden(permission);
    return review;
  }

  /**
   * For subject access: the protected identities, on any review of the scope's partnership, whose
   * name (or a part of it) has this blind index entry, opened. In the caller's transaction.
   */
  async named(searchIndex: string): Promise<OpenedProtectedIdentity[]> {
    const rows = await this.txHost.tx
      .getRepository(ProtectedIdentity)
      .createQueryBuilder('p')
      .where(':entry = ANY (p.name_index)', { entry: searchIndex })
      .orderBy('p.recorded_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
    return Promise.all(rows.map((row) => this.opened(row)));
  }

  /** Names written in clear before they were encrypted are sealed (and the clear copy emptied) when the api starts. */
  onApplicationBootstrap(): Promise<void> {
    return this.vault.sealLeftovers(
      'protected names',
      (): Promise<{ id: string; partnership_id: string; name: string; date_of_birth: string | null }[]> =>
        this.txHost.tx.query(
          `SELECT id, partnership_id, name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth FROM protected_identities WHERE name IS NOT NULL FOR UPDATE`,
        ),
      async (row) =>
        this.txHost.tx.query(
          `UPDATE protected_identities SET name = NULL, date_of_birth = NULL, name_sealed = $2, name_index = $3, date_of_birth_sealed = $4 WHERE id = $1`,
          [
            row.id,
            await this.vault.seal(row.partnership_id, places(row.id).name, row.name),
            this.vault.indexOfName(row.name),
            await this.vault.sealOptional(row.partnership_id, places(row.id).dateOfBirth, row.date_of_birth),
          ],
        ),
    );
  }

  private async recorded(reviewId: string): Promise<OpenedProtectedIdentity[]> {
    const rows = await this.txHost.tx.getRepository(ProtectedIdentity).find({ where: { reviewId }, order: { recordedAt: 'ASC', id: 'ASC' } });
    return Promise.all(rows.map((row) => this.opened(row)));
  }

  private async opened(row: ProtectedIdentity): Promise<OpenedProtectedIdentity> {
    const { nameSealed, dateOfBirthSealed, nameIndex: _index, ...rest } = row;
    return {
      ...rest,
      name: await this.vault.open(places(row.id).name, nameSealed),
      dateOfBirth: await this.vault.openOptional(places(row.id).dateOfBirth, dateOfBirthSealed),
    };
  }
}

function forbidden(permission: Permission): ForbiddenProblem {
  return new ForbiddenProblem(`Only the partnership's CSP manager or chair, or the review's own independent chair, may ${WHAT[permission] ?? permission}.`, {
    allowedRoles: rolesWith(permission),
  });
}

const places = (id: string) => ({
  name: { table: 'protected_identities', column: 'name', rowId: id },
  dateOfBirth: { table: 'protected_identities', column: 'date_of_birth', rowId: id },
});

function view(identity: OpenedProtectedIdentity): ProtectedIdentityView {
  return {
    id: identity.id,
    role: identity.role,
    source: 'review',
    name: identity.name,
    dateOfBirth: identity.dateOfBirth,
    recordedBy: identity.recordedBy,
    recordedAt: identity.recordedAt.toISOString(),
  };
}
