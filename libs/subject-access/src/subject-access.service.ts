import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { can, rolesWith } from '@app/access';
import { OpenedProtectedIdentity, ProtectedIdentities } from '@app/anonymisation';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, ForbiddenProblem, ValidationProblem } from '@app/common';
import { ReviewExportService, ReviewRecord } from '@app/exports';
import { FamilyService } from '@app/family';
import { IdentityVault } from '@app/identity-vault';
import { Review, ReviewAccessPort } from '@app/reviews';
import { SUBJECT_SOURCES, SubjectAccessMatch, SubjectAccessSearchResult } from './dto/subject-access.dto';

type FamilyFound = Awaited<ReturnType<FamilyService['named']>>[number];
type VictimFound = Awaited<ReturnType<ReviewAccessPort['victimsNamed']>>[number];

interface Found {
  searchIndex: string;
  victims: VictimFound[];
  protectedIdentities: OpenedProtectedIdentity[];
  familyMembers: FamilyFound[];
  matches: SubjectAccessMatch[];
}

/** Everything the product holds about one person, as one document. */
export interface SubjectAccessExport {
  exportedAt: string;
  matches: SubjectAccessMatch[];
  identities: {
    victims: { deathId: string; name: string; recordedAt: string; reviewIds: string[] }[];
    protectedIdentities: { id: string; reviewId: string; role: string; name: string; dateOfBirth: string | null; recordedAt: string }[];
    familyMembers: FamilyFound[];
  };
  /** The whole record of each review the person appears in, as the review export gives it. */
  reviews: ReviewRecord[];
}

/**
 * Subject access (issue 18.8): find a person by name across every review of the partnership,
 * through the blind index of each protected name (never by decrypting every row), and export all
 * the product holds about them. The partnership's CSP manager only. Each search and export is
 * audited with the name's blind index entry (an HMAC), never the name, so the trail shows who
 * searched for whom without saying the name to anyone who reads it.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly vault: IdentityVault,
    private readonly reviews: ReviewAccessPort,
    private readonly protectedIdentities: ProtectedIdentities,
    private readonly family: FamilyService,
    private readonly exports: ReviewExportService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  search(user: AuthenticatedUser, name: string): Promise<SubjectAccessSearchResult> {
    return this.txHost.withTransaction(async () => {
      const found = await this.find(user, name);
      await this.audit.record({
        action: 'subject-access.searched',
        partnershipId: user.partnershipId,
        changes: { nameIndex: found.searchIndex, matches: found.matches.length, reviewIds: reviewIdsOf(found.matches) },
        boards: [],
      });
      return { matches: found.matches, searchedAt: this.clock.now().toISOString() };
    });
  }

  async export(user: AuthenticatedUser, name: string): Promise<SubjectAccessExport> {
    const found = await this.txHost.withTransaction(async () => {
      const result = await this.find(user, name);
      await this.audit.record({
        action: 'subject-access.exported',
        partnershipId: user.partnershipId,
        changes: { nameIndex: result.searchIndex, matches: result.matches.length, reviewIds: reviewIdsOf(result.matches) },
        boards: [],
      });
      return result;
    });
    const reviews: ReviewRecord[] = [];
    for (const reviewId of reviewIdsOf(found.matches)) reviews.push(await this.exports.record(user, reviewId, 'json'));
    return {
      exportedAt: this.clock.now().toISOString(),
      matches: found.matches,
      identities: {
        victims: found.victims.map((v) => ({
          deathId: v.deathId,
          name: v.victimName,
          recordedAt: v.recordedAt.toISOString(),
          reviewIds: v.reviews.map((r) => r.id),
        })),
        protectedIdentities: found.protectedIdentities.map((p) => ({
          id: p.id,
          reviewId: p.reviewId,
          role: p.role,
          name: p.name,
          dateOfBirth: p.dateOfBirth,
          recordedAt: p.recordedAt.toISOString(),
        })),
        familyMembers: found.familyMembers,
      },
      reviews,
    };
  }

  /** In the caller's transaction. */
  private async find(user: AuthenticatedUser, name: string): Promise<Found> {
    if (!can(user, 'subject-access')) {
      throw new ForbiddenProblem("Only the partnership's CSP manager may search for a person across reviews.", { allowedRoles: rolesWith('subject-access') });
    }
    const searchIndex = this.vault.searchIndex(name);
    if (searchIndex === null) throw ValidationProblem.field('name', 'must hold at least two letters');
    const victims = await this.reviews.victimsNamed(searchIndex);
    const protectedIdentities = await this.protectedIdentities.named(searchIndex);
    const familyMembers = await this.family.named(searchIndex);
    const reviewsById = new Map<string, Review>();
    for (const id of new Set([...protectedIdentities.map((p) => p.reviewId), ...familyMembers.map((f) => f.reviewId)])) {
      reviewsById.set(id, await this.reviews.find(user, id));
    }
    const about = (review: Review | undefined) => ({
      reviewId: review?.id ?? null,
      reference: review?.reference ?? null,
      reviewType: review?.type ?? null,
      stage: review?.stage ?? null,
      status: review?.status ?? null,
    });
    const matches: SubjectAccessMatch[] = [
      ...victims.flatMap((v) =>
        (v.reviews.length ? v.reviews : [undefined]).map((review) => ({
          source: 'death-record' as const,
          recordId: v.deathId,
          role: 'victim',
          name: v.victimName,
          pseudonym: review?.death.victimPseudonym ?? null,
          ...about(review),
        })),
      ),
      ...protectedIdentities.map((p) => ({
        source: 'protected-identity' as const,
        recordId: p.id,
        role: p.role,
        name: p.name,
        pseudonym: null,
        ...about(reviewsById.get(p.reviewId)),
      })),
      ...familyMembers.map((f) => ({
        source: 'family-record' as const,
        recordId: f.member.id,
        role: 'family-member',
        name: f.realName,
        pseudonym: f.member.pseudonym,
        ...about(reviewsById.get(f.reviewId)),
      })),
    ];
    // Review by review (by reference), the death's record first in each.
    const order = (m: SubjectAccessMatch) => SUBJECT_SOURCES.indexOf(m.source);
    matches.sort((a, b) => (a.reference ?? '').localeCompare(b.reference ?? '') || order(a) - order(b));
    return { searchIndex, victims, protectedIdentities, familyMembers, matches };
  }
}

function reviewIdsOf(matches: SubjectAccessMatch[]): string[] {
  return [...new Set(matches.map((m) => m.reviewId).filter((id): id is string => id !== null))];
}
