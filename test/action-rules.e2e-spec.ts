import { uploadReport } from './support/scenarios';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { notification, TestApi, TestUser } from './support/test-app';

/** The ruleset is the contract for which actions are allowed where. */
type RulesetAction = { stages: string[]; roles: string[]; when?: 'open' | 'paused' | 'any' };
const RULESET = JSON.parse(readFileSync(join(__dirname, '..', 'libs', 'rulesets', 'definitions', 'dhr-2016-v4.json'), 'utf8')) as {
  stages: { key: string }[];
  actions: Record<string, RulesetAction>;
};
const ALL_ACTIONS = Object.keys(RULESET.actions);
/** Actions allowed at every stage, paused or closed (recording a statutory notice as not sent): never at the wrong stage. */
const EVERYWHERE = ALL_ACTIONS.filter(
  (name) => RULESET.actions[name].when === 'any' && RULESET.stages.every((s) => RULESET.actions[name].stages.includes(s.key)),
);

/** The actions the ruleset allows at a stage for a review of that status, in the ruleset's order. */
function allowedAt(stage: string, status: 'open' | 'paused' | 'closed'): string[] {
  return ALL_ACTIONS.filter((name) => {
    const rule = RULESET.actions[name];
    if (!rule.stages.includes(stage)) return false;
    const when = rule.when ?? 'open';
    return when === 'any' || when === status;
  });
}

const TODAY = '2026-02-02';

/** Every error is an RFC 9457 problem document carrying the correlation id. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a problem document, read loosely by the tests
function expectProblem(res: Response, status: number, code: string): Record<string, any> {
  expect(res.status).toBe(status);
  // Clients (and these tests) decide on the code, never on the English of the detail.
  expect(res.body).toMatchObject({ code, type: `urn:dhr-reviews:problem:${code}` });
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(typeof res.body.correlationId).toBe('string');
  expect(res.body.correlationId.length).toBeGreaterThan(0);
  expect(typeof res.body.instance).toBe('string');
  return res.body;
}

/** allowedActions compared as a set: the contract names the actions, not their order. */
const sorted = (names: string[]) => [...names].sort();

function fieldsOf(body: { errors?: { field: string; message: string }[] }): string[] {
  expect(Array.isArray(body.errors)).toBe(true);
  return (body.errors ?? []).map((e) => e.field);
}

