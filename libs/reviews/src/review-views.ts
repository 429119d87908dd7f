import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { AuthenticatedUser, calendarDateIn, Clock } from '@app/common';
import { DeadlinesService, DeadlineView } from '@app/deadlines';
import { User } from '@app/identity';
import { PartnershipsService } from '@app/partnerships';
import { Ruleset } from '@app/rulesets';
import { CATEGORY_NAMES } from './actions/pause.action';
import { ReportDutiesView, ReviewDeadlineView, ReviewView, StageView } from './dto/review.view';
import { InformationRequest } from './entities/information-request.entity';
import { PanelMember } from './entities/panel-member.entity';
import { ReviewEvent } from './entities/review-event.entity';
import { ReviewPause } from './entities/review-pause.entity';
import { Review } from './entities/review.entity';
import { SignOff } from './entities/sign-off.entity';
import { pilotWarnings, unmetCriteria } from './criteria';
import { Appointments, mayTake } from './review-access';
import { Partnership } from '@app/partnerships';
import { ReviewContributor } from './entities/review-contributor.entity';
import { ReviewLinks } from './review-links';
import { ReviewNotice } from './entities/review-notice.entity';
import { ReviewPartner, ReviewPartnerSignOff } from './entities/review-partner.entity';
import { ReviewPartnerView } from './dto/review.view';
import { ActionRegistry } from './pipeline/action-registry';
import { SignOffStatus } from './sign-off-status';
import { TimeRequest } from './entities/time-request.entity';
import { QaChange } from './entities/qa-change.entity';
import { QA_CHANGE_STATUS_NAMES } from './qa-letter';
import { rolesWith } from '@app/access';

