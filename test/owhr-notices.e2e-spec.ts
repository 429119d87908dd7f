import { uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/**
 * An OWHR's notices to the Secretary of State as PCSCA 2022 s.27 sets them, when its decision can
 * be reversed (before the review begins) and when it must be discontinued instead, the statutory
 * pilot (SI 2023/227), and what s.28 asks of the report as it goes. Every person and death is fictional.
 */

type Deadline = { key: string; dueOn: string; status: string; completedOn: string | null };
type Review = {
  id: string;
  stage: string;
  status: string;
  deadlines: Deadline[];
  notices: { kind: string; outcome: string; deadline: string; dueOn: string; sentOn: string }[];
  availableActions: string[];
  [k: string]: unknown;
};
const keys = (review: Review) => review.deadlines.map((d) => d.key);
const deadline = (review: Review, key: string) => {
  const found = review.deadlines.find((d) => d.key === key);
  if (!found) throw new Error(`no deadline ${key} in ${JSON.stringify(keys(review))}`);
  return found;
};

const owhr = (notifiedOn: string, dateOfDeath: string, pseudonym = 'Adult K') =>
  notification({
    type: 'OWHR',
    notifiedOn,
    dateOfDeath,
    victim: { pseudonym, ageAtDeath: 27, sex: 'male' },
    offensiveWeaponInvolved: true,
    suspectRelationship: 'stranger',
    placeOfDeath: 'A car park by the station',
  });

/** What PCSCA 2022 s.28 asks the partners to confirm as the report goes to the Secretary of State. */
const s28 = {
  recommendationOwnersInformed: true,
  exclusionsConsidered: true,
  exclusionsNote: 'The name of a witness and the detail of an open investigation were left out at the police partner’s request.',
};

describe('OWHR notices and report duties (PCSCA 2022 ss.27-28)', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, police: TestUser, council: TestUser, icb: TestUser;

  const act = async (user: TestUser, id: string, action: string, body: object, today?: string): Promise<Review> => {
    if (today) api.clock.setDate(today);
    const res = await api.action(user, id, action, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const open = async (body: object, today: string): Promise<Review> => {
    api.clock.setDate(today);
    const res = await api.post(manager, '/api/reviews', body);
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const decide = (id: string, outcome: string, decidedOn: string) =>
    act(cspChair, id, 'decide', { outcome, decidedOn, rationale: 'Two partners held relevant information.' }, decidedOn);
  const audit = async (id: string, action: string) =>
    (await api.get(manager, `/api/reviews/${id}/audit?pageSize=100`).expect(200)).body.items.filter((e: { action: string }) => e.action === action);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2024-02-01' });
    const admin = await api.admin();
    await api.http().put('/api/admin/review-types/OWHR').set('Authorization', `Bearer ${admin.token}`).send({ enabled: true }).expect(200);
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    police = await api.user(['review-partner'], 'cheshire-police');
    council = await api.user(['review-partner'], 'halton-borough-council');
    icb = await api.user(['review-partner'], 'nhs-cheshire-and-merseyside');
  });
  afterAll(() => api.stop());

  it('counts the first notice as "the period of one month beginning with" the day of awareness (s.27(8))', async () => {
    // Aware 31 January 2024: there is no 31 February, so the month's last day, in a leap year the 29th.
    const leap = await open(owhr('2024-01-31', '2024-01-29'), '2024-02-01');
    expect(deadline(leap, 'sos-notice')).toMatchObject({ dueOn: '2024-02-29', status: 'open' });
    // Aware 10 March: the period counts the 10th itself, so it ends on 9 April.
    const march = await open(owhr('2024-03-10', '2024-03-09', 'Adult L'), '2024-03-11');
    expect(deadline(march, 'sos-notice')).toMatchObject({ dueOn: '2024-04-09', status: 'open' });
  });

  it('owes no further decision notice when the decision comes while the first notice is outstanding: the first notice reports it', async () => {
    let review = await open(owhr('2024-04-02', '2024-04-01', 'Adult M'), '2024-04-02');
    review = await decide(review.id, 'under-a-duty', '2024-04-12');
    expect(review.stage).toBe('set-up');
    expect(keys(review)).toEqual(expect.arrayContaining(['sos-notice', 'review']));
    expect(keys(review)).not.toContain('sos-decision-notice');
    expect((await audit(review.id, 'review.action.decide'))[0].changes.details).toMatchObject({ noticesNotOwed: ['sos-decision-notice'] });

    review = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2024-04-15' }, '2024-04-15');
    expect(review.notices).toEqual([{ kind: 'initial', outcome: 'under-a-duty', deadline: 'sos-notice', dueOn: '2024-05-01', sentOn: '2024-04-15' }]);
    const nothingDue = await api.action(manager, review.id, 'notify-secretary-of-state', { sentOn: '2024-04-15' }).expect(409);
    expect(nothingDue.body.detail).toBe('No notice to the Secretary of State is due for this review.');
  });

  it('owes no reversal notice when the decision changes before any notice reported it: the first notice reports the decision as it now is', async () => {
    let review = await open(owhr('2024-04-03', '2024-04-01', 'Adult Q'), '2024-04-03');
    review = await decide(review.id, 'under-a-duty', '2024-04-10');
    review = await act(
      cspChair,
      review.id,
      'reverse-decision',
      { outcome: 'not-under-a-duty', decidedOn: '2024-04-11', rationale: 'The weapon turned out not to be involved.' },
      '2024-04-11',
    );
    expect(keys(review)).not.toContain('sos-reversal-notice');
    expect((await audit(review.id, 'review.action.reverse-decision'))[0].changes.details).toMatchObject({ noticesNotOwed: ['sos-reversal-notice'] });
    review = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2024-04-12' }, '2024-04-12');
    expect(review.notices).toEqual([expect.objectContaining({ kind: 'initial', outcome: 'not-under-a-duty', sentOn: '2024-04-12' })]);
  });

  it('owes the decision notice after a "not able to decide" notice (s.27(3)), and the next notice meets it', async () => {
    let review = await open(owhr('2024-05-07', '2024-05-05', 'Adult N'), '2024-05-07');
    review = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2024-05-20' }, '2024-05-20');
    expect(review.notices).toEqual([expect.objectContaining({ kind: 'initial', outcome: 'not-yet-decided', sentOn: '2024-05-20' })]);
    review = await decide(review.id, 'not-under-a-duty', '2024-06-03');
    expect(deadline(review, 'sos-decision-notice')).toMatchObject({ dueOn: '2024-07-03', status: 'open' });
    review = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2024-06-10' }, '2024-06-10');
    expect(review.notices[1]).toEqual({
      kind: 'decision',
      outcome: 'not-under-a-duty',
      deadline: 'sos-decision-notice',
      dueOn: '2024-07-03',
      sentOn: '2024-06-10',
    });
    expect(deadline(review, 'sos-decision-notice')).toMatchObject({ status: 'met', completedOn: '2024-06-10' });
  });

  it('owes the decision notice from the decision date when a "not yet decided" notice sent before it is recorded after it', async () => {
    let review = await open(owhr('2024-07-01', '2024-06-30', 'Adult O'), '2024-07-01');
    review = await decide(review.id, 'under-a-duty', '2024-07-20');
    expect(keys(review)).not.toContain('sos-decision-notice');
    // The letter went on 15 July, before the decision, and said no decision was taken yet.
    review = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2024-07-15' }, '2024-07-22');
    expect(review.notices).toEqual([expect.objectContaining({ kind: 'initial', outcome: 'not-yet-decided', sentOn: '2024-07-15' })]);
    expect(deadline(review, 'sos-decision-notice')).toMatchObject({ dueOn: '2024-08-20', status: 'open' });
    expect((await audit(review.id, 'review.action.notify-secretary-of-state'))[0].changes.details).toMatchObject({
      noticesNowDue: ['sos-decision-notice'],
    });
    review = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2024-07-23' }, '2024-07-23');
    expect(review.notices[1]).toMatchObject({ kind: 'decision', outcome: 'under-a-duty', sentOn: '2024-07-23' });
    expect(deadline(review, 'sos-decision-notice')).toMatchObject({ status: 'met' });
  });

  it('reverses a decision before the review begins (s.27(4), (6)); once the terms of reference are agreed, refuses and points to discontinuance (s.24(3), s.27(5))', async () => {
    let review = await open(owhr('2024-08-05', '2024-08-03', 'Adult P'), '2024-08-05');
    const id = review.id;
    review = await decide(id, 'under-a-duty', '2024-08-09');
    review = await act(manager, id, 'notify-secretary-of-state', { sentOn: '2024-08-10' }, '2024-08-10');
    expect(review.notices).toEqual([expect.objectContaining({ kind: 'initial', outcome: 'under-a-duty' })]);
    // At set-up the review has not begun: the reversal is recorded and, the Secretary of State having been told of a duty, its own notice falls due.
    review = await act(
      cspChair,
      id,
      'reverse-decision',
      { outcome: 'not-under-a-duty', decidedOn: '2024-08-12', rationale: 'The weapon turned out not to be involved.' },
      '2024-08-12',
    );
    expect(review).toMatchObject({ stage: 'closed', status: 'closed' });
    expect(deadline(review, 'sos-reversal-notice')).toMatchObject({ dueOn: '2024-09-12', status: 'open' });
    // A "not under a duty" decision reversed from closed reopens the review at set-up.
    review = await act(
      cspChair,
      id,
      'reverse-decision',
      { outcome: 'under-a-duty', decidedOn: '2024-08-14', rationale: 'A second weapon was found.' },
      '2024-08-14',
    );
    expect(review).toMatchObject({ stage: 'set-up', status: 'open' });

    await act(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2024-08-15' }, '2024-08-15');
    review = await act(chair, id, 'agree-terms-of-reference', { agreedOn: '2024-08-20' }, '2024-08-20');
    expect(review.stage).toBe('information');
    const chairView = (await api.get(cspChair, `/api/reviews/${id}`).expect(200)).body as Review;
    expect(chairView.availableActions).toContain('discontinue');
    expect(chairView.availableActions).not.toContain('reverse-decision');

    api.clock.setDate('2024-08-22');
    const refused = await api
      .action(cspChair, id, 'reverse-decision', { outcome: 'not-under-a-duty', decidedOn: '2024-08-22', rationale: 'The conditions are not met.' })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'guard-failed', guard: 'before-review-begins', reviewBeganAt: 'information' });
    expect(refused.body.detail).toContain('PCSCA 2022 s.27(4)');
    expect(refused.body.detail).toContain('discontinue it instead');
    expect((await api.get(manager, `/api/reviews/${id}`).expect(200)).body).toMatchObject({ stage: 'information', decision: { outcome: 'under-a-duty' } });

    // Discontinuing is the way: the review ends and its own notice falls due.
    review = await act(cspChair, id, 'discontinue', { on: '2024-08-22', reason: 'The conditions of s.24 are found not to be met.' });
    expect(review).toMatchObject({ stage: 'discontinued', status: 'closed' });
    expect(deadline(review, 'sos-discontinuance-notice')).toMatchObject({ dueOn: '2024-09-22', status: 'open' });
    expect(deadline(review, 'review')).toMatchObject({ status: 'cancelled' });
  });

  it('marks a death outside the statutory pilot with a warning, and GET /api/rulesets carries the pilot', async () => {
    const rulesets = (await api.get(manager, '/api/rulesets').expect(200)).body as { key: string; pilot?: object }[];
    expect(rulesets.find((r) => r.key === 'owhr-2023-v4')?.pilot).toEqual({
      deathsFrom: '2023-04-01',
      deathsTo: '2023-12-31',
      areas: expect.arrayContaining(['South Wales', 'London Borough of Barnet', 'Birmingham', 'Coventry']),
      source: [expect.objectContaining({ kind: 'regulations', cite: expect.stringContaining('SI 2023/227') })],
    });
    const inside = await open(owhr('2023-10-02', '2023-09-30', 'Adult Q'), '2024-09-02');
    expect(inside.pilotWarnings).toEqual([]);
    const outside = await open(owhr('2024-09-02', '2024-09-01', 'Adult R'), '2024-09-02');
    expect(outside.pilotWarnings).toEqual([{ key: 'death-outside-pilot', warning: expect.stringContaining('outside the statutory pilot (SI 2023/227') }]);
    // A warning, not a block, and nothing to acknowledge: the decision goes ahead.
    expect((await decide(outside.id, 'under-a-duty', '2024-09-03')).stage).toBe('set-up');
  });

  describe('the report to the Secretary of State (s.28)', () => {
    let id: string;

    beforeAll(async () => {
      const review = await open(owhr('2024-10-01', '2024-09-29', 'Adult S'), '2024-10-01');
      id = review.id;
      await decide(id, 'under-a-duty', '2024-10-04');
      await act(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2024-10-07' }, '2024-10-07');
      await act(manager, id, 'add-review-partner', { partner: 'police', userId: police.id });
      await act(manager, id, 'add-review-partner', { partner: 'local-authority', userId: council.id });
      await act(manager, id, 'add-review-partner', { partner: 'integrated-care-board', userId: icb.id });
      await act(chair, id, 'agree-terms-of-reference', { agreedOn: '2024-10-14' }, '2024-10-14');
      await act(chair, id, 'complete-information', { on: '2025-01-10' }, '2025-01-10');
      await uploadReport(api, chair, id);
      await act(chair, id, 'complete-draft', { on: '2025-03-03' }, '2025-03-03');
      await act(police, id, 'partner-sign-off', { decision: 'approve', partner: 'police', on: '2025-03-10' }, '2025-03-10');
      await act(council, id, 'partner-sign-off', { decision: 'approve', partner: 'local-authority', on: '2025-03-10' });
      await act(icb, id, 'partner-sign-off', { decision: 'approve', partner: 'integrated-care-board', on: '2025-03-11' }, '2025-03-11');
      api.clock.setDate('2025-03-12');
    });

    it('refuses the submission without the confirmations, naming each field', async () => {
      const bare = await api.action(manager, id, 'submit-to-secretary-of-state', { submittedOn: '2025-03-12' }).expect(400);
      expect(bare.body.code).toBe('invalid-input');
      expect(bare.body.errors).toEqual([
        { field: 'recommendationOwnersInformed', message: 'is required' },
        { field: 'exclusionsConsidered', message: 'is required' },
        { field: 'exclusionsNote', message: 'is required' },
      ]);
      const notInformed = await api
        .action(manager, id, 'submit-to-secretary-of-state', { submittedOn: '2025-03-12', ...s28, recommendationOwnersInformed: false })
        .expect(400);
      expect(notInformed.body.errors).toEqual([{ field: 'recommendationOwnersInformed', message: expect.stringContaining('s.28(3)') }]);
      const notConsidered = await api
        .action(manager, id, 'submit-to-secretary-of-state', { submittedOn: '2025-03-12', ...s28, exclusionsConsidered: false, exclusionsNote: ' ' })
        .expect(400);
      expect(notConsidered.body.errors.map((e: { field: string }) => e.field)).toEqual(['exclusionsConsidered', 'exclusionsNote']);
      expect(notConsidered.body.errors[0].message).toContain('s.28(6)');
      expect((await api.get(manager, `/api/reviews/${id}`).expect(200)).body).toMatchObject({ stage: 'sign-off', reportDuties: null });
    });

    it('records them from the web form, in the audit entry, and shows them on the review page', async () => {
      const web = new WebClient(api);
      await web.signIn(manager.email, PASSWORD, `/reviews/${id}`);
      const page = await web.get(`/reviews/${id}`);
      expect(page.text).toContain('name="recommendationOwnersInformed"');
      expect(page.text).toContain('name="exclusionsConsidered"');
      expect(page.text).toContain('name="exclusionsNote"');
      const date = { 'submittedOn-day': '12', 'submittedOn-month': '3', 'submittedOn-year': '2025' };

      const no = await web.post(`/reviews/${id}/actions/submit-to-secretary-of-state`, {
        ...date,
        recommendationOwnersInformed: 'no',
        exclusionsConsidered: 'yes',
        exclusionsNote: s28.exclusionsNote,
      });
      expect(no.status).toBe(400);
      expect(pageText(no.text)).toContain('must be true: inform those expected to act on a recommendation before the report goes (PCSCA 2022 s.28(3))');
      expect((await api.get(manager, `/api/reviews/${id}`).expect(200)).body.stage).toBe('sign-off');

      await web.get(`/reviews/${id}`);
      const sent = await web.post(`/reviews/${id}/actions/submit-to-secretary-of-state`, {
        ...date,
        recommendationOwnersInformed: 'yes',
        exclusionsConsidered: 'yes',
        exclusionsNote: s28.exclusionsNote,
      });
      expect(sent.status).toBe(303);

      const review = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
      expect(review).toMatchObject({ stage: 'secretary-of-state', reportDuties: { submittedOn: '2025-03-12', ...s28 } });
      const [entry] = await audit(id, 'review.action.submit-to-secretary-of-state');
      expect(entry.changes.details.reportDuties).toEqual(s28);
      const shown = pageText((await web.get(`/reviews/${id}`)).text);
      expect(shown).toContain('Report to the Secretary of State');
      expect(shown).toContain('Those expected to act on a recommendation informed (PCSCA 2022 s.28(3)) Yes');
      expect(shown).toContain(s28.exclusionsNote);
    });
  });
});
