import { uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

const TODAY = '2026-03-02';

/**
 * The sign-off, actions and review pages over plain HTTP: every new form refused without its
 * CSRF token, refusals in plain words, the record and the audit trail only for those who oversee
 * the review, and pages for the wrong person refused.
 */
describe('Web pages: sign-off, actions, recommendations, documents and the audit trail', () => {
  let api: TestApi;
  let manager: TestUser,
    cspChair: TestUser,
    chair: TestUser,
    policePanel: TestUser,
    policeOwner: TestUser,
    housingOwner: TestUser,
    board: TestUser,
    auditor: TestUser;
  let atSignOff = '',
    atDecision = '',
    recommendationId = '',
    actionId = '';

  const signedIn = async (user: TestUser, path = '/my-work') => {
    const web = new WebClient(api);
    await web.signIn(user.email, PASSWORD, path);
    return web;
  };
  const summary = (html: string) => pageText(/<div class="govuk-error-summary"[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '');
  const auditCount = async (reviewId: string, action: string) =>
    Number((await api.db.query('SELECT count(*) FROM audit_entries WHERE review_id = $1 AND action = $2', [reviewId, action])).rows[0].count);

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    policePanel = await api.user(['panel-member'], 'cheshire-police', 'Pat Police');
    policeOwner = await api.user(['agency-action-owner'], 'cheshire-police', 'Owen Owner');
    housingOwner = await api.user(['agency-action-owner'], 'housing', 'Hana Housing');
    board = await api.boardMember(['csp', 'dab'], 'Bailey Board');
    auditor = await api.user(['auditor'], undefined, 'Avery Auditor');

    const review = (
      await api
        .post(
          manager,
          '/api/reviews',
          notification({ notifiedOn: '2026-02-01', dateOfDeath: '2026-01-30', victim: { pseudonym: 'Adult P', ageAtDeath: 40, sex: 'female' } }),
        )
        .expect(201)
    ).body;
    atSignOff = review.id;
    await api.action(cspChair, atSignOff, 'decide', { outcome: 'hold', decidedOn: '2026-02-10', rationale: 'Criteria met.' }).expect(200);
    await api.action(manager, atSignOff, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-11' }).expect(200);
    await api.action(manager, atSignOff, 'add-panel-member', { userId: policePanel.id, agency: 'cheshire-police' }).expect(200);
    await api.action(chair, atSignOff, 'agree-terms-of-reference', { agreedOn: '2026-02-12' }).expect(200);
    await api.action(chair, atSignOff, 'complete-information', { on: '2026-02-20' }).expect(200);
    const recommendation = (
      await api
        .post(chair, `/api/reviews/${atSignOff}/recommendations`, {
          text: 'Share repeat-caller risk within 48 hours.',
          level: 'local',
          owningAgency: 'cheshire-police',
          themes: ['domestic-abuse-vawg'],
          outcome: 'Every repeat call shared within 48 hours.',
        })
        .expect(201)
    ).body;
    recommendationId = recommendation.id;
    actionId = (
      await api
        .post(chair, `/api/reviews/${atSignOff}/recommendations/${recommendationId}/actions`, {
          description: 'Train call handlers on the repeat-caller flag.',
          owningAgency: 'cheshire-police',
          dueOn: '2026-06-30',
        })
        .expect(201)
    ).body.id;
    await uploadReport(api, chair, atSignOff);
    await api.action(chair, atSignOff, 'complete-draft', { on: TODAY }).expect(200);
    atDecision = (await api.post(manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult Q', ageAtDeath: 52, sex: 'male' } })).expect(201)).body.id;
  });
  afterAll(() => api.stop());

  it('refuses every new form posted without its CSRF token, and changes nothing', async () => {
    const posts: [TestUser, string, Record<string, string>][] = [
      [board, `/sign-off/${atSignOff}/csp`, { decision: 'approve', 'on-day': '2', 'on-month': '3', 'on-year': '2026' }],
      [policeOwner, `/actions/${actionId}/progress`, { status: 'in-progress', 'on-day': '2', 'on-month': '3', 'on-year': '2026' }],
      [chair, `/reviews/${atSignOff}/recommendations`, { text: 'Forged', level: 'local', owningAgency: 'housing', themes: 'hate-crime', outcome: 'Forged' }],
      [
        chair,
        `/reviews/${atSignOff}/recommendations/${recommendationId}/actions`,
        { description: 'Forged', owningAgency: 'housing', 'dueOn-day': '1', 'dueOn-month': '6', 'dueOn-year': '2026' },
      ],
    ];
    for (const [user, path, form] of posts) {
      const web = await signedIn(user);
      const res = await web.post(path, form, { csrf: false });
      expect(res.status).toBe(403);
      expect(pageText(res.text)).toContain('This form could not be sent');
    }
    const review = (await api.get(manager, `/api/reviews/${atSignOff}`).expect(200)).body;
    expect(review.signOffs).toEqual([]);
    const recommendations = (await api.get(manager, `/api/reviews/${atSignOff}/recommendations`).expect(200)).body;
    expect(recommendations).toHaveLength(1);
    expect(recommendations[0].actions).toHaveLength(1);
    expect(recommendations[0].actions[0]).toMatchObject({ status: 'not-started', history: [] });
  });

  it('explains a wrong-stage change in plain words, naming no code, and changes nothing', async () => {
    const web = await signedIn(manager, `/reviews/${atDecision}`);
    const early = await web.post(`/reviews/${atDecision}/recommendations`, {
      text: 'Too early',
      level: 'local',
      owningAgency: 'housing',
      themes: 'hate-crime',
      outcome: 'None',
    });
    expect(early.status).toBe(409);
    expect(summary(early.text)).toContain(
      'You cannot ‘add a recommendation’ now: this review is at the decision stage. It can be done only at the drafting and sign-off stages.',
    );
    expect(summary(early.text)).not.toMatch(/'|drafting,|add-recommendation/);

    await web.get(`/reviews/${atDecision}`);
    const wrongStage = await web.post(`/reviews/${atDecision}/actions/appoint-chair`, {
      userId: chair.id,
      'appointedOn-day': '2',
      'appointedOn-month': '3',
      'appointedOn-year': '2026',
    });
    expect(wrongStage.status).toBe(409);
    expect(summary(wrongStage.text)).toContain('You cannot ‘appoint the independent chair’ now: this review is at the decision stage.');
    expect(summary(wrongStage.text)).not.toMatch(/appoint-chair|'decision'/);

    // Not the manager's to take: who may, in words.
    await web.get(`/reviews/${atDecision}`);
    const notMine = await web.post(`/reviews/${atDecision}/actions/decide`, {
      outcome: 'hold',
      'decidedOn-day': '2',
      'decidedOn-month': '3',
      'decidedOn-year': '2026',
      rationale: 'Not mine to decide.',
    });
    expect(notMine.status).toBe(403);
    expect(summary(notMine.text)).toContain('You cannot ‘record the decision whether to hold a review’: only a CSP chair may do that.');
    expect((await api.get(manager, `/api/reviews/${atDecision}`).expect(200)).body.stage).toBe('decision');
    expect((await api.get(manager, `/api/reviews/${atDecision}/recommendations`).expect(200)).body).toEqual([]);
  });

  it('names each bad field of the recommendation and action forms in the error summary', async () => {
    const web = await signedIn(chair, `/reviews/${atSignOff}`);
    const bad = await web.post(`/reviews/${atSignOff}/recommendations`, { text: '', outcome: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#add-recommendation-text">Enter recommendation</a>');
    expect(bad.text).toContain('<a href="#add-recommendation-level">Select level</a>');
    expect(bad.text).toContain('<a href="#add-recommendation-themes">Select the partnership’s priorities it serves</a>');
    const past = await web.post(`/reviews/${atSignOff}/recommendations/${recommendationId}/actions`, {
      description: 'Late',
      owningAgency: 'housing',
      'dueOn-day': '1',
      'dueOn-month': '1',
      'dueOn-year': '2026',
    });
    expect(past.status).toBe(400);
    expect(summary(past.text)).toContain('Date due must not be in the past (today is 2 March 2026)');
    expect(past.text).toContain('href="#add-action-1-dueOn-day"');
  });

  it('offers the record and the paged audit trail to those who oversee the review, and neither to the panel or the board', async () => {
    for (const overseer of [manager, auditor, chair]) {
      const web = await signedIn(overseer, `/reviews/${atSignOff}`);
      const page = await web.get(`/reviews/${atSignOff}`);
      expect(pageText(page.text)).toContain('Audit trail');
      expect(page.text).toContain(`href="/reviews/${atSignOff}/record"`);
      const record = await web.get(`/reviews/${atSignOff}/record`);
      expect(record.status).toBe(200);
      expect(pageText(record.text)).toContain('DHR-2026-001: Domestic Homicide Review');
      const json = await web.get(`/reviews/${atSignOff}/record.json`);
      expect(json.headers['content-disposition']).toBe('attachment; filename="DHR-2026-001-record.json"');
      expect(json.body.review.reference).toBe('DHR-2026-001');
    }
    // More than a page of entries by now: the first page and a link to the next.
    const web = await signedIn(manager, `/reviews/${atSignOff}`);
    // Changes only by default, newest first; with who viewed it, more than a page.
    expect(pageText((await web.get(`/reviews/${atSignOff}`)).text)).toContain('Logged the notification Morgan Manager');
    const first = pageText((await web.get(`/reviews/${atSignOff}?auditViews=include`)).text);
    expect(first).toMatch(/Showing entries 1 to 20 of \d+/);
    const second = await web.get(`/reviews/${atSignOff}?auditViews=include&auditPage=2`);
    expect(pageText(second.text)).toMatch(/Showing entries 21 to \d+ of \d+/);

    for (const outsider of [policePanel, board]) {
      const other = await signedIn(outsider, `/reviews/${atSignOff}`);
      const readsBefore = await auditCount(atSignOff, 'review.audit-viewed');
      const page = await other.get(`/reviews/${atSignOff}`);
      expect(page.status).toBe(200);
      expect(pageText(page.text)).not.toContain('Audit trail');
      expect(page.text).not.toContain('/record');
      // The panel member sees no documents; the board member, only the report under sign-off.
      if (outsider === policePanel) expect(pageText(page.text)).toContain('There are no documents on this review that you may see.');
      else expect(pageText(page.text)).toMatch(/Document Kind From Latest version Overview report Versions \(1\)/);
      expect(await auditCount(atSignOff, 'review.audit-viewed')).toBe(readsBefore);
      expect((await other.get(`/reviews/${atSignOff}/record`)).status).toBe(403);
    }
  });

  it('keeps the sign-off pages to board members, and the actions page to action owners of the agency', async () => {
    const notBoard = await signedIn(manager);
    expect((await notBoard.get('/sign-off')).status).toBe(403);
    expect(notBoard.csrfToken).not.toBe('');
    const member = await signedIn(board);
    expect((await member.get(`/sign-off/${atSignOff}/parish`)).status).toBe(404);
    expect((await member.get(`/sign-off/${atDecision}/csp`)).status).toBe(404);

    expect((await notBoard.get('/actions')).status).toBe(403);
    const housing = await signedIn(housingOwner, '/actions');
    expect(pageText((await housing.get('/actions')).text)).toContain('No review’s action plan gives your agency an action yet.');
    const res = await housing.post(`/actions/${actionId}/progress`, { status: 'complete', 'on-day': '2', 'on-month': '3', 'on-year': '2026' });
    expect(res.status).toBe(404);
    expect((await api.get(manager, `/api/actions/${actionId}`).expect(200)).body.status).toBe('not-started');
  });
});
