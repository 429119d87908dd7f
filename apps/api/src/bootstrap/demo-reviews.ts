import { Injectable, Logger } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { Actor, ACTOR_KEY, addCalendarDays, AuthenticatedUser, CalendarDate, Clock, validateBody } from '@app/common';
import { Tenancy } from '@app/database';
import { DocumentsService } from '@app/documents';
import { UsersService } from '@app/identity';
import { ProceedingsService } from '@app/proceedings';
import { ActionBody, ActionUpdateBody, RecommendationBody, RecommendationsService } from '@app/recommendations';
import { ActionPipeline, CreateReviewRequest, ReviewIntake, ReviewListQuery, ReviewQueries } from '@app/reviews';

/** The demo's people, by what they do in its story (their emails are in demo-people.ts). */
interface Cast {
  manager: AuthenticatedUser;
  cspChair: AuthenticatedUser;
  chair: AuthenticatedUser;
  panel: AuthenticatedUser;
  boardChair: AuthenticatedUser;
  boardMember: AuthenticatedUser;
  dabChair: AuthenticatedUser;
  actionOwner: AuthenticatedUser;
}

/** One demo review: the fictional pseudonym that marks it (seeded once) and how its story is told. */
interface DemoReview {
  pseudonym: string;
  tell: (story: Story) => Promise<void>;
}

/** A fictional overview report: it names no one and carries no date, so the check for names finds nothing. */
const REPORT =
  'Overview report (fictional demo). Adult A was known to three agencies. The panel found that risk information was not shared between them, ' +
  'and that no agency asked Adult A about the abuse directly. It recommends that agencies share risk information within two working days.\n';
const IMR =
  'Individual management review (fictional demo): Cheshire Police had three contacts, each a call about a neighbour dispute; no risk assessment was made.\n';

/**
 * The demo partnership's story (SEED_DEMO=true): fictional reviews at every stage, built through
 * the product's own services and actions as the people of the demo would take them, back-dated
 * by the actions' effective dates relative to today, so that their history, clocks, audit trail
 * and mail are the product's own. Each review is marked by its victim's pseudonym, which is
 * obviously fictional, and is seeded only when no review of the partnership has it yet.
 */
