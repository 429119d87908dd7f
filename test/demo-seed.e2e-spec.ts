import { BootstrapService } from '../apps/api/src/bootstrap/bootstrap.service';
import { TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

const TODAY = '2026-11-26';
const password = 'demo-password-for-tests';

/** What the demo seed holds, counted behind the app's back: a second start must change none of it. */
async function counts(api: TestApi): Promise<Record<string, number>> {
  const tables = ['reviews', 'review_events', 'deadlines', 'documents', 'document_versions', 'recommendations', 'recommendation_actions', 'action_updates'];
  const result: Record<string, number> = {};
  for (const table of [...tables, 'outbox_messages', 'audit_entries', 'audit_journal', 'users', 'proceedings', 'review_pauses']) {
    result[table] = Number((await api.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
  }
  return result;
}

/**
 * The demo seed (SEED_DEMO=true, as the quick start runs it): Safer Halton, where OWHRs are off
 * (Halton is not an OWHR pilot area), and a second partnership in a pilot area where they are on;
 * and the demo's fictional reviews at every stage, so each demo login opens on work of its own
 * (the guided tour in docs/user-guide.md).
 */
describe('The demo partnerships', () => {
  let api: TestApi;

  beforeAll(async () => {
    process.env.SEED_DEMO = 'true';
    process.env.DEMO_PASSWORD = password;
    api = await TestApi.start({ today: TODAY });
  });
  afterAll(async () => {
    process.env.SEED_DEMO = 'false';
    delete process.env.DEMO_PASSWORD;
    await api.stop();
  });

  const signIn = async (email: string): Promise<TestUser> => {
    const token = await api.token(email, password);
    const me = (await api.http().get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(200)).body;
    return { id: me.id, email, roles: me.roles, token };
  };
  const myWork = async (email: string): Promise<string> => {
    const web = new WebClient(api);
    await web.signIn(email, password);
    const page = await web.get('/my-work');
    expect(page.status).toBe(200);
    return pageText(page.text);
  };
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
    // The demo's own OWHR took the first reference of the year.
    expect(opened.body).toMatchObject({ reference: 'OWHR-2026-002', notifyingAgencyName: 'West Midlands Police' });
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
    const haltonReviews = (await api.get(halton, '/api/reviews?pageSize=100').expect(200)).body.items;
    expect(haltonReviews.map((r: { type: string }) => r.type)).not.toContain('OWHR');
  });

  it('seeds fictional reviews at every stage, dated relative to today, through the product’s own actions', async () => {
    const manager = await signIn('manager@halton.example');
    const list = (await api.get(manager, '/api/reviews?pageSize=100').expect(200)).body;
    const stages = Object.fromEntries(
      list.items.map((r: { victimPseudonym: string; stage: string; status: string }) => [r.victimPseudonym, `${r.stage}/${r.status}`]),
    );
    expect(stages).toEqual({
      'Adult Juniper (fictional)': 'decision/open',
      'Adult Hawthorn (fictional)': 'decision/open',
      'Adult Rowan (fictional)': 'set-up/open',
      'Adult Alder (fictional)': 'information/open',
      'Adult Linden (fictional)': 'information/paused',
      'Adult Sorrel (fictional)': 'drafting/open',
      'Adult Willow (fictional)': 'sign-off/open',
      'Adult Hazel (fictional)': 'publication/open',
      'Adult Aspen (fictional)': 'monitoring/open',
      'Adult Elm (fictional)': 'closed/closed',
      'Adult Maple (fictional)': 'closed/closed',
    });
    const byName = (name: string) => list.items.find((r: { victimPseudonym: string }) => r.victimPseudonym === name).id as string;
    const review = async (name: string) => (await api.get(manager, `/api/reviews/${byName(name)}`).expect(200)).body;

    // The overdue notification: notified 40 days ago, its decision a month later.
    const hawthorn = await review('Adult Hawthorn (fictional)');
    expect(hawthorn.notifiedOn).toBe('2026-10-17');
    expect(hawthorn.deadlines.find((d: { key: string }) => d.key === 'decision')).toMatchObject({ dueOn: '2026-11-17', status: 'missed' });

    // Gathering information: the IMR received with its document, the chronology overdue.
    const alder = await review('Adult Alder (fictional)');
    expect(alder.informationRequests.map((r: { receivedOn: string | null; dueOn: string }) => [r.dueOn, r.receivedOn])).toEqual(
      expect.arrayContaining([
        ['2026-12-01', TODAY],
        ['2026-11-14', null],
      ]),
    );
    const documents = (await api.get(manager, `/api/reviews/${alder.id}/documents`).expect(200)).body;
    expect(documents).toEqual([expect.objectContaining({ kind: 'imr', agencyName: 'Cheshire Police' })]);

    // Paused for the criminal trial, with its reason and expected end.
    const linden = await review('Adult Linden (fictional)');
    expect(linden.pauses).toEqual([
      expect.objectContaining({ category: 'criminal-proceedings', startedOn: '2026-10-27', endedOn: null, expectedEndOn: '2027-02-09' }),
    ]);
    expect(linden.pauses[0].reason).toMatch(/trial is listed/);

    // The extension keeps the first due date.
    const sorrel = await review('Adult Sorrel (fictional)');
    expect(sorrel.deadlines.find((d: { key: string }) => d.key === 'review')).toMatchObject({ dueOn: '2027-01-25', originalDueOn: '2026-12-04' });

    // At sign-off: the CSP board signed off, the Domestic Abuse Board's votes waiting.
    const willow = await review('Adult Willow (fictional)');
    expect(willow.signOffs.map((s: { board: string; decision: string }) => `${s.board}:${s.decision}`)).toEqual(['csp:approve', 'csp:approve']);

    // Back from QA subject to changes: one done, one outstanding.
    const hazel = await review('Adult Hazel (fictional)');
    expect(hazel.qaChanges.map((c: { status: string }) => c.status).sort()).toEqual(['done', 'outstanding']);

    // Published, in monitoring: housing's actions on track, overdue and complete.
    const actionOwner = await signIn('actions@halton.example');
    const actions = (await api.get(actionOwner, '/api/actions?pageSize=100').expect(200)).body.items;
    expect(actions.map((a: { status: string; overdue: boolean; dueOn: string }) => `${a.status}:${a.overdue}:${a.dueOn}`).sort()).toEqual([
      'complete:false:2026-12-16',
      'in-progress:false:2027-01-10',
      'in-progress:true:2026-11-06',
    ]);

    // The pilot area's OWHR: the notice to the Secretary of State due a month beginning with the notification.
    const pilot = await signIn('manager@pilot.example');
    const cedar = (await api.get(pilot, '/api/reviews?q=Cedar').expect(200)).body.items[0];
    const owhrReview = (await api.get(pilot, `/api/reviews/${cedar.id}`).expect(200)).body;
    expect(owhrReview).toMatchObject({ type: 'OWHR', reference: 'OWHR-2026-001', notifiedOn: '2026-11-05' });
    expect(owhrReview.deadlines.find((d: { key: string }) => d.key === 'sos-notice')).toMatchObject({ dueOn: '2026-12-04', status: 'open' });
  });

  it('opens each demo login on work that is theirs, as the guided tour says', async () => {
    const cspChair = await myWork('csp-chair@halton.example');
    expect(cspChair).toMatch(/Waiting for the CSP chair \(Dana Kettering\) to record the decision whether to hold a review/);
    expect(cspChair).toContain('Adult Hawthorn (fictional)');

    const manager = await myWork('manager@halton.example');
    expect(manager).toContain('Overdue');
    expect(manager).toContain('Adult Hazel (fictional)');

    const chair = await myWork('chair@review.example');
    expect(chair).toContain('Adult Rowan (fictional)');
    expect(chair).toMatch(/Information from Cheshire Police \(request 2\)/);

    const panel = await myWork('panel@halton.example');
    expect(panel).toMatch(/Information from Cheshire Police \(request 2\)/);

    for (const board of ['board@halton.example', 'dab-chair@halton.example', 'board-member@halton.example']) {
      const text = await myWork(board);
      expect(text).toContain('Adult Willow (fictional)');
      expect(text).toContain('Halton Domestic Abuse Board');
    }

    const actions = await myWork('actions@halton.example');
    expect(actions).toContain('Fictional demo: train every housing officer in asking about abuse.');

    const pilot = await myWork('manager@pilot.example');
    expect(pilot).toContain('Adult Cedar (fictional)');
    expect(pilot).toMatch(/Secretary of State/);
  });

  it('adds nothing on a second start, and its audit trail verifies', async () => {
    const before = await counts(api);
    await api.app.get(BootstrapService).onApplicationBootstrap();
    expect(await counts(api)).toEqual(before);

    const admin = await signIn('admin@halton.example');
    expect((await api.get(admin, '/api/audit/verify').expect(200)).body).toMatchObject({ ok: true, firstBrokenSeq: null });
  });

  it('records an action plan agreed before it was entered, with the day it was set (setOn), and refuses a wrong date naming its field', async () => {
    const manager = await signIn('manager@halton.example');
    const aspen = (await api.get(manager, '/api/reviews?q=Aspen').expect(200)).body.items[0];
    const [recommendation] = (await api.get(manager, `/api/reviews/${aspen.id}/recommendations`).expect(200)).body;
    const path = `/api/reviews/${aspen.id}/recommendations/${recommendation.id}/actions`;
    const action = { description: 'Fictional: audit the tenancy visit forms.', owningAgency: 'housing' };
    const field = async (body: object) =>
      (await api.post(manager, path, { ...action, ...body }).expect(400)).body.errors.map((e: { field: string }) => e.field);
    expect(await field({ dueOn: '2026-11-20' })).toEqual(['dueOn']);
    expect(await field({ dueOn: '2026-12-20', setOn: '2026-11-27' })).toEqual(['setOn']);
    expect(await field({ dueOn: '2026-11-01', setOn: '2026-11-10' })).toEqual(['dueOn']);
    const late = (await api.post(manager, path, { ...action, dueOn: '2026-11-20', setOn: '2026-11-10' }).expect(201)).body;
    expect(late).toMatchObject({ dueOn: '2026-11-20', overdue: true });
  });

  it('holds no real person: every victim is an obviously fictional pseudonym and no real name is recorded', async () => {
    const deaths = await api.db.query('SELECT victim_pseudonym FROM deaths');
    expect(deaths.rows.length).toBeGreaterThan(0);
    for (const { victim_pseudonym } of deaths.rows) expect(victim_pseudonym).toMatch(/^Adult (\w+ \(fictional\)|Demo)$/);
    expect(Number((await api.db.query('SELECT count(*)::int AS n FROM death_identities')).rows[0].n)).toBe(0);
    const recipients = await api.db.query('SELECT DISTINCT to_address FROM outbox_messages');
    for (const { to_address } of recipients.rows) expect(to_address).toMatch(/\.example$/);
  });
});

describe('Without the demo (SEED_DEMO=false, the default outside the quick start)', () => {
  let api: TestApi;

  beforeAll(async () => {
    process.env.SEED_DEMO = 'false';
    api = await TestApi.start({ today: TODAY });
  });
  afterAll(() => api.stop());

  it('seeds no demo people and no demo reviews', async () => {
    const reviews = await api.db.query('SELECT count(*)::int AS n FROM reviews');
    expect(reviews.rows[0].n).toBe(0);
    const demoPeople = await api.db.query(`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@halton.example' OR email LIKE '%@pilot.example'`);
    expect(demoPeople.rows[0].n).toBe(0);
  });
});