/** Assembles the whole review as the API shows it. */
@Injectable()
export class ReviewViews {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly partnerships: PartnershipsService,
    private readonly deadlines: DeadlinesService,
    private readonly registry: ActionRegistry,
    private readonly signOffs: SignOffStatus,
    private readonly reviewLinks: ReviewLinks,
  ) {}

  /** What this person could do now: allowed at this stage, to their role, with its preconditions met. */
  private async availableActions(review: Review, ruleset: Ruleset, user: AuthenticatedUser, appointed: Appointments): Promise<string[]> {
    const available: string[] = [];
    if (review.disposedAt) return available;
    for (const name of ruleset.allowedActions(review.stage, review.status)) {
      const rule = ruleset.action(name)!;
      if (mayTake(rule, review, user, appointed) && (await this.registry.allMet(rule.guards ?? [], review, ruleset))) available.push(name);
    }
    return available;
  }

  async detail(review: Review, ruleset: Ruleset, user: AuthenticatedUser): Promise<ReviewView> {
    const tx = this.txHost.tx;
    const today = this.clock.today();
    // One transaction means one connection: these run one after another, not side by side.
    const agencies = await this.partnerships.listAgencies(review.partnershipId);
    const boards = await this.partnerships.listBoards(review.partnershipId);
    const panel = await tx.getRepository(PanelMember).find({ where: { reviewId: review.id }, order: { addedAt: 'ASC' } });
    const pauses = await tx.getRepository(ReviewPause).find({ where: { reviewId: review.id }, order: { startedOn: 'ASC' } });
    const pausedFor = [...new Set(pauses.map((p) => p.proceedingId).filter((id): id is string => id !== null))];
    // The proceedings pauses wait for, from the view libs/proceedings publishes.
    const proceedings = new Map<string, { id: string; kind: string; kindName: string; body: string; reference: string | null }>(
      pausedFor.length
        ? (
            (await tx.query('SELECT id, kind, kind_name, body, reference FROM proceeding_facts WHERE id = ANY($1)', [pausedFor])) as {
              id: string;
              kind: string;
              kind_name: string;
              body: string;
              reference: string | null;
            }[]
          ).map((p) => [p.id, { id: p.id, kind: p.kind, kindName: p.kind_name, body: p.body, reference: p.reference }])
        : [],
    );
    const requests = await tx.getRepository(InformationRequest).find({ where: { reviewId: review.id }, order: { requestedAt: 'ASC' } });
    const timeRequests = await tx.getRepository(TimeRequest).find({ where: { reviewId: review.id }, order: { askedAt: 'ASC' } });
    const answeredWith = requests.map((r) => r.receivedDocumentId).filter((id): id is string => id !== null);
    const documentTitles = new Map<string, { title: string; agencyId: string | null }>(
      answeredWith.length
        ? (
            (await tx.query('SELECT id, title, agency_id FROM document_facts WHERE id = ANY($1)', [answeredWith])) as {
              id: string;
              title: string;
              agency_id: string | null;
            }[]
          ).map((d) => [d.id, { title: d.title, agencyId: d.agency_id }])
        : [],
    );
    const allSignOffs = await tx.getRepository(SignOff).find({ where: { reviewId: review.id }, order: { round: 'ASC', recordedAt: 'ASC' } });
    const signOffs = allSignOffs.filter((s) => s.round === review.signOffRound);
    const events = await tx.getRepository(ReviewEvent).find({ where: { reviewId: review.id }, order: { id: 'ASC' } });
    const deadlines = await this.deadlines.forReview(review.id, review.status, today);
    const partners = await tx.getRepository(ReviewPartner).findBy({ reviewId: review.id });
    const partnerVotes = await tx.getRepository(ReviewPartnerSignOff).find({ where: { reviewId: review.id }, order: { recordedAt: 'ASC' } });
    const notices = await tx.getRepository(ReviewNotice).find({ where: { reviewId: review.id }, order: { sentOn: 'ASC', recordedAt: 'ASC' } });
    const contributors = await tx.getRepository(ReviewContributor).find({ where: { reviewId: review.id }, order: { addedAt: 'ASC' } });
    const contributorNames = new Map(
      (contributors.length ? await tx.getRepository(Partnership).findBy({ id: In(contributors.map((c) => c.partnershipId)) }) : []).map((p) => [p.id, p.name]),
    );
    const qaChanges = await tx.getRepository(QaChange).find({ where: { reviewId: review.id }, order: { letterRound: 'DESC', position: 'ASC' } });
    const latestQaRound = Number(events.filter((e) => e.action === 'record-qa-outcome').pop()?.details.round ?? NaN);
    const links = await this.reviewLinks.ofReview(user, review);
    const appointed: Appointments = { panel: new Set(panel.map((p) => p.userId)), partners: new Set(partners.map((p) => p.userId)) };
    const peopleIds = [
      ...panel.map((p) => p.userId),
      ...partners.map((p) => p.userId),
      ...(review.chairUserId ? [review.chairUserId] : []),
      ...allSignOffs.map((s) => s.signedBy).filter((id): id is string => id !== null),
    ];
    const people = new Map((peopleIds.length ? await tx.getRepository(User).findBy({ id: In(peopleIds) }) : []).map((u) => [u.id, u]));
    // Panel members and partners' representatives may come from a contributing partnership, with its agencies.
    const agencyName = (id: string) => agencies.find((a) => a.id === id)?.name ?? otherAgencies.get(id) ?? '';
    const otherAgencyIds = [...panel.map((p) => p.agencyId), ...partners.map((p) => p.agencyId)].filter((id) => !agencies.some((a) => a.id === id));
    const otherAgencies = await this.partnerships.agencyNames(otherAgencyIds);
    const definition = ruleset.definition;
    const vote = (s: SignOff) => ({
      board: s.boardKey,
      boardName: boards.find((b) => b.key === s.boardKey)?.name ?? s.boardKey,
      signedOn: s.signedOn,
      round: s.round,
      decision: s.decision,
      comment: s.comment,
      memberId: s.signedBy,
      memberName: s.signedBy ? (people.get(s.signedBy)?.name ?? null) : null,
      withdrawnAt: s.withdrawnAt?.toISOString() ?? null,
      withdrawnReason: s.withdrawnReason,
      castOn: s.castOn,
    });
    // An information request is due when its deadline is: pauses and extensions included.
    const requestDue = new Map(deadlines.map((d) => [d.key, d.dueOn]));
    const requestOriginallyDue = new Map(deadlines.map((d) => [d.key, d.originalDueOn]));
    const yourPanelAgency = panel.find((p) => p.userId === user.id)?.agencyId ?? null;
    // An agency's document follows need-to-know (as libs/documents has it): its title only to those who see every document, or to the agency's own panel member.
    const seesEveryDocument = mayTake({ roles: rolesWith('see-every-review-document') }, review, user, appointed);
    const seesAgencyDocuments = mayTake({ roles: rolesWith('see-agency-and-panel-documents') }, review, user, appointed);
    const documentTitle = (documentId: string) => {
      const document = documentTitles.get(documentId);
      if (!document) return null;
      const own = document.agencyId !== null && (document.agencyId === user.agencyId || document.agencyId === yourPanelAgency);
      return seesEveryDocument || (seesAgencyDocuments && own) ? document.title : null;
    };

    return {
      id: review.id,
      reference: review.reference,
      type: review.type,
      typeName: definition.name,
      ruleset: review.rulesetKey,
      rulesetNotInForce: ruleset.inForce ? null : (definition.status ?? 'Not in force'),
      stage: review.stage,
      stageLabel: ruleset.stageLabel(review.stage),
      status: review.status,
      version: review.version,
      notifiedOn: review.notifiedOn,
      dateOfDeath: review.death.dateOfDeath,
      notifyingAgency: review.notifyingAgencyId,
      notifyingAgencyName: agencyName(review.notifyingAgencyId),
      victim: { pseudonym: review.death.victimPseudonym, ageAtDeath: review.death.victimAgeAtDeath, sex: review.death.victimSex },
      death: {
        id: review.death.id,
        placeOfDeath: review.death.placeOfDeath,
        offensiveWeaponInvolved: review.death.offensiveWeaponInvolved,
        suspectRelationship: review.death.suspectRelationship,
        suspectAgeAtDeath: review.death.suspectAgeAtDeath,
        suspectedSuicide: review.death.suspectedSuicide,
      },
      circumstances: review.circumstances,
      criteriaWarnings: unmetCriteria(ruleset, review.death).map(({ key, warning }) => ({ key, warning })),
      pilotWarnings: pilotWarnings(ruleset, review.death.dateOfDeath),
      decision:
        review.decisionOutcome && review.decidedOn
          ? { outcome: review.decisionOutcome, decidedOn: review.decidedOn, rationale: review.decisionRationale ?? '' }
          : null,
      chair:
        review.chairUserId && review.chairAppointedOn
          ? { userId: review.chairUserId, name: people.get(review.chairUserId)?.name ?? '', appointedOn: review.chairAppointedOn }
          : null,
      panel: panel.map((p) => ({ userId: p.userId, name: people.get(p.userId)?.name ?? '', agency: p.agencyId, agencyName: agencyName(p.agencyId) })),
      yourPanelAgency,
      deadlines: deadlines.map((d) => withSource(d, ruleset)),
      pauses: pauses.map((p) => ({
        id: p.id,
        category: p.category,
        categoryName: CATEGORY_NAMES[p.category as keyof typeof CATEGORY_NAMES] ?? p.category,
        reason: p.reason,
        startedOn: p.startedOn,
        endedOn: p.endedOn,
        pausedDays: p.pausedDays,
        proceeding: p.proceedingId ? (proceedings.get(p.proceedingId) ?? null) : null,
        expectedEndOn: p.expectedEndOn,
      })),
      informationRequests: requests.map((r) => ({
        id: r.id,
        agency: r.agencyId,
        agencyName: agencyName(r.agencyId),
        description: r.description,
        dueOn: requestDue.get(`information-request:${r.id}`) ?? '',
        originalDueOn: requestOriginallyDue.get(`information-request:${r.id}`) ?? null,
        receivedOn: r.receivedOn,
        receivedDocument:
          r.receivedDocumentId && r.receivedVersion
            ? { documentId: r.receivedDocumentId, version: r.receivedVersion, title: documentTitle(r.receivedDocumentId) }
            : null,
        timeRequests: timeRequests
          .filter((t) => t.requestId === r.id)
          .map((t) => ({
            id: t.id,
            askedBy: t.askedBy,
            askedAt: t.askedAt.toISOString(),
            proposedDueOn: t.proposedDueOn,
            reason: t.reason,
            decision: t.decision,
            newDueOn: t.newDueOn,
            decidedBy: t.decidedBy,
            decidedAt: t.decidedAt?.toISOString() ?? null,
            decisionReason: t.decisionReason,
          })),
      })),
      signOffs: signOffs.map(vote),
      earlierSignOffs: allSignOffs.filter((s) => s.round < review.signOffRound).map(vote),
      draftUnderSignOff: review.signOffDraft,
      signOffStatus: (await this.signOffs.forReview(review, ruleset)).map(({ board, name, quorum, approvals, rejections, chairApproved, complete }) => ({
        board,
        boardName: name,
        quorum,
        approvals,
        rejections,
        chairApproved,
        complete,
      })),
      reviewPartners: (definition.reviewPartners ?? []).map((partner): ReviewPartnerView => {
        const recorded = partners.find((p) => p.partner === partner.key);
        const vote = partnerVotes.filter((v) => v.partner === partner.key).pop();
        return {
          partner: partner.key,
          label: partner.label,
          userId: recorded?.userId ?? null,
          name: recorded ? (people.get(recorded.userId)?.name ?? '') : '',
          agency: recorded?.agencyId ?? null,
          agencyName: recorded ? agencyName(recorded.agencyId) : '',
          decision: vote?.decision ?? null,
          signedOn: vote?.signedOn ?? null,
          comment: vote?.comment ?? null,
          castOn: vote?.castOn ?? null,
        };
      }),
      notices: notices.map((n) => ({ kind: n.kind, outcome: n.outcome, deadline: n.deadlineKey, dueOn: n.dueOn, sentOn: n.sentOn })),
      reportDuties: reportDutiesOf(events),
      qaChanges: qaChanges.map((c) => ({
        id: c.id,
        position: c.position,
        text: c.text,
        status: c.status,
        statusName: QA_CHANGE_STATUS_NAMES[c.status] ?? c.status,
        explanation: c.explanation,
        markedBy: c.markedBy,
        markedOn: c.markedAt ? calendarDateIn(c.markedAt) : null,
        letterReceivedOn: c.letterReceivedOn,
        letterRound: c.letterRound,
        latestLetter: c.letterRound === latestQaRound,
      })),
      publication:
        review.publishedOn && review.publishedUrl
          ? { publishedOn: review.publishedOn, url: review.publishedUrl, qaLetterPublished: review.qaLetterPublished }
          : null,
      contributors: contributors.map((c) => ({
        partnershipId: c.partnershipId,
        name: contributorNames.get(c.partnershipId) ?? '',
        addedAt: c.addedAt.toISOString(),
      })),
      links,
      stages: stageList(review, ruleset),
      availableActions: await this.availableActions(review, ruleset, user, appointed),
      history: events.map((e) => ({
        action: e.action,
        on: e.occurredOn,
        fromStage: e.fromStage,
        toStage: e.toStage,
        recordedAt: e.recordedAt.toISOString(),
        note: historyNote(e.action, e.details),
      })),
      createdAt: review.createdAt.toISOString(),
      updatedAt: review.updatedAt.toISOString(),
      disposedAt: review.disposedAt?.toISOString() ?? null,
    };
  }
}

