import { join } from 'node:path';
import { Journey, launchChromium, signIn } from './support/browser';
import { ADMIN, notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/** The shipped DHR edition names its retention rule: 6 years after closure (local practice). */
const EDITION = 'dhr-2016-v4';

/** Fictional only. */
const CIRCUMSTANCES = 'Fictional circumstances held in confidence for the retention test.';
const RATIONALE = 'Fictional rationale: the criteria for a review are not met.';
const REAL_NAME = 'Fictional Realname Retentiontest';
const PLACE = 'A fictional street in the test area';
const PROTECTED_NAME = 'Fictional Protected Retentiontest';
const IICSA = 'IICSA instruction: records touching child sexual abuse';

describe('Retention: records due for disposal, legal holds, and disposal on confirmation', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser, auditor: TestUser;
  let ended: { id: string; reference: string };
  let later: { id: string; reference: string };
  let running: { id: string; reference: string };
  let holdId: string;

  const due = async () => (await api.get(admin, '/api/admin/retention/due').expect(200)).body;
  const dispose = (user: TestUser, id: string, confirmReference: string) => api.post(user, `/api/admin/retention/reviews/${id}/dispose`, { confirmReference });
  const put = (user: TestUser, path: string, body: object) => api.http().put(path).set('Authorization', `Bearer ${user.token}`).send(body);
  const del = (user: TestUser, path: string) => api.http().delete(path).set('Authorization', `Bearer ${user.token}`);
  const sql = async (text: string, parameters: unknown[] = []) => (await api.db.query(text, parameters)).rows;

  /** A DHR decided not to be held on `on` (so ended, at once): the simplest ended review. */
  async function notHeld(notifiedOn: string, on: string, overrides: Record<string, unknown> = {}) {
    api.clock.setDate(notifiedOn);
    const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn, dateOfDeath: notifiedOn, ...overrides })).expect(201)).body;
    api.clock.setDate(on);
    await api.action(cspChair, review.id, 'decide', { outcome: 'not-held', decidedOn: on, rationale: RATIONALE }).expect(200);
    return { id: review.id as string, reference: review.reference as string };
  }

  beforeAll(async () => {
    api = await TestApi.start({ today: '2020-01-10' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    auditor = await api.user(['auditor']);
    ended = await notHeld('2020-01-10', '2020-01-20', {
      circumstances: CIRCUMSTANCES,
      placeOfDeath: PLACE,
      victim: { pseudonym: 'Adult R', ageAtDeath: 52, sex: 'male', name: REAL_NAME },
    });
    later = await notHeld('2020-02-20', '2020-03-02');
    api.clock.setDate('2020-04-01');
    running = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2020-04-01', dateOfDeath: '2020-03-30' })).expect(201)).body;
    api.clock.setDate('2026-02-10');
  });
  afterAll(async () => {
    await api.stop();
  });

  it("shows each review type's retention rule with its source", async () => {
    const rules = (await api.get(admin, '/api/admin/retention/rules').expect(200)).body;
    expect(rules.find((r: { reviewType: string }) => r.reviewType === 'DHR')).toMatchObject({
      defaultRuleset: EDITION,
      rulesetRule: { years: 6, after: 'closure', source: [{ kind: 'local-practice', cite: expect.stringContaining('6 years after closure') }] },
      partnershipSetting: null,
      effective: { years: 6, partnershipSetting: false },
      summary: '6 years after closure',
    });
    const owhr = rules.find((r: { reviewType: string }) => r.reviewType === 'OWHR');
    expect(owhr).toMatchObject({ rulesetRule: { years: 6, after: 'closure' }, summary: '6 years after closure' });
  });

  it('keeps personal data out of the audit chain in clear: it is sealed under the review’s own key', async () => {
    const raw = await sql(`SELECT a::text AS row FROM audit_entries a`);
    expect(raw.filter((r) => [CIRCUMSTANCES, RATIONALE, REAL_NAME, PLACE].some((text) => r.row.includes(text)))).toEqual([]);
    const [created] = await sql(`SELECT changes FROM audit_entries WHERE action = 'review.created' AND review_id = $1`, [ended.id]);
    expect(created.changes.sealed).toMatchObject({ of: ended.id, fields: ['input', 'death.recorded'] });
    // Those who may read the trail read it in place while the key exists.
    const trail = (await api.get(manager, `/api/reviews/${ended.id}/audit?pageSize=100`).expect(200)).body.items;
    expect(trail.find((e: { action: string }) => e.action === 'review.created').changes.input.circumstances).toBe(CIRCUMSTANCES);
    expect(trail.find((e: { action: string }) => e.action === 'review.action.decide').changes.input.rationale).toBe(RATIONALE);
  });

  it('lists the ended reviews past their retention date, with the rule, its source and the due date; never one still running', async () => {
    const page = await due();
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(page.items).toEqual([
      {
        reviewId: ended.id,
        reference: ended.reference,
        type: 'DHR',
        typeName: expect.stringContaining('Domestic Homicide Review'),
        ruleset: EDITION,
        endedOn: '2020-01-20',
        endStage: 'closed',
        rule: expect.objectContaining({ years: 6, after: 'closure', partnershipSetting: false, source: [expect.objectContaining({ kind: 'local-practice' })] }),
        dueOn: '2026-01-20',
        legalHolds: [],
      },
    ]);
    expect(JSON.stringify(page)).not.toContain(running.reference);
  });

  it("lets an administrator set the partnership's own period, which moves the due dates; audited, and undone back to the ruleset's", async () => {
    const set = (await put(admin, '/api/admin/retention/rules/DHR', { years: 5 }).expect(200)).body;
    expect(set).toMatchObject({
      partnershipSetting: { years: 5, partnershipSetting: true, setBy: { id: admin.id }, source: [{ kind: 'local-practice' }] },
      effective: { years: 5, partnershipSetting: true },
      summary: '5 years after closure',
    });
    // Sorted by due date: the earlier end first; the later one is now due too (2025-03-02).
    const page = await due();
    expect(page.items.map((i: { reference: string; dueOn: string }) => [i.reference, i.dueOn])).toEqual([
      [ended.reference, '2025-01-20'],
      [later.reference, '2025-03-02'],
    ]);
    expect(page.items[1].rule).toMatchObject({ years: 5, partnershipSetting: true });
    expect((await api.get(admin, '/api/admin/retention/due?pageSize=1&page=2').expect(200)).body).toMatchObject({
      total: 2,
      items: [{ reference: later.reference }],
    });
    const bad = await put(admin, '/api/admin/retention/rules/DHR', { years: 0 }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'years' })]);
    await put(admin, '/api/admin/retention/rules/NOPE', { years: 5 }).expect(404);

    await del(admin, '/api/admin/retention/rules/DHR').expect(200);
    expect((await due()).items.map((i: { reference: string }) => i.reference)).toEqual([ended.reference]);
    const entries = await sql(`SELECT action, changes FROM audit_entries WHERE action LIKE 'retention-rule.%' ORDER BY seq`);
    expect(entries).toEqual([
      {
        action: 'retention-rule.set',
        changes: expect.objectContaining({ reviewType: 'DHR', before: expect.objectContaining({ years: 6 }), after: expect.objectContaining({ years: 5 }) }),
      },
      {
        action: 'retention-rule.cleared',
        changes: expect.objectContaining({ reviewType: 'DHR', after: expect.objectContaining({ years: 6, partnershipSetting: false }) }),
      },
    ]);
  });

  it('refuses everyone but an administrator the rules, the list and disposal (403)', async () => {
    for (const user of [manager, cspChair, auditor]) {
      expect((await api.get(user, '/api/admin/retention/due').expect(403)).body.code).toBe('not-allowed');
      await api.get(user, '/api/admin/retention/rules').expect(403);
      await put(user, '/api/admin/retention/rules/DHR', { years: 1 }).expect(403);
      expect((await dispose(user, ended.id, ended.reference).expect(403)).body).toMatchObject({ code: 'not-allowed', requiredRoles: ['administrator'] });
    }
    await api.post(auditor, `/api/reviews/${ended.id}/legal-holds`, { reason: IICSA }).expect(403);
  });

  it('refuses disposal while a legal hold is on, naming the hold', async () => {
    const hold = (await api.post(cspChair, `/api/reviews/${ended.id}/legal-holds`, { reason: IICSA }).expect(201)).body;
    holdId = hold.id;
    expect(hold).toMatchObject({ reviewId: ended.id, reason: IICSA, active: true, placedBy: { id: cspChair.id } });
    expect((await due()).items[0].legalHolds).toEqual([expect.objectContaining({ id: holdId, reason: IICSA })]);
    expect((await api.get(auditor, `/api/reviews/${ended.id}/legal-holds`).expect(200)).body).toEqual([expect.objectContaining({ id: holdId, active: true })]);

    const refused = await dispose(admin, ended.id, ended.reference).expect(409);
    expect(refused.body).toMatchObject({ code: 'conflict', legalHolds: [expect.objectContaining({ id: holdId })] });
    expect(refused.body.detail).toContain(IICSA);
    expect((await sql(`SELECT circumstances, disposed_at FROM reviews WHERE id = $1`, [ended.id]))[0]).toEqual({
      circumstances: CIRCUMSTANCES,
      disposed_at: null,
    });
    // A CSP manager may place a hold, not lift one.
    await api.post(manager, `/api/reviews/${ended.id}/legal-holds/${holdId}/lift`, { reason: 'Fictional.' }).expect(403);
  });

  it('refuses a review not yet due, saying the date, and one that has not ended', async () => {
    const early = await dispose(admin, later.id, later.reference).expect(409);
    expect(early.body.code).toBe('conflict');
    expect(early.body.dueOn).toBe('2026-03-02');
    expect(early.body.detail).toContain('2026-03-02');
    const open = await dispose(admin, running.id, running.reference).expect(409);
    expect(open.body.detail).toMatch(/has not ended/);
    await dispose(admin, '00000000-0000-4000-8000-000000000000', 'DHR-2020-001').expect(404);
  });

  it('after the hold is lifted, refuses a wrong confirmation, naming the field', async () => {
    const lifted = (
      await api.post(cspChair, `/api/reviews/${ended.id}/legal-holds/${holdId}/lift`, { reason: 'The Inquiry released the records (fictional).' }).expect(200)
    ).body;
    expect(lifted).toMatchObject({ active: false, liftedBy: { id: cspChair.id }, liftReason: expect.any(String) });
    expect((await due()).items[0].legalHolds).toEqual([]);
    const wrong = await dispose(admin, ended.id, later.reference).expect(400);
    expect(wrong.body).toMatchObject({ code: 'invalid-input', errors: [expect.objectContaining({ field: 'confirmReference' })] });
    await api.post(admin, `/api/admin/retention/reviews/${ended.id}/dispose`, {}).expect(400);
    expect((await sql(`SELECT disposed_at FROM reviews WHERE id = $1`, [ended.id]))[0].disposed_at).toBeNull();
  });

  it('disposes of it on confirmation: personal data gone, statistical shape and audit entries kept, the chain still verifying', async () => {
    const shapeOf = async () => ({
      review: (
        await sql(
          `SELECT type, ruleset_key, stage, status, stages_reached, to_char(notified_on, 'YYYY-MM-DD') AS notified, to_char(decided_on, 'YYYY-MM-DD') AS decided,
                  decision_outcome, to_char(stage_entered_on, 'YYYY-MM-DD') AS ended FROM reviews WHERE id = $1`,
          [ended.id],
        )
      )[0],
      deadlines: await sql(`SELECT key, due_on, original_due_on, completed_on, cancelled FROM deadlines WHERE review_id = $1 ORDER BY key`, [ended.id]),
      history: await sql(`SELECT action, occurred_on, from_stage, to_stage FROM review_events WHERE review_id = $1 ORDER BY id`, [ended.id]),
      victim: (
        await sql(`SELECT victim_age_at_death, victim_sex, date_of_death FROM deaths d JOIN reviews r ON r.death_id = d.id WHERE r.id = $1`, [ended.id])
      )[0],
      entries: (await sql(`SELECT seq, hash FROM audit_entries WHERE review_id = $1 ORDER BY seq`, [ended.id])).map((e) => `${e.seq}:${e.hash}`),
    });
    // A document on the review: its title, file name and content go at disposal.
    const letter = (
      await api
        .http()
        .post(`/api/reviews/${ended.id}/documents`)
        .set('Authorization', `Bearer ${manager.token}`)
        .field('kind', 'family-correspondence')
        .field('title', `Letter about ${PLACE}`)
        .attach('file', Buffer.from(`Fictional letter: ${CIRCUMSTANCES}`), { filename: 'letter.txt' })
        .expect(201)
    ).body;
    // A protected name recorded on the review (libs/anonymisation) goes with it.
    await api.post(manager, `/api/reviews/${ended.id}/protected-identities`, { role: 'perpetrator', name: PROTECTED_NAME }).expect(201);
    // A parallel proceeding and a panel meeting recorded while it ran (written here directly: the review has ended, so no action records them now).
    await sql(
      `INSERT INTO proceedings (partnership_id, review_id, kind, body, reference, hearings, status, concluded_on, contact, outcome, created_at, updated_at)
       SELECT partnership_id, id, 'inquest', 'Fictional Coroner''s Court', 'INQ-FICT-1', '[{"date": "2020-01-15", "what": "Pre-inquest review"}]', 'concluded', '2020-01-18',
              'Coroner''s officer', 'Fictional outcome', now(), now() FROM reviews WHERE id = $1`,
      [ended.id],
    );
    await sql(
      `INSERT INTO panel_meetings (id, review_id, starts_at, ends_at, place, agenda, status, minutes_text, created_at)
       VALUES (gen_random_uuid(), $1, '2020-01-12T10:00:00Z', '2020-01-12T11:00:00Z', $2, 'Fictional agenda', 'scheduled', 'Fictional minutes', now())`,
      [ended.id, PLACE],
    );
    // A family member's real name and the contact log's summaries (libs/family) go too; the pseudonym stays.
    const relative = (
      await api
        .post(manager, `/api/reviews/${ended.id}/family`, {
          pseudonym: 'Mother',
          realName: 'Morwenna Fictional-Parent',
          relationship: 'Mother',
          involvement: 'kept-informed',
        })
        .expect(201)
    ).body;
    await api
      .post(manager, `/api/reviews/${ended.id}/family-contacts`, {
        contactedOn: '2020-01-20',
        method: 'letter',
        memberIds: [relative.id],
        summary: 'Fictional: told of the decision.',
      })
      .expect(201);
    const before = await shapeOf();
    expect(before.review).toMatchObject({ type: 'DHR', stage: 'closed', status: 'closed', decision_outcome: 'not-held', ended: '2020-01-20' });

    const done = (await dispose(admin, ended.id, ended.reference).expect(200)).body;
    expect(done).toMatchObject({
      reviewId: ended.id,
      reference: ended.reference,
      disposedBy: { id: admin.id },
      dueOn: '2026-01-20',
      deathDisposed: true,
      // One key destroyed (the review's); the death had none yet, and gets a tombstone so none is made later.
      removed: expect.objectContaining({
        circumstances: 1,
        decisionRationale: 1,
        historyDetails: 1,
        victimIdentity: 1,
        deathFacts: 1,
        auditDataKeys: 1,
        protectedNames: 1,
      }),
    });

    expect(done.removed).toMatchObject({ documents: 1, documentVersions: 1, proceedings: 1, panelMeetings: 1, meetingActions: 0 });
    expect(done.removed).toMatchObject({ familyRealNames: 1, familyContactSummaries: 1, familyNotToldReasons: 0 });
    // The proceeding keeps its kind, body, dates and status; the meeting its times; their words go.
    expect(await sql(`SELECT kind, body, reference, contact, outcome, status, hearings FROM proceedings WHERE review_id = $1`, [ended.id])).toEqual([
      {
        kind: 'inquest',
        body: "Fictional Coroner's Court",
        reference: '(removed at disposal)',
        contact: '(removed at disposal)',
        outcome: '(removed at disposal)',
        status: 'concluded',
        hearings: [{ date: '2020-01-15', what: '(removed at disposal)' }],
      },
    ]);
    expect(await sql(`SELECT place, agenda, minutes_text, link FROM panel_meetings WHERE review_id = $1`, [ended.id])).toEqual([
      { place: '(removed at disposal)', agenda: '(removed at disposal)', minutes_text: '(removed at disposal)', link: null },
    ]);
    expect(await sql(`SELECT count(*)::int AS n FROM family_member_identities WHERE review_id = $1`, [ended.id])).toEqual([{ n: 0 }]);
    expect(await sql(`SELECT summary FROM family_contacts WHERE review_id = $1`, [ended.id])).toEqual([{ summary: '(removed at disposal)' }]);
    expect(await sql(`SELECT pseudonym FROM family_members WHERE review_id = $1`, [ended.id])).toEqual([{ pseudonym: 'Mother' }]);
    expect(await sql(`SELECT count(*)::int AS n FROM document_chunks WHERE review_id = $1`, [ended.id])).toEqual([{ n: 0 }]);
    expect(await sql(`SELECT title FROM documents WHERE id = $1`, [letter.id])).toEqual([{ title: '(removed at disposal)' }]);
    expect(await sql(`SELECT filename, storage_key, size, sha256 FROM document_versions WHERE document_id = $1`, [letter.id])).toEqual([
      { filename: '(removed at disposal)', storage_key: null, size: letter.latest.size, sha256: letter.latest.sha256 },
    ]);
    await api.get(manager, letter.latest.contentUrl).expect(404);

    // The chain verifies: nothing in an entry changed.
    expect((await api.get(admin, '/api/audit/verify').expect(200)).body).toMatchObject({ ok: true, firstBrokenSeq: null });
    const after = await shapeOf();
    expect(after).toEqual({ ...before, entries: expect.arrayContaining(before.entries) });

    // The personal data is gone from the tables and cannot be read from the chain.
    expect((await sql(`SELECT circumstances, decision_rationale, disposed_by FROM reviews WHERE id = $1`, [ended.id]))[0]).toEqual({
      circumstances: '(removed at disposal)',
      decision_rationale: '(removed at disposal)',
      disposed_by: admin.id,
    });
    const [death] = await sql(`SELECT d.id, place_of_death, victim_pseudonym FROM deaths d JOIN reviews r ON r.death_id = d.id WHERE r.id = $1`, [ended.id]);
    expect(death).toMatchObject({ place_of_death: null, victim_pseudonym: '(removed at disposal)' });
    expect(await sql(`SELECT * FROM death_identities WHERE death_id = $1`, [death.id])).toEqual([]);
    expect(await sql(`SELECT * FROM protected_identities WHERE review_id = $1`, [ended.id])).toEqual([]);
    expect(await sql(`SELECT 1 FROM audit_entries a WHERE a::text LIKE $1`, [`%${PROTECTED_NAME}%`])).toEqual([]);
    expect(
      await sql(`SELECT subject_id, data_key FROM audit_data_keys WHERE subject_id = ANY ($1::uuid[]) ORDER BY subject_id`, [[ended.id, death.id]]),
    ).toEqual([ended.id, death.id].sort().map((subject_id) => ({ subject_id, data_key: null })));
    const everything = JSON.stringify(
      await sql(
        `SELECT r::text FROM reviews r WHERE id = $1 UNION ALL SELECT d::text FROM deaths d WHERE id = $2 UNION ALL SELECT e::text FROM review_events e WHERE review_id = $1
         UNION ALL SELECT a::text FROM audit_entries a`,
        [ended.id, death.id],
      ),
    );
    expect([CIRCUMSTANCES, RATIONALE, REAL_NAME, PLACE].filter((text) => everything.includes(text))).toEqual([]);

    // The trail stays readable where it is not personal, and records the disposal, with nothing personal in it.
    const trail = (await api.get(manager, `/api/reviews/${ended.id}/audit?pageSize=100`).expect(200)).body.items;
    const created = trail.find((e: { action: string }) => e.action === 'review.created');
    expect(created.changes).toMatchObject({ after: { stage: 'decision' }, personalDataRemoved: ['input', 'death.recorded'] });
    expect(created.changes.input).toBeUndefined();
    expect(trail.find((e: { action: string }) => e.action === 'review.action.decide').changes).toMatchObject({
      after: { stage: 'closed', decisionOutcome: 'not-held' },
      personalDataRemoved: ['input', 'details'],
    });
    expect(trail.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['review.legal-hold-placed', 'review.legal-hold-lifted', 'review.disposed']),
    );
    const disposed = trail.find((e: { action: string }) => e.action === 'review.disposed');
    expect(disposed).toMatchObject({
      actorId: admin.id,
      changes: { reference: ended.reference, endedOn: '2020-01-20', dueOn: '2026-01-20', deathDisposed: true },
    });

    // The review shows it, takes nothing more, and is no longer due.
    const review = (await api.get(manager, `/api/reviews/${ended.id}`).expect(200)).body;
    expect(review).toMatchObject({ disposedAt: done.disposedAt, circumstances: '(removed at disposal)', availableActions: [] });
    const action = await api.action(manager, ended.id, 'record-home-office-notice', { sentOn: '2026-02-10' }).expect(409);
    expect(action.body.detail).toMatch(/disposed of/);
    expect((await due()).items).toEqual([]);
    expect((await dispose(admin, ended.id, ended.reference).expect(409)).body.detail).toMatch(/already disposed of/);
    await api.post(cspChair, `/api/reviews/${ended.id}/legal-holds`, { reason: IICSA }).expect(409);
    await api.get(manager, `/api/deaths/${death.id}/identity`).expect(404);
  });

  it('does the same on the web pages: the rule set, the list, a hold placed and lifted on the review page, and disposal confirmed', async () => {
    const web = new WebClient(api);
    await web.signIn(ADMIN.email, ADMIN.password);
    expect(pageText((await web.get('/admin/retention')).text)).toContain('6 years after closure');
    let res = await web.post('/admin/retention/DHR', { years: '0' });
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toMatch(/There is a problem/);
    res = await web.post('/admin/retention/DHR', { years: '5' });
    expect(res.status).toBe(303);
    let page = pageText((await web.get('/admin/disposal')).text);
    expect(page).toContain(later.reference);
    expect(page).toContain('2 March 2025');

    // The CSP chair puts a hold on it from the review's page.
    const chairWeb = new WebClient(api);
    await chairWeb.signIn((await api.db.query('SELECT email FROM users WHERE id = $1', [cspChair.id])).rows[0].email, PASSWORD);
    expect(pageText((await chairWeb.get(`/reviews/${later.id}`)).text)).toContain('No legal hold is on');
    expect((await chairWeb.post(`/reviews/${later.id}/legal-holds`, { reason: IICSA })).status).toBe(303);
    expect(pageText((await chairWeb.get(`/reviews/${later.id}`)).text)).toContain(`On hold: ${IICSA}`);

    page = pageText((await web.get(`/admin/disposal/${later.id}`)).text);
    expect(page).toContain('On legal hold');
    res = await web.post(`/admin/disposal/${later.id}`, { confirmReference: later.reference });
    expect(res.status).toBe(409);
    expect(pageText(res.text)).toContain(IICSA);

    const [hold] = (await api.get(cspChair, `/api/reviews/${later.id}/legal-holds`).expect(200)).body;
    expect((await chairWeb.post(`/reviews/${later.id}/legal-holds/${hold.id}/lift`, { reason: 'Released (fictional).' })).status).toBe(303);
    res = await web.post(`/admin/disposal/${later.id}`, { confirmReference: 'DHR-1999-999' });
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain('The review’s reference must be typed exactly as shown above');
    res = await web.post(`/admin/disposal/${later.id}`, { confirmReference: later.reference });
    expect(res.status).toBe(303);
    expect(pageText((await web.get(res.headers.location as string)).text)).toContain(`The personal data of ${later.reference} was disposed of`);
    expect(pageText((await chairWeb.get(`/reviews/${later.id}`)).text)).toContain('personal data was disposed of');
    expect((await api.get(admin, '/api/audit/verify').expect(200)).body.ok).toBe(true);

    // Not for anyone else.
    expect((await chairWeb.get('/admin/disposal')).status).toBe(403);
    await del(admin, '/api/admin/retention/rules/DHR').expect(200);
  });

  it('has no axe-core violations at WCAG 2.2 AA on the retention pages, in a real browser', async () => {
    const third = await notHeld('2019-05-01', '2019-05-10', { victim: { pseudonym: 'Adult S', ageAtDeath: 38, sex: 'female' } });
    api.clock.setDate('2026-02-10');
    await api.post(manager, `/api/reviews/${third.id}/legal-holds`, { reason: IICSA }).expect(201);
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    const journey = new Journey(join(__dirname, 'artifacts', 'retention'), url);
    const browser = await launchChromium();
    try {
      const administrator = await journey.person(browser, 'administrator');
      await signIn(administrator.page, ADMIN.email, ADMIN.password);
      await administrator.open('/admin/retention', 'retention');
      await administrator.page.fill('#retention-dhr-years', '101');
      await administrator.page.getByRole('button', { name: 'Set the period for DHR' }).click();
      await administrator.check('retention-refused');
      await administrator.open('/admin/disposal', 'due');
      await administrator.open(`/admin/disposal/${third.id}`, 'on-hold');
      const chair = await journey.person(browser, 'csp-chair');
      const email = (await api.db.query('SELECT email FROM users WHERE id = $1', [cspChair.id])).rows[0].email;
      await signIn(chair.page, email, PASSWORD);
      await chair.open(`/reviews/${third.id}#legal-holds`, 'review-on-hold');
      const [hold] = (await api.get(cspChair, `/api/reviews/${third.id}/legal-holds`).expect(200)).body;
      await chair.page.locator(`#lift-legal-hold-${hold.id} summary`).click();
      await chair.page.fill(`#lift-legal-hold-${hold.id}-reason`, 'Released (fictional).');
      await chair.page.getByRole('button', { name: 'Lift this hold' }).click();
      await chair.check('review-hold-lifted');
      await administrator.open(`/admin/disposal/${third.id}`, 'confirm');
      await administrator.page.fill('#dispose-confirmReference', 'DHR-1999-999');
      await administrator.page.getByRole('button', { name: 'Dispose of the records' }).click();
      await administrator.check('confirm-refused');
      await administrator.page.fill('#dispose-confirmReference', third.reference);
      await administrator.page.getByRole('button', { name: 'Dispose of the records' }).click();
      await administrator.check('disposed');
      await chair.open(`/reviews/${third.id}`, 'review-disposed');
    } finally {
      await browser.close();
    }
    expect(journey.pagesChecked.length).toBe(10);
    expect(journey.findings).toEqual([]);
    expect((await api.get(admin, '/api/audit/verify').expect(200)).body.ok).toBe(true);
  });
});
