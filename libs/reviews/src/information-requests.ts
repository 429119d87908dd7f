import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Role } from '@app/access';
import { AuthenticatedUser, CalendarDate, ConflictProblem, dateInWords, ForbiddenProblem, ValidationProblem } from '@app/common';
import { PartnershipsService } from '@app/partnerships';
import { Ruleset } from '@app/rulesets';
import { InformationRequest } from './entities/information-request.entity';
import { PanelMember } from './entities/panel-member.entity';
import { Review } from './entities/review.entity';
import { appointmentsOf, mayTake } from './review-access';

/** An information request as its agency answers it: what other capabilities (libs/documents) need of one. */
export interface AgencyRequest {
  id: string;
  reviewId: string;
  agencyId: string;
  description: string;
  requestedAt: Date;
  requestedOn: CalendarDate;
  receivedOn: CalendarDate | null;
}

/**
 * The information requests an agency answers (issue 15.5): which request a person may answer for
 * their agency, and recording the answer. The request stays the reviews library's; the document
 * answering it is the documents library's, which calls this.
 */
@Injectable()
export class InformationRequests {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly partnerships: PartnershipsService,
  ) {}

  /** The agency this person sits on the review's panel for, or null when they are not on it. */
  async panelAgencyOf(reviewId: string, userId: string): Promise<string | null> {
    const member = await this.txHost.tx.getRepository(PanelMember).findOneBy({ reviewId, userId });
    return member?.agencyId ?? null;
  }

  /**
   * The request of this review that this person may act on for its agency, locked for the rest of
   * the transaction: an unknown id is a 400 naming `field`; a panel member of another agency is a
   * 403 (every panel member sees the review's requests, so pretending it is not there would be
   * untrue; the agency's documents stay hidden from them: 404). Someone the action's roles allow
   * through another role (a case officer, the chair) acts on the agency's behalf. An answered
   * request is a 409.
   */
  async forAgencyAction(
    review: Review,
    ruleset: Ruleset,
    action: string,
    requestId: string,
    user: AuthenticatedUser,
    field = 'requestId',
  ): Promise<AgencyRequest> {
    const request = await this.txHost.tx
      .getRepository(InformationRequest)
      .createQueryBuilder('r')
      .where('r.id = :requestId AND r.review_id = :reviewId', { requestId, reviewId: review.id })
      .setLock('pessimistic_write')
      .getOne();
    if (!request) throw ValidationProblem.field(field, 'this review has no information request with that id');
    const otherRoles = (ruleset.action(action)?.roles ?? []).filter((role) => role !== Role.PanelMember);
    const onBehalf = otherRoles.length > 0 && mayTake({ roles: otherRoles }, review, user, await appointmentsOf(this.txHost.tx, review.id));
    if (!onBehalf && (await this.panelAgencyOf(review.id, user.id)) !== request.agencyId) {
      const agency = (await this.partnerships.agencyNames([request.agencyId])).get(request.agencyId) ?? 'the agency asked';
      throw new ForbiddenProblem(`Only the review's panel member for ${agency} may act on this information request.`, { requestId: request.id });
    }
    if (request.receivedOn) {
      throw new ConflictProblem(`That information was already received on ${dateInWords(request.receivedOn)}.`, {
        requestId: request.id,
        receivedOn: request.receivedOn,
      });
    }
    return request;
  }

  /** Records the request received on that date with that document and version (the caller meets its clock). */
  async recordAnswer(requestId: string, receivedOn: CalendarDate, documentId: string, version: number): Promise<void> {
    await this.txHost.tx.getRepository(InformationRequest).update({ id: requestId }, { receivedOn, receivedDocumentId: documentId, receivedVersion: version });
  }
}
