import { uploadReport } from './support/scenarios';
import { notification, TestApi, TestUser } from './support/test-app';

type Deadline = { key: string; dueOn: string; originalDueOn: string; status: string; completedOn: string | null; pausedDays: number; extensions: unknown[] };
const deadline = (review: { deadlines: Deadline[] }, key: string) => {
  const found = review.deadlines.find((d) => d.key === key || d.key.startsWith(`${key}:`));
  if (!found) throw new Error(`no deadline ${key} in ${JSON.stringify(review.deadlines.map((d) => d.key))}`);
  return found;
};

describe('A Domestic Homicide Review from notification to closed', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, panel: TestUser, board: TestUser, admin: TestUser;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-02' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    panel = await api.user(['panel-member'], 'cheshire-police');
    // One member signs for each board in these journeys; quorum has tests of its own.
    board = await api.boardMember();
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
  });
  afterAll(() => api.stop());

  it('runs every statutory stage with its clocks, one pause, one extension and one QA resubmission', async () => {
    const act = async (user: TestUser, id: string, action: string, body: object, today?: string) => {
      if (today) api.clock.setDate(today);
      const res = await api.action(user, id, action, body);
      if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };

    // 1. Notification: the decision is due one calendar month later; 31 January → 28 February.
    const created = await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31' })).expect(201);
    let review = created.body;
    const id = review.id as string;
    expect(created.headers.location).toBe(`/api/reviews/${id}`);
    expect(review).toMatchObject({
      reference: 'DHR-2026-001',
      type: 'DHR',
      ruleset: 'dhr-2016-v4',
      stage: 'decision',
      status: 'open',
      version: 1,
      notifiedOn: '2026-01-31',
    });
    expect(deadline(review, 'decision')).toMatchObject({ dueOn: '2026-02-28', originalDueOn: '2026-02-28', status: 'open', completedOn: null });

    // 2. Decision to hold: the review is due six months after it; the Home Office notice a week after.
    review = await act(
      cspChair,
      id,
      'decide',
      { outcome: 'hold', decidedOn: '2026-02-20', rationale: 'Former partner is the suspect; criteria met.' },
      '2026-02-20',
    );
    expect(review.stage).toBe('set-up');
    expect(review.decision).toEqual({ outcome: 'hold', decidedOn: '2026-02-20', rationale: 'Former partner is the suspect; criteria met.' });
    expect(deadline(review, 'decision')).toMatchObject({ status: 'met', completedOn: '2026-02-20' });
    expect(deadline(review, 'review')).toMatchObject({ dueOn: '2026-08-20', originalDueOn: '2026-08-20', status: 'open' });
    expect(deadline(review, 'home-office-notice')).toMatchObject({ dueOn: '2026-02-27', status: 'open' });

    review = await act(manager, id, 'record-home-office-notice', { sentOn: '2026-02-24' }, '2026-02-24');
    expect(deadline(review, 'home-office-notice')).toMatchObject({ status: 'met', completedOn: '2026-02-24' });

    // 3. Set-up.
    review = await act(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-25' }, '2026-02-25');
    expect(review.chair).toMatchObject({ userId: chair.id, appointedOn: '2026-02-25' });
    review = await act(chair, id, 'add-panel-member', { userId: panel.id, agency: 'cheshire-police' });
    expect(review.panel).toEqual([expect.objectContaining({ userId: panel.id, agencyName: 'Cheshire Police' })]);
    review = await act(chair, id, 'agree-terms-of-reference', { agreedOn: '2026-03-05' }, '2026-03-05');
    expect(review.stage).toBe('information');

    // 4. Information: a request with its own due date.
    review = await act(chair, id, 'request-information', {
      agency: 'cheshire-police',
      description: 'IMR and chronology from January 2024',
      dueOn: '2026-04-15',
    });
    const request = review.informationRequests[0];
    expect(request).toMatchObject({
      agencyName: 'Cheshire Police',
      description: 'IMR and chronology from January 2024',
      dueOn: '2026-04-15',
      receivedOn: null,
    });
    expect(deadline(review, 'information-request')).toMatchObject({ dueOn: '2026-04-15', status: 'open' });

    // A pause for criminal proceedings: nothing runs while paused...
    review = await act(
      cspChair,
      id,
      'pause',
      { reason: 'Criminal trial listed; witnesses cannot be approached.', startedOn: '2026-03-31', category: 'criminal-proceedings' },
      '2026-03-31',
    );
    expect(review.status).toBe('paused');
    api.clock.setDate('2026-04-20');
    review = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(deadline(review, 'information-request')).toMatchObject({ status: 'paused', dueOn: '2026-04-15' });
    expect(deadline(review, 'review').status).toBe('paused');
    const whilePaused = await api.action(chair, id, 'receive-information', { requestId: request.id, receivedOn: '2026-04-20' }).expect(409);
    expect(whilePaused.body.detail).toMatch(/paused/);
    expect(whilePaused.body.allowedActions).toEqual(expect.arrayContaining(['resume']));

    // ...and on resume every open deadline moves by the 31 paused days (31 March → 1 May).
    review = await act(cspChair, id, 'resume', { on: '2026-05-01' }, '2026-05-01');
    expect(review.status).toBe('open');
    expect(review.pauses).toEqual([
      expect.objectContaining({ category: 'criminal-proceedings', startedOn: '2026-03-31', endedOn: '2026-05-01', pausedDays: 31 }),
    ]);
    expect(deadline(review, 'information-request')).toMatchObject({ dueOn: '2026-05-16', originalDueOn: '2026-04-15', pausedDays: 31, status: 'open' });
    expect(deadline(review, 'review')).toMatchObject({ dueOn: '2026-09-20', originalDueOn: '2026-08-20', pausedDays: 31 });
    expect(deadline(review, 'decision')).toMatchObject({ dueOn: '2026-02-28', completedOn: '2026-02-20' });

    review = await act(chair, id, 'receive-information', { requestId: request.id, receivedOn: '2026-05-10' }, '2026-05-10');
    expect(review.informationRequests[0].receivedOn).toBe('2026-05-10');
    expect(deadline(review, 'information-request')).toMatchObject({ status: 'met', completedOn: '2026-05-10' });
    review = await act(chair, id, 'complete-information', { on: '2026-05-12' }, '2026-05-12');
    expect(review.stage).toBe('drafting');

    // An extension moves one deadline and keeps the original date.
    review = await act(cspChair, id, 'extend', { deadline: 'review', newDueOn: '2026-10-31', reason: 'Family asked for more time to read the draft.' });
    expect(deadline(review, 'review')).toMatchObject({ dueOn: '2026-10-31', originalDueOn: '2026-08-20', status: 'open' });
    expect(deadline(review, 'review').extensions).toEqual([expect.objectContaining({ fromDueOn: '2026-09-20', toDueOn: '2026-10-31' })]);

    // 5-6. Drafting, then sign-off by both boards before submission.
    await uploadReport(api, chair, id);
    review = await act(chair, id, 'complete-draft', { on: '2026-06-01' }, '2026-06-01');
    expect(review.stage).toBe('sign-off');
    const early = await api.action(manager, id, 'submit-to-home-office', { submittedOn: '2026-06-01' }).expect(409);
    expect(early.body.waitingFor).toEqual(['csp', 'dab']);
    review = await act(board, id, 'sign-off', { decision: 'approve', board: 'csp', on: '2026-06-10' }, '2026-06-10');
    const halfway = await api.action(manager, id, 'submit-to-home-office', { submittedOn: '2026-06-10' }).expect(409);
    expect(halfway.body.waitingFor).toEqual(['dab']);
    review = await act(board, id, 'sign-off', { decision: 'approve', board: 'dab', on: '2026-06-12' }, '2026-06-12');
    expect(review.signOffs.map((s: { board: string }) => s.board)).toEqual(['csp', 'dab']);

    // 7. Home Office QA: submission meets the review deadline; a resubmit goes back to drafting.
    review = await act(manager, id, 'submit-to-home-office', { submittedOn: '2026-06-15' }, '2026-06-15');
    expect(review.stage).toBe('home-office-qa');
    expect(deadline(review, 'review')).toMatchObject({ status: 'met', completedOn: '2026-06-15' });
    review = await act(manager, id, 'record-qa-outcome', { outcome: 'resubmit', receivedOn: '2026-08-01' }, '2026-08-01');
    expect(review.stage).toBe('drafting');
    expect(review.signOffs).toEqual([]);

    review = await act(chair, id, 'complete-draft', { on: '2026-08-20' }, '2026-08-20');
    await api.action(manager, id, 'submit-to-home-office', { submittedOn: '2026-08-20' }).expect(409);
    review = await act(board, id, 'sign-off', { decision: 'approve', board: 'csp', on: '2026-08-25' }, '2026-08-25');
    review = await act(board, id, 'sign-off', { decision: 'approve', board: 'dab', on: '2026-08-25' });
    review = await act(manager, id, 'submit-to-home-office', { submittedOn: '2026-09-01' }, '2026-09-01');
    review = await act(manager, id, 'record-qa-outcome', { outcome: 'approved', receivedOn: '2026-10-01' }, '2026-10-01');
    expect(review.stage).toBe('publication');

    // 8-10. Publication, monitoring, closed.
    // The report is completed: a copy to the Domestic Abuse Commissioner is due (DVCVA 2004 s.9(3B)-(3C)).
    expect(deadline(review, 'commissioner-copy')).toMatchObject({ dueOn: '2026-10-08', status: 'open' });
    review = await act(manager, id, 'record-commissioner-copy', { sentOn: '2026-10-05' }, '2026-10-05');
    expect(deadline(review, 'commissioner-copy')).toMatchObject({ completedOn: '2026-10-05', status: 'met' });
    // The family is told before publication (2016 guidance): publication waits for it.
    review = await act(manager, id, 'record-family-told-of-publication', { toldOn: '2026-10-19' }, '2026-10-19');
    review = await act(
      manager,
      id,
      'publish',
      { publishedOn: '2026-10-20', url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true },
      '2026-10-20',
    );
    expect(review.stage).toBe('monitoring');
    review = await act(manager, id, 'close', { on: '2026-11-01' }, '2026-11-01');
    expect(review).toMatchObject({ stage: 'closed', status: 'closed' });
    expect(review.stages.every((s: { status: string }) => s.status === 'completed')).toBe(true);
    expect(review.availableActions).toEqual([]);
    expect(review.history.map((h: { action: string }) => h.action)).toEqual([
      'notification',
      'decide',
      'record-home-office-notice',
      'appoint-chair',
      'add-panel-member',
      'agree-terms-of-reference',
      'request-information',
      'pause',
      'resume',
      'receive-information',
      'complete-information',
      'extend',
      'complete-draft',
      'sign-off',
      'sign-off',
      'submit-to-home-office',
      'record-qa-outcome',
      'complete-draft',
      'sign-off',
      'sign-off',
      'submit-to-home-office',
      'record-qa-outcome',
      'record-commissioner-copy',
      'record-family-told-of-publication',
      'publish',
      'close',
    ]);

    // Every change and every read is in the audit trail, and the chain verifies.
    const trail = (await api.get(manager, `/api/reviews/${id}/audit?pageSize=100`).expect(200)).body;
    const actions = trail.items.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('review.created');
    expect(actions.filter((a: string) => a.startsWith('review.action.'))).toHaveLength(25);
    expect(actions).toContain('review.viewed');
    const verified = (await api.get(admin, '/api/audit/verify').expect(200)).body;
    expect(verified).toMatchObject({ ok: true, firstBrokenSeq: null });
    expect(verified.entries).toBeGreaterThan(25);
  });

  it('closes a review that is not held, with the Home Office notice still due', async () => {
    api.clock.setDate('2026-03-10');
    let review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-09', dateOfDeath: '2026-03-01' })).expect(201)).body;
    expect(review.reference).toMatch(/^DHR-2026-\d{3}$/);
    review = (
      await api
        .action(cspChair, review.id, 'decide', { outcome: 'not-held', decidedOn: '2026-03-10', rationale: 'The death was not caused by abuse.' })
        .expect(200)
    ).body;
    expect(review).toMatchObject({ stage: 'closed', status: 'closed' });
    expect(review.deadlines.map((d: Deadline) => d.key)).toEqual(['decision', 'home-office-notice']);
    expect(deadline(review, 'home-office-notice')).toMatchObject({ dueOn: '2026-03-17', status: 'open' });
    expect(review.stages.find((s: { key: string }) => s.key === 'set-up').status).toBe('not-needed');
    // The notice is still owed: recorded as sent, or as not sent with a reason.
    expect(review.outstandingDeadlines).toEqual([{ key: 'home-office-notice', label: 'Tell the Home Office of the decision', dueOn: '2026-03-17' }]);
    expect(review.availableActions).toEqual(['record-home-office-notice', 'record-notice-not-sent']);

    const refused = await api.action(manager, review.id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-03-10' }).expect(409);
    expect(refused.body).toMatchObject({ currentStage: 'closed', allowedActions: ['record-home-office-notice', 'record-notice-not-sent'] });

    api.clock.setDate('2026-03-12');
    review = (await api.action(manager, review.id, 'record-home-office-notice', { sentOn: '2026-03-12' }).expect(200)).body;
    expect(deadline(review, 'home-office-notice')).toMatchObject({ status: 'met', completedOn: '2026-03-12' });
    const again = await api.action(manager, review.id, 'record-home-office-notice', { sentOn: '2026-03-12' }).expect(409);
    expect(again.body.detail).toMatch(/already recorded/);
  });

  it('marks a deadline missed when its stage completes late, and lists overdue reviews', async () => {
    api.clock.setDate('2026-04-01');
    const late = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-31', dateOfDeath: '2026-03-30' })).expect(201)).body;
    // 31 March + 1 month = 30 April (April has no 31st).
    expect(deadline(late, 'decision').dueOn).toBe('2026-04-30');
    api.clock.setDate('2026-05-04');
    const listed = (await api.get(manager, '/api/reviews?overdue=true&stage=decision').expect(200)).body;
    expect(listed.items.map((r: { id: string }) => r.id)).toEqual([late.id]);
    expect(listed).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    const missed = (await api.get(manager, `/api/deadlines?status=missed&reviewId=${late.id}`).expect(200)).body;
    expect(missed.items).toEqual([
      expect.objectContaining({ key: 'decision', status: 'missed', overdue: true, daysRemaining: -4, review: expect.objectContaining({ id: late.id }) }),
    ]);

    const decided = (await api.action(cspChair, late.id, 'decide', { outcome: 'hold', decidedOn: '2026-05-04', rationale: 'Held, late.' }).expect(200)).body;
    expect(deadline(decided, 'decision')).toMatchObject({ status: 'missed', completedOn: '2026-05-04', overdue: false });
    const notOverdue = (await api.get(manager, '/api/reviews?overdue=true&stage=decision').expect(200)).body;
    expect(notOverdue.total).toBe(0);
  });

  it('warns when the criteria are not met, and holds the review only once the warning is acknowledged', async () => {
    api.clock.setDate('2026-03-10');
    const review = (
      await api
        .post(
          manager,
          '/api/reviews',
          notification({ notifiedOn: '2026-03-09', dateOfDeath: '2026-03-01', victim: { pseudonym: 'Young Person B', ageAtDeath: 15, sex: 'female' } }),
        )
        .expect(201)
    ).body;
    expect(review.criteriaWarnings).toEqual([{ key: 'victim-16-or-over', warning: expect.stringMatching(/^The victim was under 16/) }]);
    const decide = { outcome: 'hold', decidedOn: '2026-03-10', rationale: 'Held: the suspect is a former partner of the victim.' };
    const refused = await api.action(cspChair, review.id, 'decide', decide).expect(409);
    expect(refused.body.warnings).toEqual([{ key: 'victim-16-or-over', warning: expect.any(String) }]);
    expect(refused.body.detail).toMatch(/acknowledgedWarnings: \["victim-16-or-over"\]/);
    const stray = await api.action(cspChair, review.id, 'decide', { ...decide, acknowledgedWarnings: ['weapon-involved'] }).expect(400);
    expect(stray.body.errors).toEqual([{ field: 'acknowledgedWarnings', message: 'weapon-involved is not a warning of this review' }]);
    const held = (await api.action(cspChair, review.id, 'decide', { ...decide, acknowledgedWarnings: ['victim-16-or-over'] }).expect(200)).body;
    expect(held.stage).toBe('set-up');
    const trail = (await api.get(manager, `/api/reviews/${review.id}/audit`).expect(200)).body.items;
    expect(trail.find((e: { action: string }) => e.action === 'review.action.decide').changes.details).toEqual({
      outcome: 'hold',
      acknowledgedWarnings: ['victim-16-or-over'],
    });
    // A decision not to hold needs no acknowledgement.
    const other = (
      await api
        .post(
          manager,
          '/api/reviews',
          notification({ notifiedOn: '2026-03-09', dateOfDeath: '2026-03-01', victim: { pseudonym: 'Young Person C', ageAtDeath: 14, sex: 'male' } }),
        )
        .expect(201)
    ).body;
    await api
      .action(cspChair, other.id, 'decide', {
        outcome: 'not-held',
        decidedOn: '2026-03-10',
        rationale: 'A Child Safeguarding Practice Review will be held instead.',
      })
      .expect(200);
  });
});

