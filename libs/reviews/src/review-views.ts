import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuthenticatedUser, calendarDateIn, Clock } from '@app/common';
import { DeadlinesService, DeadlineView } from '@app/deadlines';
import { UsersService } from '@app/identity';
import { AuditService } from '@app/audit';
import { entitiesFromJson, entityFromJson, jsonArraySql, namedQuery } from '@app/database';
import { visibleReviews } from '@app/access';
import { Death } from './deaths/death.entity';
import { PartnershipsService } from '@app/partnerships';
import { Ruleset, RulesetsService } from '@app/rulesets';
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
import { ReviewContributor } from './entities/review-contributor.entity';
import { ReviewLinks } from './review-links';
import { ReviewNotice } from './entities/review-notice.entity';
import { ReviewPartner, ReviewPartnerSignOff } from './entities/review-partner.entity';
import { ReviewPartnerView } from './dto/review.view';
import { ActionRegistry } from './pipeline/action-registry';
import { signOffStatusOf } from './sign-off-status';
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
    private readonly reviewLinks: ReviewLinks,
    private readonly rulesets: RulesetsService,
    private readonly audit: AuditService,
  ) {}

  /** What this person could do now: allowed at this stage, to their role, with its preconditions met. */
  private async availableActions(
    review: Review,
    ruleset: Ruleset,
    user: AuthenticatedUser,
    appointed: Appointments,
    known: Record<string, boolean>,
  ): Promise<string[]> {
    const available: string[] = [];
    if (review.disposedAt) return available;
    // Guards that are SQL conditions came with the page's statement; several actions often share a
    // guard (a meeting scheduled, a deadline outstanding), so each of the rest is asked once.
    const answers = new Map<string, boolean>(Object.entries(known));
    const met = async (guard: string) => {
      if (!answers.has(guard)) answers.set(guard, await this.registry.allMet([guard], review, ruleset));
      return answers.get(guard)!;
    };
    for (const name of ruleset.allowedActions(review.stage, review.status)) {
      const rule = ruleset.action(name)!;
      if (!mayTake(rule, review, user, appointed)) continue;
      let all = true;
      for (const guard of rule.guards ?? []) if (!(all = await met(guard))) break;
      if (all) available.push(name);
    }
    return available;
  }

  /** The whole review as this person sees it: its parts read in one statement (`partsSql`). */
  async detail(review: Review, ruleset: Ruleset, user: AuthenticatedUser): Promise<ReviewView> {
    const [row] = await namedQuery<PartsRow>(this.txHost.tx, partsSql(user, { visible: false }, this.guardsSql()), {
      reviewId: review.id,
      ...visibleReviews(user, 'lr').params,
    });
    return this.assemble(review, ruleset, user, row.parts);
  }

  /**
   * The review with this id if this person may see it, and the whole of it as they see it, in one
   * statement; null when there is no such review or it is not theirs to see.
   */
  async visibleDetail(user: AuthenticatedUser, id: string, auditedAs?: string): Promise<{ review: Review; ruleset: Ruleset; view: ReviewView } | null> {
    const access = visibleReviews(user, 'r');
    const journal = auditedAs ? this.audit.readEntrySql('seen', auditedAs) : null;
    const [row] = await namedQuery<PartsRow>(this.txHost.tx, partsSql(user, { visible: true, journal: journal?.sql }, this.guardsSql()), {
      reviewId: id,
      ...access.params,
      ...journal?.parameters,
    });
    if (journal) await this.audit.chainRead();
    if (!row) return null;
    const review = entityFromJson(this.txHost.tx, Review, row.review) as Review;
    review.death = entityFromJson(this.txHost.tx, Death, row.death) as Death;
    const ruleset = await this.rulesets.get(review.rulesetKey);
    return { review, ruleset, view: await this.assemble(review, ruleset, user, row.parts) };
  }

  /** The guards the rulesets in use name that are SQL conditions, read with the rest of the page (ActionRegistry.conditionsSql). */
  private guardsSql(): string {
    // Worked out again only when the editions in use change (an older one is read): not on every read.
    const installed = this.rulesets.installed();
    const editions = installed.map((ruleset) => ruleset.key).join(' ');
    if (this.guards?.editions !== editions) {
      const guards = installed.flatMap((ruleset) => Object.values(ruleset.definition.actions).flatMap((rule) => rule.guards ?? []));
      this.guards = { editions, sql: this.registry.conditionsSql('r', guards) };
    }
    return this.guards.sql;
  }

  private guards?: { editions: string; sql: string };

  private async assemble(review: Review, ruleset: Ruleset, user: AuthenticatedUser, parts: Parts): Promise<ReviewView> {
    const tx = this.txHost.tx;
    const today = this.clock.today();
    const agencies = this.partnerships.agenciesFromJson(parts.agencies);
    const boards = this.partnerships.boardsFromJson(parts.boards);
    const panel = entitiesFromJson(tx, PanelMember, parts.panel);
    const pauses = entitiesFromJson(tx, ReviewPause, parts.pauses);
    // The proceedings pauses wait for, from the view libs/proceedings publishes.
    const proceedings = new Map(
      (parts.proceedings as { id: string; kind: string; kind_name: string; body: string; reference: string | null }[]).map((p) => [
        p.id,
        { id: p.id, kind: p.kind, kindName: p.kind_name, body: p.body, reference: p.reference },
      ]),
    );
    const requests = entitiesFromJson(tx, InformationRequest, parts.requests);
    const timeRequests = entitiesFromJson(tx, TimeRequest, parts.timeRequests);
    const documentTitles = new Map(
      (parts.documents as { id: string; title: string; agency_id: string | null }[]).map((d) => [d.id, { title: d.title, agencyId: d.agency_id }]),
    );
    const allSignOffs = entitiesFromJson(tx, SignOff, parts.signOffs);
    const signOffs = allSignOffs.filter((s) => s.round === review.signOffRound);
    const events = entitiesFromJson(tx, ReviewEvent, parts.events);
    const deadlines = this.deadlines.forReviewFromJson(parts.deadlines, review.status, today);
    const partners = entitiesFromJson(tx, ReviewPartner, parts.partners);
    const partnerVotes = entitiesFromJson(tx, ReviewPartnerSignOff, parts.partnerVotes);
    const notices = entitiesFromJson(tx, ReviewNotice, parts.notices);
    const contributors = entitiesFromJson(tx, ReviewContributor, parts.contributors);
    const contributorNames = new Map(Object.entries(parts.contributorNames as Record<string, string>));
    const qaChanges = entitiesFromJson(tx, QaChange, parts.qaChanges);
    const latestQaRound = Number(events.filter((e) => e.action === 'record-qa-outcome').pop()?.details.round ?? NaN);
    const links = this.reviewLinks.viewsFromJson(parts.links, parts.linkedReviews, review.id);
    const appointed: Appointments = { panel: new Set(panel.map((p) => p.userId)), partners: new Set(partners.map((p) => p.userId)) };
    const names = new Map(Object.entries(parts.people as Record<string, string>));
    const people = { get: (id: string) => (names.has(id) ? { name: names.get(id)! } : undefined) };
    // Panel members and partners' representatives may come from a contributing partnership, with its agencies.
    const otherAgencies = new Map(this.partnerships.agenciesFromJson(parts.otherAgencies).map((a) => [a.id, a.name]));
    const agencyName = (id: string) => agencies.find((a) => a.id === id)?.name ?? otherAgencies.get(id) ?? '';
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
      signOffStatus: signOffStatusOf(review, ruleset, allSignOffs, boards).map(({ board, name, quorum, approvals, rejections, chairApproved, complete }) => ({
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
      availableActions: await this.availableActions(review, ruleset, user, appointed, parts.guards as Record<string, boolean>),
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

/** The review's parts as its one statement returns them: JSON, read back by each part's owner. */
type Parts = Record<(typeof PART_NAMES)[number], unknown>;

interface PartsRow {
  review: unknown;
  death: unknown;
  parts: Parts;
}

const PART_NAMES = [
  'agencies',
  'otherAgencies',
  'boards',
  'panel',
  'pauses',
  'proceedings',
  'requests',
  'timeRequests',
  'documents',
  'signOffs',
  'events',
  'deadlines',
  'partners',
  'partnerVotes',
  'notices',
  'contributors',
  'contributorNames',
  'qaChanges',
  'links',
  'linkedReviews',
  'people',
  'guards',
] as const;

/**
 * Everything the review's page shows, as one statement over the review `r`: each part a JSON
 * sub-select, in the order the page lists it. The parts of other libs' tables are written by those
 * libs (agencies and boards, people's names, deadlines); the rest read views they publish.
 * `guardsSql` answers the guards that are SQL conditions (each met or not), so the available actions need no statement of their own.
 * `read.visible` adds the reader's visibility of the review itself, for a read by id, and
 * `read.journal` the read's audit entry, written by the same statement when the review is seen (AuditService.readEntrySql); the links' other
 * reviews always carry the reader's visibility of each (params of `visibleReviews(user, 'lr')`).
 */
function partsSql(user: AuthenticatedUser, read: { visible: boolean; journal?: string }, guardsSql: string): string {
  const ofReview = (alias: string, table: string) => `${table} ${alias} WHERE ${alias}.review_id = r.id`;
  const part: Record<(typeof PART_NAMES)[number], string> = {
    agencies: PartnershipsService.agenciesJsonSql('r.partnership_id'),
    otherAgencies: PartnershipsService.agenciesByIdJsonSql(
      'ARRAY(SELECT agency_id FROM review_panel_members WHERE review_id = r.id UNION SELECT agency_id FROM review_partners WHERE review_id = r.id)',
    ),
    boards: PartnershipsService.boardsJsonSql('r.partnership_id'),
    panel: jsonArraySql('p', ofReview('p', 'review_panel_members'), 'p.added_at'),
    pauses: jsonArraySql('p', ofReview('p', 'review_pauses'), 'p.started_on'),
    proceedings: `(SELECT coalesce(json_agg(pf), '[]'::json) FROM (SELECT id, kind, kind_name, body, reference FROM proceeding_facts
      WHERE id IN (SELECT proceeding_id FROM review_pauses WHERE review_id = r.id)) pf)`,
    requests: jsonArraySql('q', ofReview('q', 'information_requests'), 'q.requested_at'),
    timeRequests: jsonArraySql('t', ofReview('t', 'information_request_time_requests'), 't.asked_at'),
    documents: `(SELECT coalesce(json_agg(df), '[]'::json) FROM (SELECT id, title, agency_id FROM document_facts
      WHERE id IN (SELECT received_document_id FROM information_requests WHERE review_id = r.id)) df)`,
    signOffs: jsonArraySql('s', ofReview('s', 'sign_offs'), 's.round, s.recorded_at'),
    events: jsonArraySql('e', ofReview('e', 'review_events'), 'e.id'),
    deadlines: DeadlinesService.forReviewJsonSql('r.id'),
    partners: jsonArraySql('p', ofReview('p', 'review_partners'), 'p.partner'),
    partnerVotes: jsonArraySql('v', ofReview('v', 'review_partner_sign_offs'), 'v.recorded_at'),
    notices: jsonArraySql('n', ofReview('n', 'review_notices'), 'n.sent_on, n.recorded_at'),
    contributors: jsonArraySql('c', ofReview('c', 'review_contributors'), 'c.added_at'),
    contributorNames: `(SELECT coalesce(json_object_agg(pf.id, pf.name), '{}'::json) FROM partnership_facts pf
      WHERE pf.id IN (SELECT partnership_id FROM review_contributors WHERE review_id = r.id))`,
    qaChanges: jsonArraySql('c', ofReview('c', 'review_qa_changes'), 'c.letter_round DESC, c.position'),
    links: ReviewLinks.linksJsonSql('r'),
    linkedReviews: ReviewLinks.linkedReviewsJsonSql('r', visibleReviews(user, 'lr').sql),
    people: UsersService.namesJsonSql(
      `ARRAY(SELECT user_id FROM review_panel_members WHERE review_id = r.id UNION SELECT user_id FROM review_partners WHERE review_id = r.id
        UNION SELECT signed_by FROM sign_offs WHERE review_id = r.id AND signed_by IS NOT NULL UNION SELECT r.chair_user_id WHERE r.chair_user_id IS NOT NULL)`,
    ),
    guards: guardsSql,
  };
  const parts = PART_NAMES.map((name) => `'${name}', ${part[name]}`).join(',\n    ');
  const seen = `seen AS (SELECT r.id, r.partnership_id, ${RulesetsService.requiredSignOffsSql('r.ruleset_key')} AS boards
    FROM reviews r WHERE r.id = :reviewId${read.visible ? ` AND ${visibleReviews(user, 'r').sql}` : ''})`;
  return `WITH ${seen}${read.journal ? `,\n  ${read.journal}` : ''}
  SELECT to_json(r) AS review, to_json(d) AS death, json_build_object(
    ${parts}) AS parts
  FROM reviews r JOIN deaths d ON d.id = r.death_id
  WHERE r.id IN (SELECT id FROM seen)`;
}