@Injectable()
export class DemoReviews {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly clock: Clock,
    private readonly cls: ClsService,
    private readonly tenancy: Tenancy,
    private readonly users: UsersService,
    private readonly intake: ReviewIntake,
    private readonly pipeline: ActionPipeline,
    private readonly queries: ReviewQueries,
    private readonly documents: DocumentsService,
    private readonly recommendations: RecommendationsService,
    private readonly proceedings: ProceedingsService,
  ) {}

  /** Seeds the reviews each demo partnership lacks; answers how many were new. */
  async seed(): Promise<number> {
    const halton = await this.cast();
    let created = await this.seedStories(
      halton.manager,
      HALTON_REVIEWS.map((review) => ({ review, cast: halton })),
    );
    const pilotManager = await this.person('manager@pilot.example');
    created += await this.seedStories(pilotManager, [{ review: PILOT_OWHR, cast: { ...halton, manager: pilotManager } }]);
    if (created > 0) this.logger.log(`Demo reviews seeded: ${created}`);
    return created;
  }

  private async seedStories(manager: AuthenticatedUser, stories: { review: DemoReview; cast: Cast }[]): Promise<number> {
    const present = await this.pseudonymsOf(manager);
    let created = 0;
    for (const { review, cast } of stories) {
      if (present.has(review.pseudonym)) continue;
      await review.tell(new Story(this, cast, this.clock.today(), review.pseudonym));
      created += 1;
    }
    return created;
  }

  /** The victims' pseudonyms of the reviews this case officer's partnership already has. */
  private async pseudonymsOf(manager: AuthenticatedUser): Promise<Set<string>> {
    const seen = new Set<string>();
    for (let page = 1; ; page += 1) {
      const query = Object.assign(new ReviewListQuery(), { page, pageSize: 100, sort: '-notifiedOn' });
      const found = await this.as(manager, () => this.queries.list(manager, query));
      found.items.forEach((item) => seen.add(item.victimPseudonym));
      if (page * found.pageSize >= found.total) return seen;
    }
  }

  private async cast(): Promise<Cast> {
    return {
      manager: await this.person('manager@halton.example'),
      cspChair: await this.person('csp-chair@halton.example'),
      chair: await this.person('chair@review.example'),
      panel: await this.person('panel@halton.example'),
      boardChair: await this.person('board@halton.example'),
      boardMember: await this.person('board-member@halton.example'),
      dabChair: await this.person('dab-chair@halton.example'),
      actionOwner: await this.person('actions@halton.example'),
    };
  }

  private async person(email: string): Promise<AuthenticatedUser> {
    const user = await this.users.findForSignIn(email);
    if (!user) throw new Error(`The demo person ${email} is missing: the demo people are seeded before their reviews`);
    return { id: user.id, partnershipId: user.partnershipId, email: user.email, name: user.name, roles: user.roles, agencyId: user.agencyId };
  }

  /** Runs work as this person would in a request: scoped to their partnership, audited as them. */
  as<T>(person: AuthenticatedUser, work: () => Promise<T>): Promise<T> {
    return this.tenancy.forPartnership(person.partnershipId, () => {
      this.cls.set<Actor>(ACTOR_KEY, { id: person.id, partnershipId: person.partnershipId, roles: person.roles });
      return work();
    });
  }

  /** Logs the notification as the case officer; answers the new review's id. */
  async notify(manager: AuthenticatedUser, body: object): Promise<string> {
    const request = await validateBody(CreateReviewRequest, body);
    return (await this.as(manager, () => this.intake.create(manager, request))).id;
  }

  /** Takes the action; answers only the review's stage and version (the whole view is slow to build). */
  async act(person: AuthenticatedUser, id: string, name: string, rawBody: object): Promise<void> {
    await this.as(person, () => this.pipeline.actBriefly({ user: person, id, name, rawBody }));
  }

  /** Takes the action and answers with the whole review, for a step that needs what it made (a request's id). */
  async actAndRead(person: AuthenticatedUser, id: string, name: string, rawBody: object) {
    return this.as(person, () => this.pipeline.act({ user: person, id, name, rawBody }));
  }

  async upload(person: AuthenticatedUser, id: string, fields: Record<string, string>, text: string): Promise<void> {
    await this.as(person, () => this.documents.create(person, id, multipart(fields, `${fields.kind}.txt`, text)));
  }

  async answer(person: AuthenticatedUser, id: string, requestId: string, fields: Record<string, string>, text: string): Promise<void> {
    await this.as(person, () => this.documents.answerRequest(person, id, requestId, multipart(fields, `${fields.kind}.txt`, text)));
  }

  async proceedingsOf(person: AuthenticatedUser, id: string) {
    return this.as(person, () => this.proceedings.list(person, id));
  }

  async recommend(person: AuthenticatedUser, id: string, body: object): Promise<string> {
    const request = await validateBody(RecommendationBody, body);
    return (await this.as(person, () => this.recommendations.create(person, id, request))).id;
  }

  async planAction(person: AuthenticatedUser, id: string, recommendationId: string, body: object): Promise<string> {
    const request = await validateBody(ActionBody, body);
    return (await this.as(person, () => this.recommendations.addAction(person, id, recommendationId, request))).id;
  }

  async progress(person: AuthenticatedUser, actionId: string, body: object): Promise<void> {
    const request = await validateBody(ActionUpdateBody, body);
    await this.as(person, () => this.recommendations.recordProgress(person, actionId, request));
  }
}

/**
 * One review's story as it is told: the people, today, and the steps, each a product action
 * taken by the person whose job it is. `ago(n)` is the calendar date n days before today.
 */
class Story {
  id = '';

  constructor(
    private readonly seeder: DemoReviews,
    readonly cast: Cast,
    readonly today: CalendarDate,
    private readonly pseudonym: string,
  ) {}