describe('Action rules: stages, versions, validation, roles and errors', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, otherChair: TestUser, panel: TestUser, board: TestUser;
  /** One review per stage, driven there in beforeAll. */
  const reviews: Record<string, string> = {};

  const must = async (res: Promise<Response> | Response, label: string) => {
    const r = await res;
    if (r.status !== 200 && r.status !== 201) throw new Error(`${label}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const act = (user: TestUser, id: string, action: string, body: object) => must(api.action(user, id, action, body), action);
  const read = async (id: string) => (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
  const create = async (overrides: Record<string, unknown> = {}) =>
    (await must(api.post(manager, '/api/reviews', notification(overrides)), 'create')).id as string;
  const total = async () => (await api.get(manager, '/api/reviews').expect(200)).body.total as number;

  async function driveTo(stage: string): Promise<string> {
    const id = await create();
    if (stage === 'decision') return id;
    if (stage === 'closed') {
      await act(cspChair, id, 'decide', { outcome: 'not-held', decidedOn: TODAY, rationale: 'Fictional: the criteria are not met.' });
      return id;
    }
    await act(cspChair, id, 'decide', { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional: the criteria are met.' });
    await act(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: TODAY });
    if (stage === 'set-up') return id;
    await act(manager, id, 'agree-terms-of-reference', { agreedOn: TODAY });
    if (stage === 'information') return id;
    // A panel member on one review past the information stage: an agency's actions tried at the wrong stage.
    if (stage === 'home-office-qa') await act(chair, id, 'add-panel-member', { userId: panel.id, agency: 'cheshire-police' });
    await act(chair, id, 'complete-information', { on: TODAY });
    if (stage === 'drafting') return id;
    await uploadReport(api, chair, id);
    await act(chair, id, 'complete-draft', { on: TODAY });
    await act(board, id, 'sign-off', { decision: 'approve', board: 'csp', on: TODAY });
    await act(board, id, 'sign-off', { decision: 'approve', board: 'dab', on: TODAY });
    await act(manager, id, 'submit-to-home-office', { submittedOn: TODAY });
    if (stage === 'home-office-qa') return id;
    await act(manager, id, 'record-qa-outcome', { outcome: 'approved', receivedOn: TODAY });
    if (stage === 'publication') return id;
    await act(manager, id, 'record-family-told-of-publication', { toldOn: TODAY });
    await act(manager, id, 'publish', { publishedOn: TODAY, url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true });
    if (stage === 'monitoring') return id;
    throw new Error(`cannot drive to ${stage}`);
  }

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    otherChair = await api.user(['independent-chair']);
    panel = await api.user(['panel-member'], 'cheshire-police');
    // One member signs for each board in these journeys; quorum has tests of its own.
    board = await api.boardMember();
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
    for (const stage of ['decision', 'set-up', 'information', 'drafting', 'home-office-qa', 'publication', 'monitoring', 'closed']) {
      reviews[stage] = await driveTo(stage);
    }
  });
  afterAll(() => api.stop());
  beforeEach(() => api.clock.setDate(TODAY));

  it('has driven one review to each stage it needs', async () => {
    for (const [stage, id] of Object.entries(reviews)) {
      const review = await read(id);
      expect(review.stage).toBe(stage);
      expect(review.status).toBe(stage === 'closed' ? 'closed' : 'open');
    }
  });

  describe('an action in a stage where the ruleset does not allow it is a 409', () => {
    // [action, the stage of the review it is tried on, who (allowed by role), a valid body]
    const cases: Array<[string, string, () => TestUser, () => object]> = [
      ['decide', 'set-up', () => cspChair, () => ({ outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional rationale.' })],
      ['record-home-office-notice', 'decision', () => manager, () => ({ sentOn: TODAY })],
      ['appoint-chair', 'decision', () => manager, () => ({ userId: chair.id, appointedOn: TODAY })],
      ['add-panel-member', 'drafting', () => manager, () => ({ userId: panel.id, agency: 'cheshire-police' })],
      ['remove-panel-member', 'home-office-qa', () => manager, () => ({ userId: panel.id, reason: 'Fictional: they have left the agency.' })],
      ['agree-terms-of-reference', 'information', () => manager, () => ({ agreedOn: TODAY })],
      [
        'request-information',
        'set-up',
        () => manager,
        () => ({ agency: 'cheshire-police', description: 'Fictional IMR and chronology.', dueOn: '2026-03-31' }),
      ],
      ['receive-information', 'set-up', () => manager, () => ({ requestId: randomUUID(), receivedOn: TODAY })],
      ['answer-information-request', 'home-office-qa', () => panel, () => ({ requestId: randomUUID(), documentId: randomUUID() })],
      ['ask-for-more-time', 'home-office-qa', () => panel, () => ({ requestId: randomUUID(), proposedDueOn: '2026-03-31', reason: 'Fictional reason.' })],
      ['answer-time-request', 'set-up', () => manager, () => ({ timeRequestId: randomUUID(), decision: 'grant' })],
      ['complete-information', 'set-up', () => chair, () => ({ on: TODAY })],
      ['complete-draft', 'information', () => chair, () => ({ on: TODAY })],
      ['sign-off', 'home-office-qa', () => board, () => ({ board: 'csp', on: TODAY })],
      ['submit-to-home-office', 'drafting', () => manager, () => ({ submittedOn: TODAY })],
      ['issue-revised-draft', 'drafting', () => chair, () => ({ on: TODAY, changes: 'Fictional: the chronology is fuller.' })],
      ['record-commissioner-copy', 'drafting', () => manager, () => ({ sentOn: TODAY })],
      ['record-qa-outcome', 'publication', () => manager, () => ({ outcome: 'approved', receivedOn: TODAY })],
      ['record-qa-change', 'set-up', () => manager, () => ({ changeId: randomUUID(), status: 'done' })],
      [
        'publish',
        'home-office-qa',
        () => manager,
        () => ({ publishedOn: TODAY, url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true }),
      ],
      ['record-family-told-of-publication', 'drafting', () => manager, () => ({ toldOn: TODAY })],
      ['close', 'publication', () => manager, () => ({ on: TODAY })],
      ['pause', 'closed', () => cspChair, () => ({ reason: 'Fictional reason to pause.', startedOn: TODAY, category: 'other' })],
      ['resume', 'closed', () => cspChair, () => ({ on: TODAY })],
      ['extend', 'closed', () => cspChair, () => ({ deadline: 'home-office-notice', newDueOn: '2026-03-31', reason: 'Fictional reason to extend.' })],
      [
        'schedule-panel-meeting',
        'home-office-qa',
        () => manager,
        () => ({ date: '2026-03-31', startTime: '10:00', endTime: '11:00', place: 'Fictional room', agenda: 'Fictional agenda.' }),
      ],
      ['move-panel-meeting', 'home-office-qa', () => manager, () => ({ meetingId: randomUUID(), date: '2026-03-31', startTime: '10:00', endTime: '11:00' })],
      ['cancel-panel-meeting', 'home-office-qa', () => manager, () => ({ meetingId: randomUUID(), reason: 'Fictional reason.' })],
      ['record-meeting-attendance', 'decision', () => manager, () => ({ meetingId: randomUUID(), attended: [] })],
      ['record-meeting-minutes', 'decision', () => manager, () => ({ meetingId: randomUUID(), text: 'Fictional minutes.' })],
      [
        'add-meeting-action',
        'decision',
        () => manager,
        () => ({ meetingId: randomUUID(), description: 'Fictional.', owner: randomUUID(), dueOn: '2026-03-31' }),
      ],
      ['complete-meeting-action', 'decision', () => manager, () => ({ actionId: randomUUID() })],
      ['record-proceeding', 'closed', () => manager, () => ({ kind: 'inquest', body: 'Fictional Coroner’s Court' })],
      ['update-proceeding', 'closed', () => manager, () => ({ proceedingId: randomUUID(), status: 'under-way' })],
    ];

    it('covers every action of the ruleset that some stage does not allow', () => {
      expect(EVERYWHERE).toEqual(['record-notice-not-sent']);
      expect(cases.map(([name]) => name).sort()).toEqual(ALL_ACTIONS.filter((name) => !EVERYWHERE.includes(name)).sort());
      expect(ALL_ACTIONS).toHaveLength(35);
    });

    it.each(cases)('%s at the stage %s', async (name, stage, who, body) => {
      // Sanity: the case really is a wrong stage for this action and a right role for this user.
      expect(RULESET.actions[name].stages).not.toContain(stage);
      expect(RULESET.actions[name].roles.some((role) => who().roles.includes(role))).toBe(true);
      const id = reviews[stage];
      const before = await read(id);

      const res = await api.action(who(), id, name, body());
      const problem = expectProblem(res, 409, 'wrong-stage');
      const status = stage === 'closed' ? 'closed' : 'open';
      expect(problem.currentStage).toBe(stage);
      expect(sorted(problem.allowedActions)).toEqual(sorted(allowedAt(stage, status)));
      expect(problem.allowedActions).not.toContain(name);
      expect(problem.detail).toContain(stage);
      expect(problem.instance).toBe(`/api/reviews/${id}/actions/${name}`);

      const after = await read(id);
      expect(after.version).toBe(before.version);
      expect(after.stage).toBe(stage);
      expect(after.history).toHaveLength(before.history.length);
    });

    it("at the decision stage the allowed actions are exactly decide, pause, extend, record-notice-not-sent and the proceedings' two, in the ruleset's order", async () => {
      const res = await api.action(manager, reviews.decision, 'appoint-chair', { userId: chair.id, appointedOn: TODAY });
      const problem = expectProblem(res, 409, 'wrong-stage');
      expect(problem.currentStage).toBe('decision');
      expect(sorted(problem.allowedActions)).toEqual(['decide', 'extend', 'pause', 'record-notice-not-sent', 'record-proceeding', 'update-proceeding']);
      // The product documents allowedActions as "in the ruleset's order" (dhr-2016-v4.json lists decide, pause, extend, record-notice-not-sent, then the proceedings' actions last).
      expect(problem.allowedActions).toEqual(['decide', 'pause', 'extend', 'record-notice-not-sent', 'record-proceeding', 'update-proceeding']);
    });

    it('at a closed review the only allowed actions record the Home Office notice, as sent or as not sent', async () => {
      const res = await api.action(cspChair, reviews.closed, 'extend', { deadline: 'home-office-notice', newDueOn: '2026-03-31', reason: 'Fictional.' });
      expect(expectProblem(res, 409, 'wrong-stage')).toMatchObject({
        currentStage: 'closed',
        allowedActions: ['record-home-office-notice', 'record-notice-not-sent'],
      });
    });

    it('resume on an open (not paused) review is a 409', async () => {
      const before = await read(reviews.decision);
      expect(before.status).toBe('open');
      const res = await api.action(cspChair, reviews.decision, 'resume', { on: TODAY });
      const problem = expectProblem(res, 409, 'wrong-stage');
      expect(problem.currentStage).toBe('decision');
      expect(sorted(problem.allowedActions)).toEqual(['decide', 'extend', 'pause', 'record-notice-not-sent', 'record-proceeding', 'update-proceeding']);
      expect(problem.detail).toContain('decision');
      const after = await read(reviews.decision);
      expect(after).toMatchObject({ version: before.version, status: 'open', stage: 'decision' });
    });

    it('pause on a paused review is a 409 listing what a paused review allows', async () => {
      const id = await create();
      const paused = await act(cspChair, id, 'pause', { reason: 'Fictional criminal trial.', startedOn: TODAY, category: 'criminal-proceedings' });
      expect(paused.status).toBe('paused');
      const res = await api.action(cspChair, id, 'pause', { reason: 'Again.', startedOn: TODAY });
      const problem = expectProblem(res, 409, 'wrong-stage');
      expect(problem.currentStage).toBe('decision');
      expect(sorted(problem.allowedActions)).toEqual(['extend', 'record-notice-not-sent', 'record-proceeding', 'resume', 'update-proceeding']);
      expect(problem.detail).toMatch(/paused/);
      expect(problem.detail).toContain('decision');
      const after = await read(id);
      expect(after).toMatchObject({ version: paused.version, status: 'paused' });
    });
  });

  describe('If-Match', () => {
    it('takes the action for the current version and refuses a stale one, changing nothing', async () => {
      const id = await create();
      const got = await api.get(manager, `/api/reviews/${id}`).expect(200);
      expect(got.headers.etag).toBe(`"${got.body.version}"`);
      const version = got.body.version as number;

      const first = await api
        .action(cspChair, id, 'decide', { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional: the criteria are met.' }, `"${version}"`)
        .expect(200);
      expect(first.body.version).toBe(version + 1);
      expect(first.headers.etag).toBe(`"${version + 1}"`);

      const stale = await api.action(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: TODAY }, `"${version}"`);
      const problem = expectProblem(stale, 409, 'stale-version');
      expect(problem.currentVersion).toBe(version + 1);

      const after = await api.get(manager, `/api/reviews/${id}`).expect(200);
      expect(after.body.version).toBe(version + 1);
      expect(after.body.stage).toBe('set-up');
      expect(after.headers.etag).toBe(`"${version + 1}"`);
      expect(after.body.chair).toBeNull();
      expect(after.body.history).toHaveLength(first.body.history.length);
    });

    it('accepts the weak W/"n" form', async () => {
      const id = await create();
      const { version } = await read(id);
      const res = await api.action(cspChair, id, 'pause', { reason: 'Fictional criminal trial.', startedOn: TODAY }, `W/"${version}"`).expect(200);
      expect(res.body).toMatchObject({ version: version + 1, status: 'paused' });
      const staleWeak = await api.action(cspChair, id, 'resume', { on: TODAY }, `W/"${version}"`);
      expect(expectProblem(staleWeak, 409, 'stale-version').currentVersion).toBe(version + 1);
      expect(await read(id)).toMatchObject({ version: version + 1, status: 'paused' });
    });

    it('refuses a malformed If-Match with a 400 naming the header, changing nothing', async () => {
      const id = await create();
      const before = await read(id);
      const res = await api.action(cspChair, id, 'extend', { deadline: 'decision', newDueOn: '2026-03-12', reason: 'Fictional.' }, 'abc');
      const problem = expectProblem(res, 400, 'invalid-input');
      expect(fieldsOf(problem)).toContain('If-Match');
      const after = await read(id);
      expect(after.version).toBe(before.version);
    });
  });

  describe('invalid notifications are a 400 naming the field, and nothing is written', () => {
    const cases: Array<[string, () => object, string, string | null]> = [
      ['a date of death after the notification', () => notification({ notifiedOn: '2026-01-31', dateOfDeath: '2026-02-01' }), 'dateOfDeath', null],
      ['a notification date in the future', () => notification({ notifiedOn: '2026-02-03' }), 'notifiedOn', null],
      ['an unknown notifying agency', () => notification({ notifyingAgency: 'atlantis-constabulary' }), 'notifyingAgency', null],
      ['an extra field', () => notification({ favouriteColour: 'blue' }), 'favouriteColour', 'is not a field of this request'],
      ['a victim without a pseudonym', () => notification({ victim: { ageAtDeath: 41, sex: 'female' } }), 'victim.pseudonym', null],
      ['a negative age at death', () => notification({ victim: { pseudonym: 'Adult B', ageAtDeath: -1, sex: 'female' } }), 'victim.ageAtDeath', null],
      ['a date that does not exist', () => notification({ notifiedOn: '2026-02-30' }), 'notifiedOn', null],
    ];

    it.each(cases)('%s', async (_label, body, field, message) => {
      const count = await total();
      const res = await api.post(manager, '/api/reviews', body());
      const problem = expectProblem(res, 400, 'invalid-input');
      expect(fieldsOf(problem)).toContain(field);
      if (message) expect(problem.errors).toContainEqual({ field, message });
      for (const e of problem.errors) expect(typeof e.message).toBe('string');
      expect(await total()).toBe(count);
    });

    it('an empty body names every required field', async () => {
      const count = await total();
      const res = await api.post(manager, '/api/reviews', {});
      const fields = fieldsOf(expectProblem(res, 400, 'invalid-input'));
      for (const field of ['type', 'notifiedOn', 'dateOfDeath', 'notifyingAgency', 'victim', 'circumstances']) expect(fields).toContain(field);
      expect(await total()).toBe(count);
    });
  });

  describe('invalid action bodies are a 400 naming the field, and nothing is written', () => {
    const expectRefused = async (user: TestUser, id: string, action: string, body: object, field: string, message?: string) => {
      const before = await read(id);
      const res = await api.action(user, id, action, body);
      const problem = expectProblem(res, 400, 'invalid-input');
      expect(fieldsOf(problem)).toContain(field);
      if (message) expect(problem.errors).toContainEqual({ field, message });
      const after = await read(id);
      expect(after.version).toBe(before.version);
      expect(after.stage).toBe(before.stage);
      expect(after.status).toBe(before.status);
      expect(after.history).toHaveLength(before.history.length);
      return { before, after, problem };
    };

    it('decide with an unknown outcome', async () => {
      await expectRefused(cspChair, reviews.decision, 'decide', { outcome: 'maybe', decidedOn: TODAY, rationale: 'Fictional.' }, 'outcome');
    });

    it('decide with a future decision date', async () => {
      await expectRefused(cspChair, reviews.decision, 'decide', { outcome: 'hold', decidedOn: '2026-02-03', rationale: 'Fictional.' }, 'decidedOn');
    });

    it('decide with a decision date before the notification', async () => {
      await expectRefused(cspChair, reviews.decision, 'decide', { outcome: 'hold', decidedOn: '2026-01-30', rationale: 'Fictional.' }, 'decidedOn');
    });

    it('decide with an extra field', async () => {
      await expectRefused(
        cspChair,
        reviews.decision,
        'decide',
        { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional.', urgent: true },
        'urgent',
        'is not a field of this request',
      );
    });

    it('request-information from an unknown agency', async () => {
      const { after } = await expectRefused(
        manager,
        reviews.information,
        'request-information',
        { agency: 'atlantis-constabulary', description: 'Fictional IMR.', dueOn: '2026-03-31' },
        'agency',
      );
      expect(after.informationRequests).toEqual([]);
    });

    it('request-information due in the past', async () => {
      const { after } = await expectRefused(
        manager,
        reviews.information,
        'request-information',
        { agency: 'cheshire-police', description: 'Fictional IMR.', dueOn: '2026-02-01' },
        'dueOn',
      );
      expect(after.informationRequests).toEqual([]);
      expect(after.deadlines.some((d: { key: string }) => d.key.startsWith('information-request'))).toBe(false);
    });

    it('request-information recorded after it was made: its date and a past due date, never one before it, never a date to come', async () => {
      // A request made before it was recorded (issue 17.1): its effective date is when it was made, and it may already be due.
      const body = { agency: 'housing', description: 'Fictional: tenancy records, asked for by letter.', requestedOn: '2026-01-31', dueOn: '2026-02-01' };
      await expectRefused(manager, reviews.information, 'request-information', { ...body, dueOn: '2026-01-30' }, 'dueOn');
      await expectRefused(manager, reviews.information, 'request-information', { ...body, requestedOn: '2026-02-03', dueOn: '2026-02-10' }, 'requestedOn');
      await expectRefused(manager, reviews.information, 'request-information', { ...body, requestedOn: '2026-01-30' }, 'requestedOn');
      await expectRefused(manager, reviews.information, 'request-information', { ...body, requestedOn: '31/01/2026' }, 'requestedOn');
      const review = await act(manager, reviews.information, 'request-information', body);
      expect(review.history.at(-1)).toMatchObject({ action: 'request-information', on: '2026-01-31' });
      const request = review.informationRequests.find((r: { agencyName: string }) => r.agencyName === 'Housing');
      expect(request).toMatchObject({ dueOn: '2026-02-01', receivedOn: null });
      const clock = review.deadlines.find((d: { key: string }) => d.key === `information-request:${request.id}`);
      expect(clock).toMatchObject({ dueOn: '2026-02-01', status: 'missed', overdue: true });
      // Its answer may come any day from when it was made (not only from when it was recorded), never before.
      await expectRefused(manager, reviews.information, 'receive-information', { requestId: request.id, receivedOn: '2026-01-30' }, 'receivedOn');
      const received = await act(manager, reviews.information, 'receive-information', { requestId: request.id, receivedOn: '2026-02-01' });
      expect(received.deadlines.find((d: { key: string }) => d.key === `information-request:${request.id}`)).toMatchObject({
        status: 'met',
        completedOn: '2026-02-01',
      });
    });

    it('extend to a date not later than the current due date', async () => {
      const review = await read(reviews.decision);
      const current = review.deadlines.find((d: { key: string }) => d.key === 'decision');
      expect(current.dueOn).toBe('2026-02-28');
      const { after } = await expectRefused(
        cspChair,
        reviews.decision,
        'extend',
        { deadline: 'decision', newDueOn: '2026-02-28', reason: 'Fictional.' },
        'newDueOn',
      );
      expect(after.deadlines.find((d: { key: string }) => d.key === 'decision')).toMatchObject({ dueOn: '2026-02-28', extensions: [] });
    });

    it('extend an unknown deadline', async () => {
      await expectRefused(cspChair, reviews.decision, 'extend', { deadline: 'no-such-deadline', newDueOn: '2026-03-31', reason: 'Fictional.' }, 'deadline');
    });

    it('appoint-chair with a user who is not an independent chair', async () => {
      const { after } = await expectRefused(manager, reviews['set-up'], 'appoint-chair', { userId: panel.id, appointedOn: TODAY }, 'userId');
      expect(after.chair).toMatchObject({ userId: chair.id });
    });
  });

  describe('unknown actions and reviews are a 404', () => {
    it('an unknown action name lists the actions', async () => {
      const res = await api.action(cspChair, reviews.decision, 'fly', {});
      const problem = expectProblem(res, 404, 'not-found');
      for (const name of ALL_ACTIONS) expect(problem.detail).toContain(name);
      expect(problem.detail).toContain('fly');
    });

    it('an unknown review id', async () => {
      const id = randomUUID();
      expectProblem(await api.get(manager, `/api/reviews/${id}`), 404, 'not-found');
      expectProblem(await api.action(cspChair, id, 'decide', { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional.' }), 404, 'not-found');
    });

    it('an id that is not a uuid', async () => {
      expectProblem(await api.get(manager, '/api/reviews/not-a-uuid'), 404, 'not-found');
      expectProblem(await api.action(cspChair, 'not-a-uuid', 'decide', { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional.' }), 404, 'not-found');
    });
  });

  describe('roles', () => {
    it('a CSP manager may see a review but not decide: 403 naming the CSP chair', async () => {
      const before = await read(reviews.decision);
      const res = await api.action(manager, reviews.decision, 'decide', { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional.' });
      const problem = expectProblem(res, 403, 'not-allowed');
      expect(problem.detail).toContain('CSP chair');
      expect(problem.allowedRoles).toEqual(['csp-chair']);
      expect((await read(reviews.decision)).version).toBe(before.version);
    });

    it('an independent chair not appointed to a review cannot see it, nor act on it', async () => {
      const id = reviews['set-up'];
      expectProblem(await api.get(otherChair, `/api/reviews/${id}`), 404, 'not-found');
      expectProblem(await api.action(otherChair, id, 'add-panel-member', { userId: panel.id, agency: 'cheshire-police' }), 404, 'not-found');
      expect((await api.get(chair, `/api/reviews/${id}`).expect(200)).body.id).toBe(id);
      expect((await read(id)).panel).toEqual([]);
    });

    it('a board member cannot see a review before sign-off', async () => {
      expectProblem(await api.get(board, `/api/reviews/${reviews.decision}`), 404, 'not-found');
      expect((await api.get(board, `/api/reviews/${reviews['home-office-qa']}`).expect(200)).body.stage).toBe('home-office-qa');
    });

    it('a board member may not log a notification', async () => {
      const count = await total();
      const problem = expectProblem(await api.post(board, '/api/reviews', notification()), 403, 'not-allowed');
      expect(problem.detail).toMatch(/CSP manager|CSP chair/);
      expect(await total()).toBe(count);
    });
  });

  describe('malformed JSON', () => {
    const raw = (user: TestUser, path: string) =>
      api.http().post(path).set('Authorization', `Bearer ${user.token}`).set('Content-Type', 'application/json').send('{"outcome": "hold", ');

    it('on an action is a 400 problem, not a 500', async () => {
      const before = await read(reviews.decision);
      const res = await raw(cspChair, `/api/reviews/${reviews.decision}/actions/decide`);
      expectProblem(res, 400, 'invalid-input');
      expect((await read(reviews.decision)).version).toBe(before.version);
    });

    it('on a notification is a 400 problem, not a 500', async () => {
      const count = await total();
      expectProblem(await raw(manager, '/api/reviews'), 400, 'invalid-input');
      expect(await total()).toBe(count);
    });

    it('a JSON array as an action body is a 400, not a 500', async () => {
      const res = await api.action(cspChair, reviews.decision, 'decide', [] as unknown as object);
      expect(res.status).toBe(400);
      expectProblem(res, 400, 'invalid-input');
    });
  });
});