/** The s.28 confirmations the latest submission of the report to the Secretary of State recorded, if any. */
function reportDutiesOf(events: ReviewEvent[]): ReportDutiesView | null {
  const submitted = events.filter((e) => e.action === 'submit-to-secretary-of-state' && e.details.reportDuties).pop();
  if (!submitted) return null;
  const duties = submitted.details.reportDuties as Omit<ReportDutiesView, 'submittedOn'>;
  return {
    submittedOn: submitted.occurredOn,
    recommendationOwnersInformed: duties.recommendationOwnersInformed,
    exclusionsConsidered: duties.exclusionsConsidered,
    exclusionsNote: duties.exclusionsNote,
  };
}

/** The statutory stages as a task list: done, in hand, to come, or passed by (a review not held). */
function stageList(review: Review, ruleset: Ruleset): StageView[] {
  const current = ruleset.stageRank(review.stage);
  return ruleset.definition.stages.map((stage, rank) => {
    let status: string;
    if (stage.key === review.stage) status = review.status === 'closed' ? 'completed' : 'current';
    else if (review.status === 'closed') status = review.stagesReached.includes(stage.key) ? 'completed' : 'not-needed';
    else status = rank < current ? 'completed' : 'not-started';
    return { key: stage.key, label: stage.label, status };
  });
}