  ago(days: number): CalendarDate {
    return addCalendarDays(this.today, -days);
  }

  ahead(days: number): CalendarDate {
    return addCalendarDays(this.today, days);
  }

  /** A DHR notified `days` ago by Cheshire Police, of a fictional death three days before. */
  async notify(days: number, facts: { ageAtDeath: number; sex: string; circumstances: string }, extra: object = {}): Promise<void> {
    this.id = await this.seeder.notify(this.cast.manager, {
      type: 'DHR',
      notifiedOn: this.ago(days),
      dateOfDeath: this.ago(days + 3),
      notifyingAgency: 'cheshire-police',
      victim: { pseudonym: this.pseudonym, ageAtDeath: facts.ageAtDeath, sex: facts.sex },
      circumstances: facts.circumstances,
      ...extra,
    });
  }

  /** Any notification, logged by this person; answers the review's id. */
  notifyAs(person: AuthenticatedUser, body: object): Promise<string> {
    return this.seeder.notify(person, body);
  }

  act(person: AuthenticatedUser, name: string, body: object): Promise<void> {
    return this.seeder.act(person, this.id, name, body);
  }

  actAndRead(person: AuthenticatedUser, name: string, body: object) {
    return this.seeder.actAndRead(person, this.id, name, body);
  }

  /** Decided to hold `days` ago, the Home Office told two days later. */
  async hold(days: number): Promise<void> {
    await this.act(this.cast.cspChair, 'decide', {
      outcome: 'hold',
      decidedOn: this.ago(days),
      rationale: 'Fictional demo: the criteria for a review are met.',
    });
    await this.act(this.cast.manager, 'record-home-office-notice', { sentOn: this.ago(days - 2) });
  }

  /** The chair appointed, the police's representative on the panel, terms of reference agreed `days` ago. */
  async setUp(days: number): Promise<void> {
    await this.act(this.cast.manager, 'appoint-chair', { userId: this.cast.chair.id, appointedOn: this.ago(days + 5) });
    await this.act(this.cast.chair, 'add-panel-member', { userId: this.cast.panel.id, agency: 'cheshire-police' });
    await this.act(this.cast.chair, 'agree-terms-of-reference', { agreedOn: this.ago(days) });
  }

  /** Information gathering completed `days` ago. */
  async gathered(days: number): Promise<void> {
    await this.act(this.cast.chair, 'complete-information', { on: this.ago(days) });
  }

  /** The overview report uploaded and the draft completed `days` ago: the review goes to sign-off. */
  async drafted(days: number): Promise<void> {
    await this.seeder.upload(this.cast.chair, this.id, { kind: 'overview-report', title: 'Overview report' }, REPORT);
    await this.act(this.cast.chair, 'complete-draft', { on: this.ago(days) });
  }

  /** The CSP board's chair and member approve for it, `days` ago. */
  async cspBoardSignsOff(days: number): Promise<void> {
    for (const member of [this.cast.boardChair, this.cast.boardMember]) {
      await this.act(member, 'sign-off', { board: 'csp', decision: 'approve', on: this.ago(days), comment: 'Fictional demo: approved.' });
    }
  }

  /** The Domestic Abuse Board's chair and member approve for it, `days` ago. */
  async dabSignsOff(days: number): Promise<void> {
    for (const member of [this.cast.dabChair, this.cast.boardMember]) {
      await this.act(member, 'sign-off', { board: 'dab', decision: 'approve', on: this.ago(days), comment: 'Fictional demo: approved.' });
    }
  }

  /** Submitted to the Home Office `days` ago; the QA panel's letter came `letterDays` ago. */
  async quality(days: number, letterDays: number, outcome: string, requiredChanges?: string[]) {
    await this.act(this.cast.manager, 'submit-to-home-office', { submittedOn: this.ago(days) });
    return this.actAndRead(this.cast.manager, 'record-qa-outcome', {
      outcome,
      receivedOn: this.ago(letterDays),
      ...(requiredChanges ? { requiredChanges } : {}),
    });
  }

