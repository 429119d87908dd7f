import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ROLE_LABELS, Role, visibleReviews } from '@app/access';
import { AuthenticatedUser, Clock, dateInWords as inWords, Page, PageQuery, pageOf } from '@app/common';
import { PartnershipsService } from '@app/partnerships';
import { ActionRule, Ruleset, RulesetsService } from '@app/rulesets';
import { ReviewView } from './dto/review.view';
import { Review } from './entities/review.entity';
import { capitalise } from './pipeline/action-pipeline';
import { ActionRegistry } from './pipeline/action-registry';
import { ReviewAccessPort } from './review-access-port';
import { appointmentsOf, mayTake } from './review-access';
import { ReviewViews } from './review-views';

export class NextStepHolderView {
  @ApiProperty({ example: 'csp-chair', description: 'The role that holds the step' }) role: string;
  @ApiProperty({ example: 'the CSP chair', description: 'The role in words' }) roleName: string;
  @ApiProperty({ type: [String], description: 'The people who hold it, by name; empty when nobody has the role yet' }) names: string[];
}

export class NextStepBlockView {
  @ApiProperty({ example: 'actions-complete', description: 'The guard the step waits on' }) guard: string;
  @ApiProperty({ description: 'Why, in words' }) detail: string;
}

export class NextStepView {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ example: 'DHR-2026-001' }) reference: string;
  @ApiProperty({ example: 'decision' }) stage: string;
  @ApiProperty({ example: 'Decision' }) stageLabel: string;
  @ApiProperty({ enum: ['open', 'paused', 'closed'] }) status: string;
  @ApiProperty({
    example: 'Waiting for the CSP chair (Cath Chair) to record the decision whether to hold a review, due 20 December 2026.',
    description: 'What happens next, who holds it and by when, in one sentence',
  })
  text: string;
  @ApiProperty({ nullable: true, type: String, example: 'decide', description: "The ruleset's action that takes the review on; null when none is waited for" })
  action: string | null;
  @ApiProperty({ type: [NextStepHolderView], description: 'Who holds the step' }) heldBy: NextStepHolderView[];
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'When it is due, where a clock says so' }) dueOn: string | null;
  @ApiProperty({ description: 'Whether the clock the step is due by has run out (never while a pause stops it)' }) overdue: boolean;
  @ApiProperty({ type: NextStepBlockView, nullable: true, description: 'What stops the step being taken yet, when something does' })
  blockedBy: NextStepBlockView | null;
  @ApiProperty({ description: 'Whether you may take the step now' }) yours: boolean;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** "the CSP chair", "a CSP manager", "the independent chair": how a role reads as the holder of a step. */