/** A deadline with where its date comes from, as its review's ruleset says. */
function withSource(deadline: DeadlineView, ruleset: Ruleset): ReviewDeadlineView {
  const rule = ruleset.deadlineRule(deadline.key);
  const sources = rule?.source ?? [];
  return { ...deadline, basis: rule?.basis ?? '', sources, citation: sources.map((s) => s.cite).join('; '), statutoryNotice: rule?.statutoryNotice ?? false };
}

/** The part of a step's details the history says in words. */
function historyNote(action: string, details: Record<string, unknown> | null): string | null {
  if (action === 'appoint-chair' && typeof details?.previousChairUserId === 'string') return 'The independent chair was changed';
  if (action === 'remove-panel-member' && typeof details?.reason === 'string') return `A member was taken off the panel: ${details.reason}`;
  if (typeof details?.documentId === 'string' && typeof details.version === 'number' && typeof details.requestId === 'string') {
    const what = details.kind === 'chronology' ? 'chronology' : details.kind === 'imr' ? 'IMR' : 'document';
    return `The agency answered its information request with version ${details.version} of its ${what}`;
  }
  if (details?.timeRequestId && details.decision === 'granted') return 'More time granted to an agency for its information request';
  if (details?.timeRequestId && details.decision === 'refused') return 'More time refused to an agency for its information request';
  if (details?.timeRequestId && typeof details.proposedDueOn === 'string') return 'An agency asked for more time to answer its information request';
  const notes: string[] = [];
  const unanswered = details?.unansweredRequests;
  if (Array.isArray(unanswered) && typeof details?.unansweredReason === 'string') {
    notes.push(
      `Went on with ${unanswered.length === 1 ? 'an information request' : `${unanswered.length} information requests`} unanswered: ${details.unansweredReason}`,
    );
  }
  const draft = (details?.draft ?? details?.castOn) as { overviewReport?: { version?: number }; executiveSummary?: { version?: number } | null } | undefined;
  if (draft?.overviewReport?.version) {
    const parts = [`overview report version ${draft.overviewReport.version}`];
    if (draft.executiveSummary?.version) parts.push(`executive summary version ${draft.executiveSummary.version}`);
    notes.push(`${details?.draft ? 'The draft for sign-off' : 'Cast on'}: ${parts.join(', ')}`);
  }
  return notes.length ? notes.join('. ') : null;
}