  /** The Commissioner's copy sent, the family told, the report published `days` ago. */
  async published(days: number): Promise<void> {
    await this.act(this.cast.manager, 'record-commissioner-copy', { sentOn: this.ago(days + 5) });
    await this.act(this.cast.manager, 'record-family-told-of-publication', { toldOn: this.ago(days + 2) });
    await this.act(this.cast.manager, 'publish', {
      publishedOn: this.ago(days),
      url: `https://www.example.gov.uk/demo-reviews/${this.id}`,
      qaLetterPublished: true,
    });
  }

  upload(person: AuthenticatedUser, fields: Record<string, string>, text: string) {
    return this.seeder.upload(person, this.id, fields, text);
  }

  answer(person: AuthenticatedUser, requestId: string, fields: Record<string, string>, text: string) {
    return this.seeder.answer(person, this.id, requestId, fields, text);
  }

  proceedings() {
    return this.seeder.proceedingsOf(this.cast.manager, this.id);
  }

  recommend(body: object) {
    return this.seeder.recommend(this.cast.chair, this.id, body);
  }

  planAction(recommendationId: string, body: object) {
    return this.seeder.planAction(this.cast.manager, this.id, recommendationId, body);
  }

  progress(person: AuthenticatedUser, actionId: string, body: object) {
    return this.seeder.progress(person, actionId, body);
  }
}

