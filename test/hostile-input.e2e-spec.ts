import { parse } from 'csv-parse/sync';
import { reviewAtSignOffWithAction } from './support/scenarios';
import { notification, TestApi, TestUser } from './support/test-app';

/** A JSON object nested `depth` levels deep, written as text (building it as an object and stringifying would recurse as deep). */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/**
 * Inputs that once answered 500 (issue 18, point 1): each is now a 400 naming the field, and
 * nothing is written. Plus the CSV a board receives, whose cells cannot carry formulas (point 2).
 */
describe('Hostile input', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser, chair: TestUser;
  let reviewId: string, deathId: string, recommendationId: string;

  const reviewCount = async () => Number((await api.db.query('SELECT count(*) FROM reviews')).rows[0].count);
  const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-01-05' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    const created = await api
      .post(
        manager,
        '/api/reviews',
        notification({
          notifiedOn: '2026-01-05',
          dateOfDeath: '2026-01-01',
          victim: { pseudonym: '=HYPERLINK("http://example.test","x")', ageAtDeath: 40, sex: 'female' },
        }),
      )
      .expect(201);
    reviewId = created.body.id;
    deathId = created.body.death.id;
    await reviewAtSignOffWithAction(api, { manager, cspChair, chair }, reviewId);
    const recommendations = await api.get(manager, `/api/reviews/${reviewId}/recommendations`).expect(200);
    recommendationId = recommendations.body[0].id;
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('answers a JSON body nested 5,000 levels deep with 400 naming the field where it is too deep', async () => {
    const res = await api.http().post('/api/auth/token').set('Content-Type', 'application/json').send(nested(5000));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid-input');
    expect(res.body.errors).toEqual([{ field: Array(32).fill('a').join('.'), message: 'is nested too deeply (more than 32 levels)' }]);
  });

  it('answers a NUL character in a string field with 400 naming the field, and writes nothing', async () => {
    const before = await reviewCount();
    const res = await api.post(manager, '/api/reviews', notification({ circumstances: 'Fictional\u0000circumstances' }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid-input');
    expect(fieldsOf(res.body)).toEqual(['circumstances']);
    expect(await reviewCount()).toBe(before);
  });

  it('answers a lone surrogate in a nested string field with 400 naming its path, and writes nothing', async () => {
    const before = await reviewCount();
    const res = await api.post(manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult \ud83d', ageAtDeath: 40, sex: 'female' } }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['victim.pseudonym']);
    expect(await reviewCount()).toBe(before);
  });

  it('answers a lone surrogate in the sign-in email with 400 naming the email', async () => {
    const res = await api.http().post('/api/auth/token').send({ email: 'adult\ud83d@test.example', password: 'whatever-it-is' });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['email']);
  });

  it("answers a NUL in an upload's title, or in its file name, with 400 naming the field, and stores nothing", async () => {
    const documents = async () => Number((await api.db.query('SELECT count(*) FROM documents')).rows[0].count);
    const before = await documents();
    const upload = (title: string, filename: string) =>
      api
        .http()
        .post(`/api/reviews/${reviewId}/documents`)
        .set('Authorization', `Bearer ${chair.token}`)
        .field('kind', 'overview-report')
        .field('title', title)
        .attach('file', Buffer.from('Fictional report.\n', 'utf8'), { filename, contentType: 'text/plain' });
    const badTitle = await upload('Overview\u0000report', 'report.txt');
    expect(badTitle.status).toBe(400);
    expect(fieldsOf(badTitle.body)).toEqual(['title']);
    const badName = await upload('Overview report', 'report\u0000.txt');
    expect(badName.status).toBe(400);
    expect(fieldsOf(badName.body)).toEqual(['file']);
    expect(await documents()).toBe(before);
  });

  it('answers a NUL in a query parameter with 400 naming it', async () => {
    const res = await api.get(manager, '/api/reviews?stage=deci%00sion');
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['stage']);
  });

  it.each(['0000-01-01', '10000-01-01', '9999-12-32'])('answers a date of death of %s with 400 naming the field, and writes nothing', async (dateOfDeath) => {
    const before = await reviewCount();
    const res = await api.post(manager, '/api/reviews', notification({ dateOfDeath }));
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toContain('dateOfDeath');
    expect(await reviewCount()).toBe(before);
  });

  it.each(['0000-Q1', '10000-Q1', '9999-Q4'])('answers the quarter %s with 400 naming it', async (quarter) => {
    const res = await api.get(manager, `/api/boards/csp/report?quarter=${quarter}`);
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['quarter']);
  });

  it.each([
    '/api/reviews',
    '/api/reviews/next-steps',
    '/api/deaths',
    '/api/deadlines',
    '/api/users',
    '/api/actions',
    '/api/admin/retention/due',
    '/api/admin/outbox',
    '/api/reviews/{review}/audit',
    '/api/reviews/{review}/family',
    '/api/reviews/{review}/family-contacts',
    '/api/boards/csp/audit',
    '/api/boards/csp/checkpoints',
  ])('answers a page number past 2^53 on %s with 400 naming page', async (path) => {
    const user = path.startsWith('/api/admin') ? admin : manager;
    const res = await api.get(user, `${path.replace('{review}', reviewId)}?page=9007199254740993`);
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['page']);
  });

  it('clears the place of death when PATCHed with null', async () => {
    await api.http().patch(`/api/deaths/${deathId}`).set('Authorization', `Bearer ${manager.token}`).send({ placeOfDeath: 'Fictional: a street' }).expect(200);
    const res = await api.http().patch(`/api/deaths/${deathId}`).set('Authorization', `Bearer ${manager.token}`).send({ placeOfDeath: null }).expect(200);
    expect(res.body.placeOfDeath).toBeNull();
  });

  it('refuses null for suspectedSuicide on a death with 400 naming it, and changes nothing', async () => {
    const res = await api.http().patch(`/api/deaths/${deathId}`).set('Authorization', `Bearer ${manager.token}`).send({ suspectedSuicide: null });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['suspectedSuicide']);
    expect((await api.get(manager, `/api/deaths/${deathId}`).expect(200)).body.suspectedSuicide).toBe(false);
  });

  it("refuses null for a board's quorum with 400 naming it", async () => {
    const res = await api.http().put('/api/boards/csp').set('Authorization', `Bearer ${admin.token}`).send({ quorum: null });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual(['quorum']);
  });

  it.each(['level', 'themes', 'tags'])("refuses null for a recommendation's %s with 400 naming it, and changes nothing", async (field) => {
    const before = await api.get(manager, `/api/reviews/${reviewId}/recommendations`).expect(200);
    const res = await api
      .http()
      .patch(`/api/reviews/${reviewId}/recommendations/${recommendationId}`)
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ [field]: null });
    expect(res.status).toBe(400);
    expect(fieldsOf(res.body)).toEqual([field]);
    const after = await api.get(manager, `/api/reviews/${reviewId}/recommendations`).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it("neutralises a formula in the board report's CSV: the overdue action's pseudonym starts with a quote", async () => {
    api.clock.setDate('2026-03-15');
    const res = await api.get(manager, '/api/boards/csp/report?quarter=2026-Q1&format=csv').buffer(true).expect(200);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    const overdue = rows.filter((row) => row.section === 'overdue-actions');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].label).toBe(`'=HYPERLINK("http://example.test","x")`);
    expect(res.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});
