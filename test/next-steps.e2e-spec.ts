import { actOn, uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/**
 * What happens next (issue 16.5): for each open review, the review page, My work and the API say
 * the step that takes it on, who holds it and by when, instead of "nothing for you to do". A DHR
 * is walked through its stages and read at each. All people and cases are fictional.
 */
type NextStep = {
  reviewId: string;
  reference: string;
  stage: string;
  text: string;
  action: string | null;
  heldBy: { role: string; roleName: string; names: string[] }[];
  dueOn: string | null;
  overdue: boolean;
  blockedBy: { guard: string; detail: string } | null;
  yours: boolean;
};

describe('What happens next on a review', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, police: TestUser, cspBoard: TestUser, dabBoard: TestUser;
  let id: string;
  let reference: string;

  const nextStep = async (user: TestUser, reviewId = id): Promise<NextStep> => (await api.get(user, `/api/reviews/${reviewId}/next-step`).expect(200)).body;
  const web = async (user: TestUser) => {
    const client = new WebClient(api);
    await client.signIn(user.email, PASSWORD);
    return client;
  };
  /** The review page's "What happens next" box, as read. */
  const pageStep = async (user: TestUser) => {
    const html = (await (await web(user)).get(`/reviews/${id}`)).text;
    return pageText(/<div class="govuk-inset-text" id="next-step">[\s\S]*?<\/div>/.exec(html)?.[0] ?? '');
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-11-20' });
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    police = await api.user(['panel-member'], 'cheshire-police', 'Pat Panel');
    cspBoard = await api.boardMember(['csp'], 'Ash Board');
    dabBoard = await api.boardMember(['dab'], 'Blair Board');
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
    const created = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-11-20' })).expect(201)).body;
    id = created.id;
    reference = created.reference;
  });
  afterAll(() => api.stop());

  it('at the decision: waiting for the CSP chair to decide, due a month from the notification; the page and My work say so too', async () => {
    const step = await nextStep(manager);
    expect(step).toMatchObject({
      reviewId: id,
      stage: 'decision',
      action: 'decide',
      dueOn: '2026-12-20',
      overdue: false,
      blockedBy: null,
      yours: false,
      heldBy: [{ role: 'csp-chair', roleName: 'the CSP chair', names: ['Casey Chair'] }],
    });
    expect(step.text).toBe('Waiting for the CSP chair (Casey Chair) to record the decision whether to hold a review, due 20 December 2026.');
    expect((await nextStep(cspChair)).yours).toBe(true);

    expect(await pageStep(manager)).toContain(
      'What happens next Waiting for the CSP chair (Casey Chair) to record the decision whether to hold a review, due 20 December 2026.',
    );
    // The chair's own page says it is theirs, and the manager's, with no form, no longer says "nothing for you to do" alone.
    expect(await pageStep(cspChair)).toContain('This is yours to do');
    const managerPage = pageText((await (await web(manager)).get(`/reviews/${id}`)).text);
    expect(managerPage).not.toContain('There is nothing for you to do');

    const myWork = pageText((await (await web(manager)).get('/my-work')).text);
    expect(myWork).toContain('What happens next on your open reviews');
    expect(myWork).toContain(
      `${reference} Decision Waiting for the CSP chair (Casey Chair) to record the decision whether to hold a review, due 20 December 2026.`,
    );

    const listed = (await api.get(manager, '/api/reviews/next-steps').expect(200)).body;
    expect(listed).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(listed.items[0]).toMatchObject({ reviewId: id, text: step.text });
  });

  it('past its due date, the step reads overdue', async () => {
    api.clock.setDate('2026-12-22');
    const step = await nextStep(manager);
    expect(step).toMatchObject({ dueOn: '2026-12-20', overdue: true });
    expect(step.text).toBe('Waiting for the CSP chair (Casey Chair) to record the decision whether to hold a review, due 20 December 2026 (overdue).');
    const myWork = (await (await web(manager)).get('/my-work')).text;
    expect(pageText(myWork)).toContain(`${reference} Decision Overdue Waiting for the CSP chair`);
  });

  it('at set-up without a chair: says what stops the terms of reference, and who holds it', async () => {
    await actOn(api, cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-12-22', rationale: 'Fictional: the criteria are met.' }, '2026-12-22');
    const step = await nextStep(manager);
    expect(step).toMatchObject({ stage: 'set-up', action: 'agree-terms-of-reference', blockedBy: { guard: 'chair-appointed' }, dueOn: '2027-06-22' });
    expect(step.text).toBe(
      'Cannot record that the panel agreed the terms of reference yet: appoint the independent chair first (the action appoint-chair). ' +
        'Held by the CSP manager (Morgan Manager) or the independent chair, due 22 June 2027.',
    );
  });

  it('at information gathering: waiting for the agencies asked, by name and due date, held by their panel members', async () => {
    await actOn(api, manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-12-23' }, '2026-12-23');
    await actOn(api, chair, id, 'add-panel-member', { userId: police.id, agency: 'cheshire-police' }, '2026-12-23');
    await actOn(api, chair, id, 'agree-terms-of-reference', { agreedOn: '2026-12-28' }, '2026-12-28');
    await actOn(
      api,
      chair,
      id,
      'request-information',
      { agency: 'cheshire-police', description: 'Fictional: IMR and chronology.', dueOn: '2027-01-25' },
      '2026-12-28',
    );
    const step = await nextStep(chair);
    expect(step).toMatchObject({
      stage: 'information',
      dueOn: '2027-01-25',
      heldBy: [{ role: 'panel-member', names: ['Pat Panel'] }],
      yours: false,
    });
    expect(step.text).toBe('Waiting for information from Cheshire Police (due 25 January 2027): 1 of 1 requests unanswered.');
    expect((await nextStep(police)).yours).toBe(true);

    const request = (await api.get(chair, `/api/reviews/${id}`).expect(200)).body.informationRequests[0];
    await actOn(api, chair, id, 'receive-information', { requestId: request.id, receivedOn: '2027-01-20' }, '2027-01-20');
    expect((await nextStep(manager)).text).toBe('Waiting for the independent chair (Indira Independent) to close information gathering, due 22 June 2027.');
  });

  it('at drafting without a report: cannot complete the draft until the overview report is uploaded', async () => {
    await actOn(api, chair, id, 'complete-information', { on: '2027-01-21' }, '2027-01-21');
    // A recommendation with one action for housing: it holds the review open at monitoring.
    const recommendation = (
      await api
        .post(manager, `/api/reviews/${id}/recommendations`, {
          text: 'Fictional: share risk information sooner.',
          level: 'local',
          owningAgency: 'housing',
          themes: ['domestic-abuse-vawg'],
          outcome: 'Fictional: shared within 48 hours.',
        })
        .expect(201)
    ).body;
    await api
      .post(manager, `/api/reviews/${id}/recommendations/${recommendation.id}/actions`, {
        description: 'Fictional: train housing officers.',
        owningAgency: 'housing',
        dueOn: '2027-09-30',
      })
      .expect(201);
    const step = await nextStep(chair);
    expect(step).toMatchObject({ stage: 'drafting', action: 'complete-draft', blockedBy: { guard: 'overview-report-uploaded' } });
    expect(step.text).toMatch(/^Cannot complete the overview report, executive summary and action plan yet: /);
    expect(step.text).toContain('Held by the independent chair (Indira Independent), due 22 June 2027.');
  });

  it('at sign-off: counts the votes cast and names the board members still to vote', async () => {
    await uploadReport(api, chair, id);
    await actOn(api, chair, id, 'complete-draft', { on: '2027-02-01' }, '2027-02-01');
    let step = await nextStep(manager);
    expect(step).toMatchObject({ stage: 'sign-off', action: 'sign-off', heldBy: [{ role: 'board-member', names: ['Ash Board', 'Blair Board'] }] });
    expect(step.text).toBe('Sign-off: 0 of 2 votes cast; waiting for Ash Board and Blair Board, due 22 June 2027.');

    await actOn(api, cspBoard, id, 'sign-off', { board: 'csp', on: '2027-02-03', decision: 'approve' }, '2027-02-03');
    step = await nextStep(dabBoard);
    expect(step.text).toBe('Sign-off: 1 of 2 votes cast; waiting for Blair Board, due 22 June 2027.');
    expect(step.yours).toBe(true);
    expect((await nextStep(cspBoard)).yours).toBe(false);

    await actOn(api, dabBoard, id, 'sign-off', { board: 'dab', on: '2027-02-04', decision: 'approve' }, '2027-02-04');
    expect((await nextStep(manager)).text).toBe(
      'Waiting for the CSP manager (Morgan Manager) or the independent chair (Indira Independent) to submit the review to the Home Office Quality Assurance Panel, due 22 June 2027.',
    );
  });

  it('while paused for a criminal trial: since when, what it waits for and its expected end, and who resumes it; nothing reads as overdue', async () => {
    await actOn(
      api,
      manager,
      id,
      'record-proceeding',
      { kind: 'criminal-trial', body: 'Liverpool Crown Court', reference: 'T20277001', expectedConclusionOn: '2027-06-30', status: 'under-way' },
      '2027-02-05',
    );
    const [trial] = (await api.get(manager, `/api/reviews/${id}/proceedings`).expect(200)).body;
    await actOn(
      api,
      cspChair,
      id,
      'pause',
      { reason: 'Fictional: the trial is listed for the summer.', startedOn: '2027-02-05', proceedingId: trial.id },
      '2027-02-05',
    );
    let step = await nextStep(manager);
    expect(step).toMatchObject({
      status: 'paused',
      action: 'resume',
      dueOn: '2027-06-30',
      overdue: false,
      heldBy: [{ role: 'csp-chair', names: ['Casey Chair'] }],
    });
    expect(step.text).toBe(
      'Paused since 5 February 2027 (criminal proceedings), waiting for the criminal trial at Liverpool Crown Court (T20277001); expected to end by 30 June 2027. ' +
        'The CSP chair (Casey Chair) resumes it when it can go on.',
    );
    // Past the review's own due date and the trial's expected end: still not overdue, the passed date said.
    api.clock.setDate('2027-07-01');
    step = await nextStep(manager);
    expect(step.overdue).toBe(false);
    expect(step.text).toContain('expected to end by 30 June 2027, a date now passed.');
    expect((await nextStep(cspChair)).yours).toBe(true);
    await actOn(api, cspChair, id, 'resume', { on: '2027-07-01' }, '2027-07-01');
  });

  it('at Home Office QA: waiting for the CSP manager to record the panel’s letter', async () => {
    await actOn(api, manager, id, 'submit-to-home-office', { submittedOn: '2027-07-02' }, '2027-07-02');
    const step = await nextStep(chair);
    expect(step).toMatchObject({ stage: 'home-office-qa', action: 'record-qa-outcome', heldBy: [{ role: 'csp-manager', names: ['Morgan Manager'] }] });
    expect(step.text).toBe("Waiting for the CSP manager (Morgan Manager) to record the Quality Assurance Panel's letter.");
  });

  it('at publication: held back by the QA panel’s changes, then by the family not yet told; then waiting for the CSP manager to record it', async () => {
    api.clock.setDate('2027-07-20');
    await actOn(
      api,
      manager,
      id,
      'record-qa-outcome',
      { outcome: 'approved-with-changes', receivedOn: '2027-07-20', requiredChanges: ['Fictional: name the agencies in the executive summary.'] },
      '2027-07-20',
    );
    const publish = (publishedOn: string) => ({ publishedOn, url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true });
    let step = await nextStep(manager);
    expect(step).toMatchObject({ stage: 'publication', action: 'publish', blockedBy: { guard: 'qa-changes-resolved' } });
    expect(step.text).toBe(
      "Cannot record publication yet: a change the QA panel's letter of 20 July 2027 requires is not yet marked done or explained: " +
        '1. Fictional: name the agencies in the executive summary.. Mark each (the action record-qa-change), then record the publication. Held by the CSP manager (Morgan Manager).',
    );
    expect((await api.action(manager, id, 'publish', publish('2027-07-20')).expect(409)).body.guard).toBe('qa-changes-resolved');

    const [change] = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body.qaChanges;
    await actOn(api, chair, id, 'record-qa-change', { changeId: change.id, status: 'done' }, '2027-07-25');
    step = await nextStep(manager);
    expect(step.blockedBy).toMatchObject({ guard: 'family-told-of-publication' });
    expect(step.text).toMatch(/^Cannot record publication yet: the family must be told before the report is published\. /);
    expect((await api.action(manager, id, 'publish', publish('2027-07-25')).expect(409)).body.guard).toBe('family-told-of-publication');

    await actOn(api, chair, id, 'record-family-told-of-publication', { toldOn: '2027-07-26' }, '2027-07-26');
    step = await nextStep(manager);
    expect(step).toMatchObject({ blockedBy: null, yours: true });
    expect(step.text).toBe('Waiting for the CSP manager (Morgan Manager) to record publication.');
    api.clock.setDate('2027-07-28');
    expect((await api.action(manager, id, 'publish', publish('2027-07-28')).expect(200)).body.stage).toBe('monitoring');
  });

  it('at monitoring: cannot close while an action of the plan is open', async () => {
    const step = await nextStep(manager);
    expect(step).toMatchObject({ stage: 'monitoring', action: 'close', blockedBy: { guard: 'actions-complete' } });
    expect(step.text).toMatch(/^Cannot close the review yet: 1 action\(s\) of the action plan are still open/);
    expect(step.text).toContain('Held by the CSP manager (Morgan Manager) or the CSP chair (Casey Chair).');
    const myWork = pageText((await (await web(manager)).get('/my-work')).text);
    expect(myWork).toContain(`${reference} Action-plan monitoring Cannot close the review yet`);
  });

  it('an ended review with a notice still owed says so; one with nothing owed has nothing more to do; neither is in the open list', async () => {
    api.clock.setDate('2027-07-03');
    const other = (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn: '2027-07-03', victim: { pseudonym: 'Adult Q', ageAtDeath: 40, sex: 'female' } }))
        .expect(201)
    ).body;
    await actOn(
      api,
      cspChair,
      other.id,
      'decide',
      { outcome: 'not-held', decidedOn: '2027-07-03', rationale: 'Fictional: the criteria are not met.' },
      '2027-07-03',
    );
    let step = await nextStep(manager, other.id);
    expect(step).toMatchObject({ status: 'closed', dueOn: '2027-07-10' });
    expect(step.text).toBe(
      'Closed, but a notice is outstanding: tell the Home Office of the decision, due 10 July 2027. Held by the CSP chair (Casey Chair) or the CSP manager (Morgan Manager).',
    );
    await actOn(api, manager, other.id, 'record-home-office-notice', { sentOn: '2027-07-04' }, '2027-07-04');
    step = await nextStep(manager, other.id);
    expect(step.text).toBe('Closed: nothing more to do.');
    const listed = (await api.get(manager, '/api/reviews/next-steps').expect(200)).body;
    expect(listed.items.map((s: NextStep) => s.reviewId)).toEqual([id]);
    expect(listed.items[0].stage).toBe('monitoring');
  });

  it('is for those who may see the review: a panel member not on it gets 404, an unknown id 404, a bad page 400', async () => {
    const outsider = await api.user(['panel-member'], 'housing', 'Harper Housing');
    await api.get(outsider, `/api/reviews/${id}/next-step`).expect(404);
    expect((await api.get(outsider, '/api/reviews/next-steps').expect(200)).body.total).toBe(0);
    await api.get(police, `/api/reviews/${id}/next-step`).expect(200);
    await api.get(manager, '/api/reviews/not-a-uuid/next-step').expect(404);
    await api.get(manager, '/api/reviews/00000000-0000-4000-8000-000000000000/next-step').expect(404);
    await api.get(manager, '/api/reviews/next-steps?page=0').expect(400);
  });
});