function roleName(role: string): string {
  if (role === Role.CspChair) return 'the CSP chair';
  if (role === Role.IndependentChair) return 'the independent chair';
  const label = ROLE_LABELS[role as Role] ?? role;
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label}`;
}

/** "the CSP chair (Cath Chair)", "a CSP manager (Ann Officer or Bo Officer)". */
function holderWords(holders: NextStepHolderView[]): string {
  return holders.map((h) => (h.names.length ? `${h.roleName} (${h.names.join(' or ')})` : h.roleName)).join(' or ');
}

/**
 * What happens next on a review (issue 16.5): the step that takes it on, who holds it and by when,
 * read off the ruleset (the stage's action that moves the review to its following stage, with
 * that action's roles, guards and the clock it meets) and the review's own state (the agencies
 * still to answer, the votes still to cast, a pause and what it waits for).
 */
@Injectable()
export class NextSteps {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly access: ReviewAccessPort,
    private readonly rulesets: RulesetsService,
    private readonly views: ReviewViews,
    private readonly registry: ActionRegistry,
    private readonly partnerships: PartnershipsService,
  ) {}

  /** The next step of a review this person may see (404 otherwise). Not an audited read: it shows what the review page shows. */
  forReview(user: AuthenticatedUser, id: string): Promise<NextStepView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.access.find(user, id, false);
      const ruleset = await this.rulesets.get(review.rulesetKey);
      return this.of(review, ruleset, await this.views.detail(review, ruleset, user), user);
    });
  }

  /**
   * The next step of each review this person may see that has not ended, most pressing first (the
   * earliest outstanding clock), a page at a time: what My work shows.
   */
  openReviews(user: AuthenticatedUser, query: PageQuery): Promise<Page<NextStepView>> {
    return this.txHost.withTransaction(async () => {
      const access = visibleReviews(user, 'r');
      const qb = this.txHost.tx
        .getRepository(Review)
        .createQueryBuilder('r')
        .innerJoinAndSelect('r.death', 'death')
        .where(access.sql, access.params)
        .andWhere("r.status <> 'closed'")
        .andWhere('r.disposed_at IS NULL');
      const total = await qb.clone().getCount();
      const reviews = await qb
        .addSelect('(SELECT min(d.due_on) FROM deadline_facts d WHERE d.review_id = r.id AND d.completed_on IS NULL AND NOT d.cancelled)', 'next_due')
        .orderBy('next_due', 'ASC', 'NULLS LAST')
        .addOrderBy('r.reference', 'ASC')
        .offset(query.offset)
        .limit(query.pageSize)
        .getMany();
      const items: NextStepView[] = [];
      for (const review of reviews) {
        const ruleset = await this.rulesets.get(review.rulesetKey);
        items.push(await this.of(review, ruleset, await this.views.detail(review, ruleset, user), user));
      }
      return pageOf(items, total, query);
    });
  }

  /** The next step, from a review view already read for this person. */
  fromView(user: AuthenticatedUser, view: ReviewView): Promise<NextStepView> {
    return this.txHost.withTransaction(async () => {
      const review = await this.access.find(user, view.id, false);
      return this.of(review, await this.rulesets.get(review.rulesetKey), view, user);
    });
  }

  private async of(review: Review, ruleset: Ruleset, view: ReviewView, user: AuthenticatedUser): Promise<NextStepView> {
    const base = {
      reviewId: review.id,
      reference: review.reference,
      stage: review.stage,
      stageLabel: view.stageLabel,
      status: review.status,
      action: null,
      heldBy: [],
      dueOn: null,
      overdue: false,
      blockedBy: null,
      yours: false,
    };
    if (view.disposedAt) return { ...base, text: `Its records were disposed of on ${inWords(view.disposedAt.slice(0, 10))}: nothing more happens.` };
    const outstanding = view.deadlines.filter((d) => d.completedOn === null && d.status !== 'cancelled');

    if (review.status === 'closed' || ruleset.endStages.includes(review.stage)) {
      const notice = outstanding.filter((d) => d.statutoryNotice).sort((a, b) => a.dueOn.localeCompare(b.dueOn))[0];
      if (!notice) return { ...base, text: `${view.stageLabel}: nothing more to do.` };
      const heldBy = await this.holders(review, view, ruleset.deadlineRule(notice.key)?.chase ?? [Role.CspManager]);
      return {
        ...base,
        text: `${view.stageLabel}, but a notice is outstanding: ${lowerFirst(notice.label)}, due ${inWords(notice.dueOn)}. Held by ${holderWords(heldBy)}.`,
        heldBy,
        dueOn: notice.dueOn,
      };
    }

    if (review.status === 'paused') {
      const pause = view.pauses.find((p) => p.endedOn === null);
      const resume = ruleset.action('resume');
      const heldBy = await this.holders(review, view, resume?.roles ?? [Role.CspChair]);
      const since = pause ? ` since ${inWords(pause.startedOn)} (${lowerFirst(pause.categoryName)})` : '';
      const proceeding = pause?.proceeding;
      const waitsFor = proceeding
        ? `, waiting for the ${lowerFirst(proceeding.kindName)} at ${proceeding.body}${proceeding.reference ? ` (${proceeding.reference})` : ''}`
        : '';
      const expected = pause?.expectedEndOn ?? null;
      const end = expected ? `; expected to end by ${inWords(expected)}${expected < this.clock.today() ? ', a date now passed' : ''}` : '';
      return {
        ...base,
        text: `Paused${since}${waitsFor}${end}. ${sentence(`${capitalise(holderWords(heldBy))} resumes it when it can go on`)}`,
        dueOn: expected,
        action: resume ? 'resume' : null,
        heldBy,
        yours: resume ? await this.yours(review, resume, user) : false,
      };
    }

    // Agencies still to answer hold the review at information gathering.
    const waitingRequests = view.informationRequests.filter((r) => r.receivedOn === null);
    if (
      waitingRequests.length &&
      (ruleset.allows('receive-information', review.stage, 'open') || ruleset.allows('answer-information-request', review.stage, 'open'))
    ) {
      const agencies = [...new Set(waitingRequests.map((r) => r.agency))];
      const due = waitingRequests.map((r) => r.dueOn).sort()[0];
      const overdue = waitingRequests.some((r) => outstanding.find((d) => d.key === `information-request:${r.id}`)?.status === 'missed');
      const panel = agencies.flatMap((agency) => view.panel.filter((p) => p.agency === agency).map((p) => p.name));
      const names = agencies.map((agency) => {
        const latest = waitingRequests
          .filter((r) => r.agency === agency)
          .map((r) => r.dueOn)
          .sort()[0];
        return `${waitingRequests.find((r) => r.agency === agency)!.agencyName} (due ${inWords(latest)})`;
      });
      return {
        ...base,
        text: `Waiting for information from ${list(names)}: ${waitingRequests.length} of ${view.informationRequests.length} requests unanswered.`,
        action: ruleset.action('answer-information-request') ? 'answer-information-request' : 'receive-information',
        heldBy: [{ role: Role.PanelMember, roleName: 'the panel members for those agencies', names: panel }],
        dueOn: due,
        overdue,
        yours: view.yourPanelAgency !== null && agencies.includes(view.yourPanelAgency),
      };
    }

    const next = this.progressAction(ruleset, review.stage);
    if (!next) return { ...base, text: `${view.stageLabel}: the ruleset names no step that moves the review on from here.` };
    const rule = ruleset.action(next)!;
    const clock = this.dueBy(rule, outstanding);
    const due = clock ? { dueOn: clock.dueOn, overdue: clock.overdue } : { dueOn: null, overdue: false };
    const dueWords = clock ? `, due ${inWords(clock.dueOn)}${clock.overdue ? ' (overdue)' : ''}` : '';

    // Votes still to cast hold the review at sign-off.
    const boards = ruleset.allows('sign-off', review.stage, 'open') ? view.signOffStatus.filter((b) => !b.complete) : [];
    if (boards.length) {
      const live = view.signOffs.filter((s) => s.withdrawnAt === null);
      const waiting = await this.boardMembersYetToVote(
        review,
        boards.map((b) => b.board),
        live,
      );
      const cast = live.length;
      const names = [...new Set(waiting.map((w) => w.name))].sort();
      return {
        ...base,
        ...due,
        text: `Sign-off: ${cast} of ${cast + waiting.length} ${cast + waiting.length === 1 ? 'vote' : 'votes'} cast; ${names.length ? `waiting for ${list(names)}` : `no member of ${list(boards.map((b) => `the ${b.boardName}`))} has been added to vote`}${dueWords}.`,
        action: 'sign-off',
        heldBy: [{ role: Role.BoardMember, roleName: 'the board members yet to vote', names }],
        yours: waiting.some((w) => w.id === user.id),
      };
    }
    const partnersWaiting = ruleset.allows('partner-sign-off', review.stage, 'open') ? view.reviewPartners.filter((p) => p.decision !== 'approve') : [];
    if (partnersWaiting.length) {
      const approved = view.reviewPartners.length - partnersWaiting.length;
      return {
        ...base,
        ...due,
        text: `Sign-off by the review partners: ${approved} of ${view.reviewPartners.length} approved; waiting for ${list(partnersWaiting.map((p) => (p.name ? `${p.label} (${p.name})` : `${p.label} (no representative recorded)`)))}${dueWords}.`,
        action: 'partner-sign-off',
        heldBy: [{ role: Role.ReviewPartner, roleName: 'the review partners yet to approve', names: partnersWaiting.map((p) => p.name).filter(Boolean) }],
        yours: partnersWaiting.some((p) => p.userId === user.id),
      };
    }

    const heldBy = await this.holders(review, view, rule.roles);
    const blocked = await this.registry.firstFailure(rule.guards ?? [], review, ruleset);
    if (blocked) {
      return {
        ...base,
        ...due,
        text: `Cannot ${lowerFirst(rule.label)} yet: ${lowerFirst(sentence(blocked.detail))} Held by ${holderWords(heldBy)}${dueWords}.`,
        action: next,
        heldBy,
        blockedBy: { guard: blocked.guard, detail: blocked.detail },
      };
    }
    return {
      ...base,
      ...due,
      text: `Waiting for ${holderWords(heldBy)} to ${lowerFirst(rule.label)}${dueWords}.`,
      action: next,
      heldBy,
      yours: await this.yours(review, rule, user),
    };
  }

  /**
   * The stage's action that moves the review to the stage after it (e.g. `decide` at decision,
   * `close` at monitoring); failing one, the first of the stage's actions that moves it at all.
   */
  private progressAction(ruleset: Ruleset, stage: string): string | null {
    const stages = ruleset.definition.stages.map((s) => s.key);
    const following = stages[stages.indexOf(stage) + 1];
    const targets = (name: string) => {
      const rule = ruleset.action(name)!;
      return [rule.moveTo, ...Object.values(rule.outcomes ?? {}).map((o) => o.moveTo)].filter((to): to is string => Boolean(to) && to !== stage);
    };
    const moving = ruleset.allowedActions(stage, 'open').filter((name) => targets(name).length > 0);
    return (
      moving.find((name) => targets(name).includes(following)) ??
      moving.find((name) => targets(name).some((to) => !ruleset.endStages.includes(to))) ??
      moving[0] ??
      null
    );
  }

  /** The clock the step is due by: the one the action meets, else the review's own earliest outstanding clock (not a notice, not one item's). */
  private dueBy(rule: ActionRule, outstanding: ReviewView['deadlines']): { dueOn: string; overdue: boolean } | null {
    const byDate = (a: { dueOn: string }, b: { dueOn: string }) => a.dueOn.localeCompare(b.dueOn);
    const met = outstanding.filter((d) => (rule.meets ?? []).includes(d.key.split(':')[0])).sort(byDate)[0];
    // A whole review's own clock (the review to complete, the decision to make), not one item's (an action of the plan, a request).
    const own = outstanding.filter((d) => !d.statutoryNotice && !d.key.includes(':')).sort(byDate)[0];
    const clock = met ?? own;
    return clock ? { dueOn: clock.dueOn, overdue: clock.status === 'missed' } : null;
  }

  private async yours(review: Review, rule: ActionRule, user: AuthenticatedUser): Promise<boolean> {
    return mayTake(rule, review, user, await appointmentsOf(this.txHost.tx, review.id));
  }

  /** The people holding each role, by name: the review's chair and panel, or the partnership's CSP chair and managers. */
  private async holders(review: Review, view: ReviewView, roles: readonly string[]): Promise<NextStepHolderView[]> {
    const holders: NextStepHolderView[] = [];
    for (const role of roles) {
      let names: string[];
      if (role === Role.IndependentChair) names = view.chair ? [view.chair.name] : [];
      else if (role === Role.PanelMember) names = view.panel.map((p) => p.name);
      else {
        const rows: { name: string }[] = await this.txHost.tx.query(
          'SELECT name FROM user_contacts WHERE partnership_id = $1 AND active AND $2 = ANY(roles) ORDER BY name',
          [review.partnershipId, role],
        );
        names = rows.map((r) => r.name);
      }
      const one = names.length === 1 || role === Role.IndependentChair || role === Role.CspChair;
      holders.push({ role, roleName: one ? roleName(role).replace(/^an? /, 'the ') : roleName(role), names });
    }
    return holders;
  }

  /** Each vote still to come on the current draft: a member of a board not yet complete who has no live vote for it. */
  private async boardMembersYetToVote(
    review: Review,
    boardKeys: string[],
    live: ReviewView['signOffs'],
  ): Promise<{ id: string; name: string; board: string }[]> {
    const boards = (await this.partnerships.listBoards(review.partnershipId)).filter((b) => boardKeys.includes(b.key));
    const waiting: { id: string; board: string }[] = [];
    for (const board of boards) {
      for (const id of await this.partnerships.boardMemberIds(board.id)) {
        if (!live.some((v) => v.board === board.key && v.memberId === id)) waiting.push({ id, board: board.key });
      }
    }
    if (waiting.length === 0) return [];
    const rows: { id: string; name: string }[] = await this.txHost.tx.query('SELECT id, name FROM user_contacts WHERE id = ANY($1) AND active', [
      [...new Set(waiting.map((w) => w.id))],
    ]);
    const names = new Map(rows.map((r) => [r.id, r.name]));
    return waiting.filter((w) => names.has(w.id)).map((w) => ({ ...w, name: names.get(w.id)! }));
  }
}
