import { pageText, WebClient } from './support/web-client';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';

const TODAY = '2026-02-10';

/** Issue 17.2: people find each other; panels, chairs, recommendations and actions changed with their history kept. */
describe('People: the picker, the panel and the chair, withdrawn recommendations', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser, chair: TestUser, secondChair: TestUser;
  let police: TestUser, housing: TestUser, board: TestUser;

  const act = (user: TestUser, id: string, action: string, body: object) => api.action(user, id, action, body);
  const audit = async (id: string) => (await api.get(manager, `/api/reviews/${id}/audit?pageSize=100`).expect(200)).body.items as AuditItem[];
  const pageOf = async (user: TestUser, path: string) => {
    const web = new WebClient(api);
    await web.signIn(user.email, PASSWORD, path);
    const res = await web.get(path);
    expect(res.status).toBe(200);
    return pageText(res.text);
  };
  /** The review page's forms: what this person can do now. */
  const formsOn = async (user: TestUser, id: string) => {
    const page = await pageOf(user, `/reviews/${id}`);
    return page.slice(page.indexOf('What you can do now'), page.indexOf('Chair and panel'));
  };
  /** A review at set-up: held, no chair yet. */
  const heldReview = async () => {
    const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-02-01', dateOfDeath: '2026-01-28' })).expect(201)).body;
    await act(cspChair, review.id, 'decide', { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional: the criteria are met.' }).expect(200);
    return review.id as string;
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    admin = await api.admin();
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    secondChair = await api.user(['independent-chair'], undefined, 'Jules Independent');
    police = await api.user(['panel-member'], 'cheshire-police', 'Pat Police');
    housing = await api.user(['panel-member'], 'housing', 'Harper Housing');
    await api.user(['agency-action-owner'], 'cheshire-police', 'Owen Owner');
    board = await api.boardMember(['csp'], 'Bea Board');
  });
  afterAll(() => api.stop());

  describe('the people picker', () => {
    it('lists the partnership’s people by role and agency for those who appoint: name, roles and agency only', async () => {
      const found = (await api.get(manager, '/api/users?role=panel-member&agency=cheshire-police').expect(200)).body;
      expect(found).toEqual({
        items: [
          { id: police.id, name: 'Pat Police', roles: ['panel-member'], agency: { id: expect.any(String), code: 'cheshire-police', name: 'Cheshire Police' } },
        ],
        total: 1,
        page: 1,
        pageSize: 20,
      });
      // By role alone, by name, paged; the agency by its id as well as its code.
      const panel = (await api.get(chair, '/api/users?role=panel-member').expect(200)).body;
      expect(panel.items.map((p: { name: string }) => p.name)).toEqual(['Harper Housing', 'Pat Police']);
      const byId = (await api.get(cspChair, `/api/users?agency=${found.items[0].agency.id}`).expect(200)).body;
      expect(byId.items.map((p: { name: string }) => p.name)).toEqual(['Owen Owner', 'Pat Police']);
      const chairs = (await api.get(manager, '/api/users?role=independent-chair&q=jul').expect(200)).body;
      expect(chairs.items).toEqual([{ id: secondChair.id, name: 'Jules Independent', roles: ['independent-chair'], agency: null }]);
      const second = (await api.get(manager, '/api/users?role=independent-chair&pageSize=1&page=2').expect(200)).body;
      expect(second).toMatchObject({ total: 2, page: 2, pageSize: 1, items: [{ name: 'Jules Independent' }] });
      // Never an email for those who are not administrators.
      const everyone = (await api.get(manager, '/api/users?pageSize=100').expect(200)).body;
      expect(everyone.total).toBeGreaterThan(5);
      for (const person of everyone.items) expect(Object.keys(person).sort()).toEqual(['agency', 'id', 'name', 'roles']);
      expect(JSON.stringify(everyone)).not.toContain('@');
    });

    it('keeps the administrators’ full view, filters included', async () => {
      const found = (await api.get(admin, '/api/users?role=panel-member&agency=housing').expect(200)).body;
      expect(found.items).toEqual([expect.objectContaining({ id: housing.id, email: housing.email, name: 'Harper Housing', active: true })]);
    });

    it('is refused to panel members and board members, and names a bad role or agency', async () => {
      await api.get(police, '/api/users?role=panel-member').expect(403);
      await api.get(board, '/api/users').expect(403);
      const badRole = (await api.get(manager, '/api/users?role=king').expect(400)).body;
      expect(badRole).toMatchObject({ code: 'invalid-input', errors: [expect.objectContaining({ field: 'role' })] });
      const badAgency = (await api.get(manager, '/api/users?agency=no-such-agency').expect(400)).body;
      expect(badAgency).toMatchObject({ code: 'invalid-input', errors: [expect.objectContaining({ field: 'agency' })] });
      expect((await api.get(manager, '/api/users?pageSize=1000').expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'pageSize' })]);
    });
  });

  describe('the panel', () => {
    let reviewId: string;
    beforeAll(async () => {
      reviewId = await heldReview();
      await act(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: TODAY }).expect(200);
    });

    it('appoints a panel member only for the agency they belong to, and the form offers each with their agency', async () => {
      const wrongAgency = (await act(manager, reviewId, 'add-panel-member', { userId: housing.id, agency: 'cheshire-police' }).expect(400)).body;
      expect(wrongAgency).toMatchObject({ code: 'invalid-input', errors: [expect.objectContaining({ field: 'userId' })] });
      const notPanel = (await act(manager, reviewId, 'add-panel-member', { userId: secondChair.id, agency: 'cheshire-police' }).expect(400)).body;
      expect(notPanel.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
      expect((await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body.panel).toEqual([]);

      const page = await pageOf(manager, `/reviews/${reviewId}`);
      expect(page).toContain('Pat Police (Cheshire Police)');
      expect(page).toContain('Harper Housing (Housing');

      const review = (await act(chair, reviewId, 'add-panel-member', { userId: police.id, agency: 'cheshire-police' }).expect(200)).body;
      expect(review.panel).toEqual([{ userId: police.id, name: 'Pat Police', agency: expect.any(String), agencyName: 'Cheshire Police' }]);
    });

    it('takes a member off the panel with the reason: their access ends, the history and audit keep who they were', async () => {
      await api.get(police, `/api/reviews/${reviewId}`).expect(200);
      const noReason = (await act(manager, reviewId, 'remove-panel-member', { userId: police.id }).expect(400)).body;
      expect(noReason.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      const notOnPanel = (await act(manager, reviewId, 'remove-panel-member', { userId: housing.id, reason: 'Fictional.' }).expect(400)).body;
      expect(notOnPanel.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
      // Those who may not: a panel member, the CSP chair (the ruleset gives it to the CSP manager and the review's chair).
      await act(police, reviewId, 'remove-panel-member', { userId: police.id, reason: 'Fictional.' }).expect(403);
      await act(cspChair, reviewId, 'remove-panel-member', { userId: police.id, reason: 'Fictional.' }).expect(403);

      const reason = 'Fictional: they moved to another team and their agency names someone else.';
      const review = (await act(chair, reviewId, 'remove-panel-member', { userId: police.id, reason }).expect(200)).body;
      expect(review.panel).toEqual([]);
      expect(review.history.at(-1)).toMatchObject({ action: 'remove-panel-member', note: `A member was taken off the panel: ${reason}` });
      const entry = (await audit(reviewId)).find((e) => e.action === 'review.action.remove-panel-member');
      expect(entry?.actorId).toBe(chair.id);
      expect(entry?.changes.details).toMatchObject({ userId: police.id, agency: expect.any(String), addedAt: expect.any(String), reason });

      // Their panel access is gone: the review is no longer theirs to see.
      await api.get(police, `/api/reviews/${reviewId}`).expect(404);
      // And they may be appointed again, with the history of both kept.
      await act(manager, reviewId, 'add-panel-member', { userId: police.id, agency: 'cheshire-police' }).expect(200);
      const history = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body.history.map((h: { action: string }) => h.action);
      expect(history.slice(-3)).toEqual(['add-panel-member', 'remove-panel-member', 'add-panel-member']);
    });
  });

  describe('the chair', () => {
    it('offers “Change the independent chair” once there is one, and keeps the previous chair in the history and audit', async () => {
      const reviewId = await heldReview();
      const before = await formsOn(manager, reviewId);
      expect(before).toContain('Appoint the independent chair');
      expect(before).not.toContain('Change the independent chair');

      await act(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: TODAY }).expect(200);
      const after = await formsOn(manager, reviewId);
      expect(after).toContain('Change the independent chair');
      expect(after).not.toContain('Appoint the independent chair');

      const changed = (await act(cspChair, reviewId, 'appoint-chair', { userId: secondChair.id, appointedOn: TODAY }).expect(200)).body;
      expect(changed.chair).toEqual({ userId: secondChair.id, name: 'Jules Independent', appointedOn: TODAY });
      expect(changed.history.map((h: { action: string; note: string | null }) => [h.action, h.note]).slice(-2)).toEqual([
        ['appoint-chair', null],
        ['appoint-chair', 'The independent chair was changed'],
      ]);
      const entries = (await audit(reviewId)).filter((e) => e.action === 'review.action.appoint-chair');
      expect(entries.map((e) => e.changes.details)).toEqual(
        expect.arrayContaining([
          { previousChairUserId: null, chairUserId: chair.id },
          { previousChairUserId: chair.id, chairUserId: secondChair.id },
        ]),
      );
      // The previous chair no longer sees the review as its chair.
      await api.get(chair, `/api/reviews/${reviewId}`).expect(404);
    });
  });

  describe('recommendations and plan actions withdrawn', () => {
    let reviewId: string;
    beforeAll(async () => {
      reviewId = await heldReview();
      await act(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: TODAY }).expect(200);
      await act(chair, reviewId, 'add-panel-member', { userId: housing.id, agency: 'housing' }).expect(200);
      await act(chair, reviewId, 'agree-terms-of-reference', { agreedOn: TODAY }).expect(200);
      await act(chair, reviewId, 'complete-information', { on: TODAY }).expect(200);
    });
    const recommend = (text: string) =>
      api.post(chair, `/api/reviews/${reviewId}/recommendations`, {
        text,
        level: 'local',
        owningAgency: 'cheshire-police',
        themes: ['domestic-abuse-vawg'],
        outcome: 'Fictional: by March 2027 every repeat call is shared within 48 hours, checked by a quarterly audit.',
      });
    const addAction = (recommendationId: string, description: string) =>
      api.post(chair, `/api/reviews/${reviewId}/recommendations/${recommendationId}/actions`, {
        description,
        owningAgency: 'cheshire-police',
        dueOn: '2026-06-30',
      });

    it('withdraws a recommendation with the reason: kept, marked, audited, changed no more; its open actions go with it', async () => {
      const recommendation = (await recommend('Fictional: agencies share risk information about repeat callers.').expect(201)).body;
      const action = (await addAction(recommendation.id, 'Fictional: brief every call handler.').expect(201)).body;
      const done = (await addAction(recommendation.id, 'Fictional: a briefing already given.').expect(201)).body;
      await api.post(manager, `/api/actions/${done.id}/updates`, { status: 'complete', on: TODAY }).expect(201);
      const path = `/api/reviews/${reviewId}/recommendations/${recommendation.id}/withdraw`;

      expect((await api.post(chair, path, {}).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      expect((await api.post(chair, path, { reason: '   ' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      // A panel member may not change recommendations.
      await api.post(housing, path, { reason: 'Fictional.' }).expect(403);

      const reason = 'Fictional: the agency changed its practice before the report, so it is not needed.';
      const withdrawn = (await api.post(chair, path, { reason }).expect(200)).body;
      expect(withdrawn).toMatchObject({
        id: recommendation.id,
        number: 1,
        text: 'Fictional: agencies share risk information about repeat callers.',
        version: 2,
        withdrawn: { at: expect.any(String), by: chair.id, reason },
      });
      // What was done stays done; only what was still open is withdrawn.
      expect(withdrawn.actions).toHaveLength(2);
      expect(withdrawn.actions).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: action.id, status: 'not-started', withdrawn: { at: expect.any(String), by: chair.id, reason } }),
          expect.objectContaining({ id: done.id, status: 'complete', withdrawn: null }),
        ]),
      );
      // Kept in the list, numbered, marked.
      const listed = (await api.get(manager, `/api/reviews/${reviewId}/recommendations`).expect(200)).body;
      expect(listed).toEqual([expect.objectContaining({ id: recommendation.id, withdrawn: expect.objectContaining({ reason }) })]);
      // Its action is no longer chased.
      const review = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body;
      expect(review.deadlines.find((d: { key: string }) => d.key === `action:${action.id}`)).toMatchObject({ completedOn: TODAY });

      // Changed no more.
      expect(
        (
          await api
            .http()
            .patch(`/api/reviews/${reviewId}/recommendations/${recommendation.id}`)
            .set('Authorization', `Bearer ${chair.token}`)
            .send({ level: 'national' })
            .expect(409)
        ).body.code,
      ).toBe('conflict');
      await api.post(chair, path, { reason }).expect(409);
      await addAction(recommendation.id, 'Fictional: another action.').expect(409);
      await api.post(manager, `/api/actions/${action.id}/updates`, { status: 'complete', on: TODAY }).expect(409);

      const entry = (await audit(reviewId)).find((e) => e.action === 'recommendation.withdrawn');
      expect(entry?.actorId).toBe(chair.id);
      expect(entry?.changes).toMatchObject({ number: 1, reason, actionsWithdrawn: [action.id] });
      // A second recommendation is numbered on from the withdrawn one.
      expect((await recommend('Fictional: a second recommendation.').expect(201)).body.number).toBe(2);
    });

    it('withdraws a recommendation from the review page: the reason asked for, then shown with the recommendation', async () => {
      const recommendation = (await recommend('Fictional: the web form withdraws this one.').expect(201)).body;
      const web = new WebClient(api);
      await web.signIn(chair.email, PASSWORD, `/reviews/${reviewId}`);
      const page = await web.get(`/reviews/${reviewId}`);
      expect(pageText(page.text)).toContain(`Withdraw recommendation ${recommendation.number}`);
      const path = `/reviews/${reviewId}/recommendations/${recommendation.id}/withdraw`;

      const blank = await web.post(path, { reason: '' });
      expect(blank.status).toBe(400);
      expect(blank.text).toContain(`href="#withdraw-recommendation-${recommendation.number}-reason"`);
      const done = await web.post(path, { reason: 'Fictional: covered by a national recommendation.' });
      expect(done.status).toBe(303);
      const after = pageText((await web.get(`/reviews/${reviewId}`)).text);
      expect(after).toContain(`Recommendation ${recommendation.number} (withdrawn)`);
      expect(after).toContain('Fictional: covered by a national recommendation.');
      expect(after).not.toContain(`Withdraw recommendation ${recommendation.number}`);
      // The action withdrawn with recommendation 1 says so in its plan; the audit trail in words.
      expect(after).toContain('Fictional: brief every call handler. Cheshire Police 30 June 2026 Withdrawn Fictional: the agency changed its practice');
      expect(after).toContain('Withdrew a recommendation');
      // A panel member sees the review but is offered no withdrawal.
      expect(await formsOn(housing, reviewId)).not.toContain('Withdraw recommendation');
      const theirs = await pageOf(housing, `/reviews/${reviewId}`);
      expect(theirs).not.toContain('Withdraw recommendation');
    });

    it('withdraws one action of a plan with the reason, its history kept', async () => {
      const recommendation = (await recommend('Fictional: agencies train staff on coercive control.').expect(201)).body;
      const action = (await addAction(recommendation.id, 'Fictional: a training course.').expect(201)).body;
      await api.post(manager, `/api/actions/${action.id}/updates`, { status: 'in-progress', note: 'Fictional: course booked.', on: TODAY }).expect(201);
      expect((await api.post(chair, `/api/actions/${action.id}/withdraw`, {}).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      await api.post(housing, `/api/actions/${action.id}/withdraw`, { reason: 'Fictional.' }).expect(403);

      const reason = 'Fictional: the training is already given nationally.';
      const withdrawn = (await api.post(manager, `/api/actions/${action.id}/withdraw`, { reason }).expect(200)).body;
      expect(withdrawn).toMatchObject({ id: action.id, status: 'in-progress', withdrawn: { by: manager.id, reason }, history: [{ status: 'in-progress' }] });
      const entry = (await audit(reviewId)).find((e) => e.action === 'action.withdrawn');
      expect(entry?.changes).toEqual({ actionId: action.id, reason });
      // The recommendation stands.
      const listed = (await api.get(manager, `/api/reviews/${reviewId}/recommendations`).expect(200)).body;
      expect(listed.find((r: { id: string }) => r.id === recommendation.id).withdrawn).toBeNull();
    });
  });
});

interface AuditItem {
  action: string;
  actorId: string | null;
  changes: Record<string, unknown> & { details?: Record<string, unknown> };
}
