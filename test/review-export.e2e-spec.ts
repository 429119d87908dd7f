import { notification, TestApi, TestUser } from './support/test-app';

describe('A review’s complete record', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, panel: TestUser, outsider: TestUser, police: TestUser;
  let reviewId: string;
  let reference: string;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    panel = await api.user(['panel-member'], 'cheshire-police');
    outsider = await api.user(['independent-chair']);
    police = await api.user(['agency-action-owner'], 'cheshire-police');
    const review = (await api.post(manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult K', ageAtDeath: 45, sex: 'female' } })).expect(201))
      .body;
    reviewId = review.id;
    reference = review.reference;
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-10', rationale: 'Criteria met.' }).expect(200);
    await api.action(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-11' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: panel.id, agency: 'cheshire-police' }).expect(200);
    await api.action(chair, reviewId, 'agree-terms-of-reference', { agreedOn: '2026-02-12' }).expect(200);
    await api.action(chair, reviewId, 'complete-information', { on: '2026-02-20' }).expect(200);
    const recommendation = (
      await api
        .post(chair, `/api/reviews/${reviewId}/recommendations`, {
          text: 'Share repeat-caller risk within 48 hours.',
          level: 'local',
          owningAgency: 'cheshire-police',
          themes: ['domestic-abuse-vawg'],
          outcome: 'All shared by March 2027.',
        })
        .expect(201)
    ).body;
    const action = (
      await api
        .post(chair, `/api/reviews/${reviewId}/recommendations/${recommendation.id}/actions`, {
          description: 'Train call handlers.',
          owningAgency: 'cheshire-police',
          leadUserId: police.id,
          dueOn: '2026-06-30',
        })
        .expect(201)
    ).body;
    await api.post(police, `/api/actions/${action.id}/updates`, { status: 'in-progress', note: 'Sessions booked.', on: '2026-03-02' }).expect(201);
  });
  afterAll(() => api.stop());

  it('exports everything as one JSON document, and records that it was exported', async () => {
    const res = await api.get(manager, `/api/reviews/${reviewId}/export`).expect(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${reference}-record.json"`);
    const record = res.body;
    expect(record.review).toMatchObject({ id: reviewId, reference, stage: 'drafting', victim: { pseudonym: 'Adult K' } });
    expect(record.review.deadlines.map((d: { key: string }) => d.key.split(':')[0]).sort()).toEqual(['action', 'decision', 'home-office-notice', 'review']);
    expect(record.recommendations).toEqual([
      expect.objectContaining({
        number: 1,
        text: 'Share repeat-caller risk within 48 hours.',
        actions: [
          expect.objectContaining({
            description: 'Train call handlers.',
            status: 'in-progress',
            history: [expect.objectContaining({ note: 'Sessions booked.' })],
          }),
        ],
      }),
    ]);
    const actions = record.auditTrail.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['review.created', 'review.action.decide', 'recommendation.created', 'action.created', 'action.progress', 'review.exported']),
    );
    for (let i = 1; i < record.auditTrail.length; i += 1) expect(record.auditTrail[i].seq).toBeGreaterThan(record.auditTrail[i - 1].seq);
  });

  it('renders a printable HTML page of the same record', async () => {
    const res = await api
      .get(chair, `/api/reviews/${reviewId}/export?format=html`)
      .expect(200)
      .expect('Content-Type', /text\/html/);
    const page = res.text;
    expect(page).toContain(`<title>${reference}: review record</title>`);
    expect(page).toContain('Adult K');
    expect(page).toContain('Recommendation 1 (Local, Cheshire Police)');
    // In words for people (issue 17.3): dates written out, codes named; the JSON keeps the codes.
    expect(page).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
    expect(page).not.toMatch(/not-started|in-progress|set-up|review\.action\./);
    expect(page).toContain('Sessions booked.');
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script/i);
  });

  it('is for those who answer for the review: others get 403, or 404 if they cannot see it', async () => {
    expect((await api.get(panel, `/api/reviews/${reviewId}/export`).expect(403)).body.detail).toMatch(/may export/);
    await api.get(outsider, `/api/reviews/${reviewId}/export`).expect(404);
    expect((await api.get(manager, `/api/reviews/${reviewId}/export?format=pdf`).expect(400)).body.errors).toEqual([
      expect.objectContaining({ field: 'format' }),
    ]);
  });
});