/** The Safer Halton Partnership's demo reviews, from the newest notification to the closed. */
const HALTON_REVIEWS: DemoReview[] = [
  {
    // A notification awaiting the CSP chair's decision, due in three weeks.
    pseudonym: 'Adult Juniper (fictional)',
    tell: (s) => s.notify(9, { ageAtDeath: 34, sex: 'female', circumstances: 'Fictional demo: found at home; a former partner is being questioned.' }),
  },
  {
    // A notification whose decision is overdue: notified 40 days ago, a month allowed.
    pseudonym: 'Adult Hawthorn (fictional)',
    tell: (s) => s.notify(40, { ageAtDeath: 52, sex: 'male', circumstances: 'Fictional demo: died in hospital after an assault at home by his adult son.' }),
  },
  {
    // In set-up: held, the chair appointed, the terms of reference still to agree.
    pseudonym: 'Adult Rowan (fictional)',
    tell: async (s) => {
      await s.notify(35, { ageAtDeath: 27, sex: 'female', circumstances: 'Fictional demo: a death after a long history of controlling behaviour.' });
      await s.hold(24);
      await s.act(s.cast.manager, 'appoint-chair', { userId: s.cast.chair.id, appointedOn: s.ago(12) });
    },
  },
  {
    // Gathering information: the police's IMR received with its document, their chronology overdue.
    pseudonym: 'Adult Alder (fictional)',
    tell: async (s) => {
      await s.notify(110, { ageAtDeath: 45, sex: 'female', circumstances: 'Fictional demo: killed by her partner; he has pleaded guilty.' });
      await s.hold(100);
      await s.setUp(80);
      const imr = await s.actAndRead(s.cast.chair, 'request-information', {
        agency: 'cheshire-police',
        description: 'Fictional demo: individual management review',
        requestedOn: s.ago(75),
        dueOn: s.ahead(5),
      });
      await s.act(s.cast.chair, 'request-information', {
        agency: 'cheshire-police',
        description: 'Fictional demo: chronology of every contact since 2023',
        requestedOn: s.ago(75),
        dueOn: s.ago(12),
      });
      await s.answer(s.cast.panel, imr.informationRequests[0].id, { kind: 'imr', title: 'Cheshire Police IMR' }, IMR);
    },
  },
  {
    // Paused for a criminal trial, with the pause's reason and expected end.
    pseudonym: 'Adult Linden (fictional)',
    tell: async (s) => {
      await s.notify(95, { ageAtDeath: 38, sex: 'male', circumstances: 'Fictional demo: stabbed at home; his partner is charged with murder.' });
      await s.hold(85);
      await s.setUp(70);
      await s.act(s.cast.manager, 'record-proceeding', {
        kind: 'criminal-trial',
        body: 'Liverpool Crown Court',
        reference: 'T2026DEMO1',
        expectedConclusionOn: s.ahead(75),
        status: 'under-way',
        contact: 'Senior Investigating Officer, Cheshire Police',
      });
      const [trial] = await s.proceedings();
      await s.act(s.cast.cspChair, 'pause', {
        reason: 'Fictional demo: the trial is listed; the police ask that witnesses are not approached until it ends.',
        startedOn: s.ago(30),
        category: 'criminal-proceedings',
        proceedingId: trial.id,
        expectedEndOn: s.ahead(75),
      });
    },
  },
  {
    // Drafting, with the review's deadline extended (its first due date kept).
    pseudonym: 'Adult Sorrel (fictional)',
    tell: async (s) => {
      await s.notify(185, { ageAtDeath: 61, sex: 'female', circumstances: 'Fictional demo: an older woman who died after years of neglect by her husband.' });
      await s.hold(175);
      await s.setUp(160);
      await s.gathered(60);
      await s.act(s.cast.cspChair, 'extend', {
        deadline: 'review',
        newDueOn: s.ahead(60),
        reason: 'Fictional demo: the family asked for more time to read the draft with their advocate.',
      });
    },
  },
  {
    // At sign-off: the CSP board has signed off; the Domestic Abuse Board's votes are waiting.
    pseudonym: 'Adult Willow (fictional)',
    tell: async (s) => {
      await s.notify(170, { ageAtDeath: 29, sex: 'female', circumstances: 'Fictional demo: killed by a former partner after she had left him.' });
      await s.hold(160);
      await s.setUp(140);
      await s.gathered(60);
      await s.drafted(14);
      await s.recommend({
        text: 'Fictional demo: agencies share risk information about domestic abuse within two working days.',
        level: 'local',
        owningAgency: 'housing',
        themes: ['domestic-abuse-vawg'],
        outcome: 'Fictional demo: every referral shared within two working days.',
      });
      await s.cspBoardSignsOff(7);
    },
  },
  {
    // Back from Home Office QA: approved subject to changes, one done and one outstanding.
    pseudonym: 'Adult Hazel (fictional)',
    tell: async (s) => {
      await s.notify(
        260,
        { ageAtDeath: 43, sex: 'male', circumstances: 'Fictional demo: died by suicide after abuse by his partner.' },
        { suspectedSuicide: true },
      );
      await s.hold(250);
      await s.setUp(235);
      await s.gathered(150);
      await s.drafted(100);
      await s.cspBoardSignsOff(90);
      await s.dabSignsOff(88);
      const letter = await s.quality(85, 6, 'approved-with-changes', [
        'Fictional demo: remove the month of birth from the terms of reference',
        'Fictional demo: say which agency owns recommendation 1',
      ]);
      const [first] = letter.qaChanges.slice().sort((a, b) => a.text.localeCompare(b.text));
      await s.act(s.cast.chair, 'record-qa-change', { changeId: first.id, status: 'done' });
    },
  },
  {
    // Published and in monitoring: the housing actions on track, overdue and complete.
    pseudonym: 'Adult Aspen (fictional)',
    tell: async (s) => {
      await s.notify(400, { ageAtDeath: 36, sex: 'female', circumstances: 'Fictional demo: killed by her husband, who was known to three agencies.' });
      await s.hold(390);
      await s.setUp(375);
      await s.gathered(300);
      await s.drafted(240);
      const recommendation = await s.recommend({
        text: 'Fictional demo: housing officers ask about domestic abuse at every tenancy visit.',
        level: 'local',
        owningAgency: 'housing',
        themes: ['domestic-abuse-vawg'],
        outcome: 'Fictional demo: every tenancy visit records the question asked.',
      });
      const onTrack = await s.planAction(recommendation, {
        description: 'Fictional demo: add the question to the tenancy visit form.',
        owningAgency: 'housing',
        dueOn: s.ahead(45),
        setOn: s.ago(240),
      });
      const late = await s.planAction(recommendation, {
        description: 'Fictional demo: train every housing officer in asking about abuse.',
        owningAgency: 'housing',
        dueOn: s.ago(20),
        setOn: s.ago(240),
      });
      const done = await s.planAction(recommendation, {
        description: 'Fictional demo: name a domestic abuse lead in the housing team.',
        owningAgency: 'housing',
        dueOn: s.ahead(20),
        setOn: s.ago(240),
      });
      await s.cspBoardSignsOff(230);
      await s.dabSignsOff(228);
      await s.quality(220, 120, 'approved');
      await s.published(100);
      await s.progress(s.cast.actionOwner, onTrack, { status: 'in-progress', note: 'Fictional demo: the new form is being tested.', on: s.today });
      await s.progress(s.cast.actionOwner, late, { status: 'in-progress', note: 'Fictional demo: half the officers are trained.', on: s.today });
      await s.progress(s.cast.actionOwner, done, { status: 'complete', note: 'Fictional demo: the lead is in post.', on: s.today });
    },
  },
  {
    // Closed: every stage done, the Commissioner's copy sent.
    pseudonym: 'Adult Elm (fictional)',
    tell: async (s) => {
      await s.notify(560, { ageAtDeath: 58, sex: 'female', circumstances: 'Fictional demo: killed by her partner of twenty years.' });
      await s.hold(550);
      await s.setUp(530);
      await s.gathered(450);
      await s.drafted(380);
      await s.cspBoardSignsOff(370);
      await s.dabSignsOff(368);
      await s.quality(360, 280, 'approved');
      await s.published(250);
      await s.act(s.cast.manager, 'close', { on: s.ago(30) });
    },
  },
  {
    // Decided not to hold a review, the Home Office told.
    pseudonym: 'Adult Maple (fictional)',
    tell: async (s) => {
      await s.notify(70, { ageAtDeath: 80, sex: 'male', circumstances: 'Fictional demo: an accidental fall; no sign of abuse was found.' });
      await s.act(s.cast.cspChair, 'decide', {
        outcome: 'not-held',
        decidedOn: s.ago(50),
        rationale: 'Fictional demo: the coroner found an accident and no agency knew of any abuse.',
      });
      await s.act(s.cast.manager, 'record-home-office-notice', { sentOn: s.ago(47) });
    },
  },
];