describe('An action answered briefly (Prefer: return=minimal)', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-02' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
  });
  afterAll(() => api.stop());

  it('does the whole action, audit entry included, and answers with only the new stage and version', async () => {
    const id = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31' })).expect(201)).body.id as string;
    const res = await api
      .http()
      .post(`/api/reviews/${id}/actions/decide`)
      .set('Authorization', `Bearer ${cspChair.token}`)
      .set('Prefer', 'handling=lenient, return=minimal')
      .send({ outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Criteria met (fictional).' })
      .expect(200);
    expect(res.body).toEqual({ id, reference: expect.stringMatching(/^DHR-2026-\d+$/), stage: 'set-up', status: 'open', version: 2 });
    expect(res.headers['preference-applied']).toBe('return=minimal');
    expect(res.headers.etag).toBe('"2"');
    // The same change as without the preference: the review moved on and the trail records it.
    const review = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(review).toMatchObject({ stage: 'set-up', version: 2, decision: { outcome: 'hold' } });
    const trail = (await api.get(manager, `/api/reviews/${id}/audit`).expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(trail).toContain('review.action.decide');
    // Without it, the whole review comes back as before.
    const other = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31' })).expect(201)).body.id as string;
    const full = await api.action(cspChair, other, 'decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Criteria met (fictional).' }).expect(200);
    expect(full.headers['preference-applied']).toBeUndefined();
    expect(full.body).toMatchObject({ id: other, type: 'DHR', stage: 'set-up', availableActions: expect.any(Array), deadlines: expect.any(Array) });
  });
});
