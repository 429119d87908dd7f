import { TestApi } from './support/test-app';

/**
 * The demo seed (SEED_DEMO=true, as the quick start runs it): Safer Halton, where OWHRs are off
 * (Halton is not an OWHR pilot area), and a second partnership in a pilot area where they are on.
 */
describe('The demo partnerships', () => {
  let api: TestApi;
  const password = 'demo-password-for-tests';

  beforeAll(async () => {
    process.env.SEED_DEMO = 'true';
    process.env.DEMO_PASSWORD = password;
    api = await TestApi.start({ today: '2026-11-26' });
  });
  afterAll(async () => {
    process.env.SEED_DEMO = 'false';
    delete process.env.DEMO_PASSWORD;
    await api.stop();
  });

  const signIn = async (email: string) => ({ id: '', email, roles: [], token: await api.token(email, password) });
  const owhr = {
    type: 'OWHR',
    notifiedOn: '2026-11-20',
    dateOfDeath: '2026-11-18',
    notifyingAgency: '',
    victim: { pseudonym: 'Adult Demo', ageAtDeath: 22, sex: 'male' },
    offensiveWeaponInvolved: true,
    suspectRelationship: 'stranger',
    circumstances: 'Fictional.',
  };

  it('runs OWHRs in the pilot-area partnership only, with the people who speak for its review partners', async () => {
    const halton = await signIn('manager@halton.example');
    const refused = await api.post(halton, '/api/reviews', { ...owhr, notifyingAgency: 'cheshire-police' }).expect(409);
    expect(refused.body.reviewType).toBe('OWHR');

    const pilot = await signIn('manager@pilot.example');
    const opened = await api.post(pilot, '/api/reviews', { ...owhr, notifyingAgency: 'west-midlands-police' }).expect(201);
    expect(opened.body).toMatchObject({ reference: 'OWHR-2026-001', notifyingAgencyName: 'West Midlands Police' });
    const partners = await api.db.query(
      `SELECT u.email, a.code FROM users u JOIN agencies a ON a.id = u.agency_id JOIN partnerships p ON p.id = u.partnership_id
       WHERE 'review-partner' = ANY(u.roles) AND p.name LIKE 'Birmingham%' ORDER BY u.email`,
    );
    expect(partners.rows).toEqual([
      { email: 'council@pilot.example', code: 'birmingham-city-council' },
      { email: 'icb@pilot.example', code: 'nhs-birmingham-and-solihull-icb' },
      { email: 'police@pilot.example', code: 'west-midlands-police' },
    ]);
    // Neither partnership sees the other's people or reviews.
    expect((await api.get(halton, '/api/reviews').expect(200)).body.total).toBe(0);
  });
});
