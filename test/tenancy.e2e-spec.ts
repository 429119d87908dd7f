import { PartnershipsService } from '@app/partnerships';
import { notification, TestApi, TestUser } from './support/test-app';

/**
 * Two partnerships in one installation: nothing of one may show through any endpoint of the
 * other. (Partnerships other than the first are made here directly; the product will create
 * them through its own administration later.)
 */
describe('Partnerships as tenants', () => {
  let api: TestApi;
  let mine: Record<string, TestUser>;
  let theirs: Record<string, TestUser>;
  let myReview: string, theirReview: string, theirReference: string;

  const moveTo = (partnershipId: string, user: TestUser, agencyCode?: string) => api.moveUser(user, partnershipId, agencyCode);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    const other = await api.app.get(PartnershipsService).ensurePartnership('Fictional Other Partnership', 'Fictional Other Domestic Abuse Board');
    const make = async (roles: string[], agency?: string) => api.user(roles, agency);
    mine = {
      admin: await api.admin(), manager: await make(['csp-manager']), cspChair: await make(['csp-chair']), auditor: await make(['auditor']),
      board: await api.boardMember(['csp', 'dab']), owner: await make(['agency-action-owner'], 'cheshire-police'),
    };
    theirs = {
      admin: await moveTo(other.id, await make(['administrator'])), manager: await moveTo(other.id, await make(['csp-manager'])),
      cspChair: await moveTo(other.id, await make(['csp-chair'])), chair: await moveTo(other.id, await make(['independent-chair'])),
      owner: await moveTo(other.id, await make(['agency-action-owner'], 'cheshire-police'), 'cheshire-police'),
    };
    // A review in each, theirs driven on to drafting with a recommendation and an action.
    myReview = (await api.post(mine.manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult Mine', ageAtDeath: 40, sex: 'female' } })).expect(201)).body.id;
    const review = (await api.post(theirs.manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult Theirs', ageAtDeath: 40, sex: 'male' } })).expect(201)).body;
    theirReview = review.id;
    theirReference = review.reference;
    expect(theirReference).toBe('DHR-2026-001'); // each partnership numbers its own reviews
    await api.action(theirs.cspChair, theirReview, 'decide', { outcome: 'hold', decidedOn: '2026-02-10', rationale: 'Criteria met.' }).expect(200);
    await api.action(theirs.manager, theirReview, 'appoint-chair', { userId: theirs.chair.id, appointedOn: '2026-02-11' }).expect(200);
    await api.action(theirs.chair, theirReview, 'agree-terms-of-reference', { agreedOn: '2026-02-12' }).expect(200);
    await api.action(theirs.chair, theirReview, 'complete-information', { on: '2026-02-20' }).expect(200);
    const rec = (await api.post(theirs.chair, `/api/reviews/${theirReview}/recommendations`, { text: 'Theirs.', level: 'local', owningAgency: 'cheshire-police', themes: ['hate-crime'], outcome: 'Theirs.' }).expect(201)).body;
    await api.post(theirs.chair, `/api/reviews/${theirReview}/recommendations/${rec.id}/actions`, { description: 'Their action.', owningAgency: 'cheshire-police', dueOn: '2026-04-01' }).expect(201);
  });
  afterAll(() => api.stop());

  it('keeps each partnership’s reviews, deadlines, actions and audit trail to itself', async () => {
    for (const user of Object.values(mine)) {
      const text = JSON.stringify([
        (await api.get(user, '/api/reviews?pageSize=100').expect(200)).body,
        (await api.get(user, '/api/deadlines?pageSize=100').expect(200)).body,
        (await api.get(user, '/api/actions?pageSize=100').expect(200)).body,
      ]);
      expect(text).not.toContain(theirReview);
      expect(text).not.toContain('Adult Theirs');
      expect(text).not.toContain('Their action.');
      await api.get(user, `/api/reviews/${theirReview}`).expect(404);
      await api.get(user, `/api/reviews/${theirReview}/audit`).expect(404);
      await api.get(user, `/api/reviews/${theirReview}/recommendations`).expect(404);
      await api.get(user, `/api/reviews/${theirReview}/export`).expect(404);
      await api.action(user, theirReview, 'pause', { reason: 'x', startedOn: '2026-03-01' }).expect(404);
    }
    const theirAction = (await api.get(theirs.owner, '/api/actions').expect(200)).body.items[0].id;
    // Same agency code, other partnership: still not theirs to see or touch.
    await api.get(mine.owner, `/api/actions/${theirAction}`).expect(404);
    await api.post(mine.owner, `/api/actions/${theirAction}/updates`, { status: 'in-progress', on: '2026-03-02' }).expect(404);
    // And the other way round.
    const seen = (await api.get(theirs.manager, '/api/reviews').expect(200)).body;
    expect(seen.items.map((r: { id: string }) => r.id)).toEqual([theirReview]);
    await api.get(theirs.manager, `/api/reviews/${myReview}`).expect(404);
  });

  it('keeps users, agencies, boards, reminder settings and mail to each partnership', async () => {
    const users = (await api.get(mine.admin, '/api/users?pageSize=100').expect(200)).body.items.map((u: { id: string }) => u.id);
    for (const user of Object.values(theirs)) expect(users).not.toContain(user.id);
    const theirUsers = (await api.get(theirs.admin, '/api/users?pageSize=100').expect(200)).body.items.map((u: { id: string }) => u.id);
    expect(theirUsers.sort()).toEqual(Object.values(theirs).map((u) => u.id).sort());

    const agencies = (await api.get(mine.manager, '/api/agencies').expect(200)).body;
    const theirAgencies = (await api.get(theirs.manager, '/api/agencies').expect(200)).body;
    expect(new Set([...agencies, ...theirAgencies].map((a: { id: string }) => a.id)).size).toBe(agencies.length + theirAgencies.length);

    const boards = (await api.get(mine.manager, '/api/boards').expect(200)).body.map((b: { name: string }) => b.name);
    expect(boards).toEqual(['Safer Halton Partnership board', 'Halton Domestic Abuse Board']);
    expect((await api.get(theirs.manager, '/api/boards').expect(200)).body.map((b: { name: string }) => b.name)).toEqual(['Fictional Other Partnership board', 'Fictional Other Domestic Abuse Board']);

    // Their administrator cannot reach my users or my board.
    await api.post(theirs.admin, '/api/boards/csp/members', { userId: mine.board.id }).expect(400);
    const outbox = (await api.get(theirs.admin, '/api/admin/outbox').expect(200)).body;
    expect(outbox.total).toBe(0);

    await api.http().put('/api/admin/reminder-settings').set('Authorization', `Bearer ${theirs.admin.token}`).send({ offsetsDays: [5], sendTime: '10:00', escalationEveryDays: 3 }).expect(200);
    expect((await api.get(mine.admin, '/api/admin/reminder-settings').expect(200)).body).toEqual({ offsetsDays: [28, 14, 7, 1, 0], sendTime: '09:00', escalationEveryDays: 7 });
    expect((await api.get(theirs.admin, '/api/admin/reminder-settings').expect(200)).body).toEqual({ offsetsDays: [5], sendTime: '10:00', escalationEveryDays: 3 });
  });

  it('keeps each board’s audit view and quarterly report to its own partnership', async () => {
    const auditView = JSON.stringify((await api.get(mine.manager, '/api/boards/csp/audit?pageSize=100').expect(200)).body);
    expect(auditView).not.toContain(theirReview);
    const report = (await api.get(mine.manager, '/api/boards/csp/report?quarter=2026-Q1').expect(200)).body;
    expect(report.partnership).toBe('Safer Halton Partnership');
    expect(JSON.stringify(report)).not.toContain('Adult Theirs');
    const total = report.reviews.byStage.reduce((sum: number, s: { count: number }) => sum + s.count, 0);
    expect(total).toBe(1); // my one review, not theirs
  });
});