/**
 * The pilot-area partnership's OWHR: notified three weeks ago, so its notice to the Secretary of
 * State (PCSCA 2022 s.27, one month beginning with the day the partnership became aware) is due.
 */
const PILOT_OWHR: DemoReview = {
  pseudonym: 'Adult Cedar (fictional)',
  tell: async (s) => {
    s.id = await s.notifyAs(s.cast.manager, {
      type: 'OWHR',
      notifiedOn: s.ago(21),
      dateOfDeath: s.ago(23),
      notifyingAgency: 'west-midlands-police',
      victim: { pseudonym: 'Adult Cedar (fictional)', ageAtDeath: 22, sex: 'male' },
      offensiveWeaponInvolved: true,
      suspectRelationship: 'stranger',
      circumstances: 'Fictional demo: stabbed in the street by a man he did not know.',
    });
  },
};

/**
 * A plain-text file as a multipart/form-data request, the form the documents service reads an
 * upload in (it streams a request's parts as they arrive), so the demo's documents go through the
 * same checks, hashing, scanning and audit as any upload.
 */
function multipart(fields: Record<string, string>, filename: string, text: string): IncomingMessage {
  const boundary = `demo-${randomUUID()}`;
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  parts.push(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${text}\r\n--${boundary}--\r\n`,
  );
  const body = Buffer.from(parts.join(''), 'utf8');
  return Object.assign(Readable.from([body]), {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(body.length) },
  }) as unknown as IncomingMessage;
}
