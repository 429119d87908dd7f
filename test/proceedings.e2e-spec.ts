import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { fillDate, Journey, launchChromium, signIn } from './support/browser';
import { actOn } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/** Where this file's screenshots go (gitignored). */
const SCREENSHOTS = join(__dirname, 'artifacts', 'proceedings');

interface Deadline {
  key: string;
  label: string;
  dueOn: string;
  status: string;
  overdue: boolean;
  pausedDays: number;
}
interface Problem {
  status: number;
  errors?: { field: string; message: string }[];
}
const fields = (body: Problem) => (body.errors ?? []).map((e) => e.field);

/** The rows of an HTML page's tables that mention `text`, each as plain text. */
const rowsWith = (html: string, text: string): string[] =>
  html
    .split(/<tr[\s>]/)
    .slice(1)
    .map((row) => pageText(`<tr ${row.split('</tr>')[0]}</tr>`).trim())
    .filter((row) => row.includes(text));

/** A browser check drives real pages with axe: more than the default minute on a busy machine. */
jest.setTimeout(180_000);
describe('Parallel proceedings: recorded, named by a pause, shown while paused and counted in the board report', () => {
  let api: TestApi;
  let browser: Browser;
  let journey: Journey;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, boardMember: TestUser;
  let paused = '';
  let control = '';
  let trialId = '';
  let otherReviewsInquest = '';

  const review = async (id: string) => (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
  const deadline = (view: { deadlines: Deadline[] }, key: string): Deadline => view.deadlines.find((d) => d.key === key)!;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    manager = await api.user(['csp-manager'], undefined, 'Fictional Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Fictional CSP Chair');
    chair = await api.user(['independent-chair'], undefined, 'Fictional Independent Chair');
    boardMember = await api.boardMember(['csp', 'dab'], 'Fictional Board Member');
    browser = await launchChromium();
    journey = new Journey(SCREENSHOTS, url);

    // Two DHRs held on 2 March 2026: the review is due six months on, 2 September 2026.
    for (const pseudonym of ['Adult P', 'Adult Q']) {
      const created = (
        await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-01', victim: { pseudonym, ageAtDeath: 41, sex: 'female' } })).expect(201)
      ).body;
      await actOn(
        api,
        cspChair,
        created.id,
        'decide',
        { outcome: 'hold', decidedOn: '2026-03-02', rationale: 'Fictional: the criteria are met.' },
        '2026-03-02',
      );
      await actOn(api, manager, created.id, 'record-home-office-notice', { sentOn: '2026-03-03' }, '2026-03-03');
      if (pseudonym === 'Adult P') paused = created.id;
      else control = created.id;
    }
  });
  afterAll(async () => {
    await browser?.close();
    await api.stop();
  });

  it('records a criminal trial with its court, reference, hearings, expected conclusion, status and a contact by role; GET lists it', async () => {
    // Nothing to update until one is recorded: the form is not offered, and the action is refused with why.
    expect((await api.get(manager, `/api/reviews/${paused}`).expect(200)).body.availableActions).not.toContain('update-proceeding');
    expect((await api.action(manager, paused, 'update-proceeding', { proceedingId: randomUUID(), status: 'under-way' }).expect(409)).body).toMatchObject({
      guard: 'proceeding-recorded',
    });
    await actOn(
      api,
      manager,
      paused,
      'record-proceeding',
      {
        kind: 'criminal-trial',
        body: 'Liverpool Crown Court',
        reference: 'T20267001',
        hearings: [
          { date: '2026-10-05', what: 'Trial begins' },
          { date: '2026-06-01', what: 'Plea and trial preparation hearing' },
        ],
        expectedConclusionOn: '2026-11-30',
        status: 'under-way',
        contact: 'Senior Investigating Officer, Cheshire Police',
      },
      '2026-03-05',
    );
    const list = (await api.get(chair, `/api/reviews/${paused}/proceedings`).expect(404)).body;
    expect(list.status).toBe(404); // not the review's chair yet: the review is not theirs to see
    const proceedings = (await api.get(manager, `/api/reviews/${paused}/proceedings`).expect(200)).body;
    expect(proceedings).toEqual([
      expect.objectContaining({
        kind: 'criminal-trial',
        kindName: 'Criminal trial',
        body: 'Liverpool Crown Court',
        reference: 'T20267001',
        hearings: [
          { date: '2026-06-01', what: 'Plea and trial preparation hearing' },
          { date: '2026-10-05', what: 'Trial begins' },
        ],
        expectedConclusionOn: '2026-11-30',
        status: 'under-way',
        statusName: 'Under way',
        contact: 'Senior Investigating Officer, Cheshire Police',
        concludedOn: null,
        outcome: null,
      }),
    ]);
    trialId = proceedings[0].id;
    expect((await api.get(manager, `/api/reviews/${paused}/proceedings/${trialId}`).expect(200)).body).toEqual(proceedings[0]);

    // The action is in the review's history and its audit trail.
    const view = await review(paused);
    expect(view.history.map((h: { action: string }) => h.action)).toContain('record-proceeding');
    const audit = await api.db.query(`SELECT changes FROM audit_entries WHERE review_id = $1 AND action = 'review.action.record-proceeding'`, [paused]);
    expect(audit.rows).toHaveLength(1);

    // Another review's inquest, to show a pause cannot name it.
    await actOn(api, cspChair, control, 'record-proceeding', { kind: 'inquest', body: "Cheshire Coroner's Court", status: 'adjourned' }, '2026-03-05');
    otherReviewsInquest = (await api.get(manager, `/api/reviews/${control}/proceedings`).expect(200)).body[0].id;
    await api.get(manager, `/api/reviews/${paused}/proceedings/${otherReviewsInquest}`).expect(404);
  });

  it('refuses bad input with 400s naming the field: kind, body, concludedOn, proceedingId and expectedEndOn', async () => {
    api.clock.setDate('2026-03-10');
    const refused = async (action: string, body: object) => (await api.action(cspChair, paused, action, body).expect(400)).body as Problem;
    expect(fields(await refused('record-proceeding', { kind: 'civil-claim', body: 'Liverpool Crown Court' }))).toEqual(['kind']);
    expect(fields(await refused('record-proceeding', { kind: 'inquest', body: '   ' }))).toEqual(['body']);
    expect(fields(await refused('record-proceeding', { kind: 'inquest', body: 'Cheshire Coroner’s Court', status: 'concluded' }))).toEqual(['concludedOn']);
    expect(
      fields(await refused('record-proceeding', { kind: 'inquest', body: 'Cheshire Coroner’s Court', hearings: [{ date: '2026-13-01', what: 'x' }] })),
    ).toEqual(['hearings.0.date']);
    expect(fields(await refused('update-proceeding', { proceedingId: otherReviewsInquest, status: 'concluded', concludedOn: '2026-03-09' }))).toEqual([
      'proceedingId',
    ]);

    const pause = { reason: 'Fictional: the panel cannot interview witnesses before the trial.', startedOn: '2026-03-10' };
    const unknown = await refused('pause', { ...pause, proceedingId: '0b0e8a8e-4a5c-4d0e-9a8e-2f8c1d3b7a61' });
    expect(fields(unknown)).toEqual(['proceedingId']);
    expect(fields(await refused('pause', { ...pause, proceedingId: otherReviewsInquest }))).toEqual(['proceedingId']);
    expect(fields(await refused('pause', { ...pause, proceedingId: 'not-an-id' }))).toEqual(['proceedingId']);
    const early = await refused('pause', { ...pause, proceedingId: trialId, expectedEndOn: '2026-03-09' });
    expect(fields(early)).toEqual(['expectedEndOn']);
    expect(early.errors![0].message).toContain('2026-03-10');
    expect((await review(paused)).status).toBe('open');
  });

  it('a pause tied to the criminal trial takes its expected end; the review view and page say category, reason, since when, what it waits for and until when', async () => {
    await actOn(
      api,
      cspChair,
      paused,
      'pause',
      { reason: 'Fictional: the panel cannot interview witnesses before the trial.', startedOn: '2026-03-10', proceedingId: trialId },
      '2026-03-10',
    );
    const view = await review(paused);
    expect(view.status).toBe('paused');
    expect(view.pauses).toEqual([
      expect.objectContaining({
        category: 'criminal-proceedings',
        categoryName: 'Criminal proceedings',
        reason: 'Fictional: the panel cannot interview witnesses before the trial.',
        startedOn: '2026-03-10',
        endedOn: null,
        expectedEndOn: '2026-11-30',
        proceeding: { id: trialId, kind: 'criminal-trial', kindName: 'Criminal trial', body: 'Liverpool Crown Court', reference: 'T20267001' },
      }),
    ]);

    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const page = pageText((await web.get(`/reviews/${paused}`)).text);
    expect(page).toContain('Paused since 10 March 2026: criminal proceedings. Fictional: the panel cannot interview witnesses before the trial.');
    expect(page).toContain('Waiting for: Criminal trial, Liverpool Crown Court (T20267001).');
    expect(page).toContain('Expected to end by 30 November 2026.');
    expect(page).not.toContain('Expected end passed');
  });

  it('past the review deadline while paused: paused, never overdue, on the page, GET /api/deadlines and My work (an unpaused review beside it is overdue)', async () => {
    // The control review is paused for ten days in August at the family's request (no proceeding).
    await actOn(
      api,
      cspChair,
      control,
      'pause',
      { reason: 'Fictional: the family asked for time.', startedOn: '2026-08-01', category: 'family-request' },
      '2026-08-01',
    );
    await actOn(api, cspChair, control, 'resume', { on: '2026-08-11' }, '2026-08-11');

    api.clock.setDate('2026-10-01');
    const view = await review(paused);
    const due = deadline(view, 'review');
    expect(due).toMatchObject({ dueOn: '2026-09-02', status: 'paused', overdue: false });
    expect(deadline(await review(control), 'review')).toMatchObject({ dueOn: '2026-09-12', status: 'missed', overdue: true });

    const listed = (await api.get(manager, `/api/deadlines?reviewId=${paused}`).expect(200)).body.items as Deadline[];
    expect(listed.find((d) => d.key === 'review')).toMatchObject({ status: 'paused', overdue: false });
    const missed = (await api.get(manager, `/api/deadlines?reviewId=${paused}&status=missed`).expect(200)).body.items as Deadline[];
    expect(missed).toEqual([]);

    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const html = (await web.get(`/reviews/${paused}`)).text;
    const [row] = rowsWith(html, due.label);
    expect(row).toContain('Paused');
    expect(row).not.toContain('Overdue');
    expect(pageText(html)).toContain('Expected to end by 30 November 2026.');

    const myWork = (await web.get('/my-work')).text;
    const pausedRef = view.reference as string;
    const controlRef = (await review(control)).reference as string;
    expect(rowsWith(myWork, controlRef).some((r) => r.includes(due.label) && r.includes('Overdue'))).toBe(true);
    expect(rowsWith(myWork, pausedRef).filter((r) => r.includes('Overdue'))).toEqual([]);
  });

  it('the board report counts time paused by cause: by category and by the proceeding’s kind, a running pause up to the as-at date (JSON, CSV, page)', async () => {
    api.clock.setDate('2026-10-01');
    const report = async (quarter: string) => (await api.get(manager, `/api/boards/csp/report?quarter=${quarter}`).expect(200)).body;
    const q3 = await report('2026-Q3');
    // The trial's pause ran through the quarter (92 days); the family's ten days in August.
    expect(q3.pausedTime.totalDays).toBe(102);
    expect(q3.pausedTime.byCategory).toEqual([
      { key: 'criminal-proceedings', label: 'Criminal proceedings', days: 92, pauses: 1 },
      { key: 'inquest', label: 'Inquest', days: 0, pauses: 0 },
      { key: 'family-request', label: 'The family asked', days: 10, pauses: 1 },
      { key: 'other', label: 'Other', days: 0, pauses: 0 },
    ]);
    expect(q3.pausedTime.byProceedingKind).toEqual([{ key: 'criminal-trial', label: 'Criminal trial', days: 92, pauses: 1 }]);
    // Still running: Q1 counts 10 to 31 March (22 days); Q4, a day in, counts that day.
    expect((await report('2026-Q1')).pausedTime.byProceedingKind).toEqual([{ key: 'criminal-trial', label: 'Criminal trial', days: 22, pauses: 1 }]);
    expect((await report('2026-Q4')).pausedTime).toMatchObject({ totalDays: 1 });

    const csv = (await api.get(manager, '/api/boards/csp/report?quarter=2026-Q3&format=csv').expect(200)).text;
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const row = (section: string, key: string) => rows.find((r) => r.section === section && r.key === key);
    expect(row('paused-time', 'all')).toMatchObject({ days_paused: '102' });
    expect(row('paused-time-by-category', 'criminal-proceedings')).toMatchObject({ days_paused: '92', pauses: '1' });
    expect(row('paused-time-by-category', 'family-request')).toMatchObject({ days_paused: '10', pauses: '1' });
    expect(row('paused-time-by-proceeding', 'criminal-trial')).toMatchObject({ label: 'Criminal trial', days_paused: '92', pauses: '1' });

    const web = new WebClient(api);
    await web.signIn(boardMember.email, PASSWORD);
    const html = (await web.get('/boards/csp/report?quarter=2026-Q3')).text;
    expect(rowsWith(html, 'Waiting for: Criminal trial')).toEqual(['Waiting for: Criminal trial 92 1']);
    expect(rowsWith(html, 'The family asked')).toEqual(['The family asked 10 1']);
  });

  it('in a real browser: the review page while paused and the proceedings page (where a proceeding is recorded through the form) have no axe findings', async () => {
    api.clock.setDate('2026-10-01');
    const { page, check, open } = await journey.person(browser, 'manager');
    await signIn(page, manager.email, PASSWORD);
    await open(`/reviews/${paused}`, 'review-paused');
    expect(await page.locator('#current-pause').textContent()).toContain('Waiting for: Criminal trial, Liverpool Crown Court (T20267001).');
    await page.getByRole('link', { name: /Criminal trials, inquests/ }).click();
    await check('proceedings');
    expect(await page.locator('h1').textContent()).toBe('Parallel proceedings');

    // Record an IOPC investigation through the review page's form, with a hearing.
    await page.getByRole('link', { name: 'Record a parallel proceeding' }).click();
    await page.locator('details#record-proceeding summary').click();
    const form = page.locator('form[action$="/actions/record-proceeding"]');
    await form.getByLabel('IOPC investigation').check();
    await form.getByLabel('Court or body').fill('Independent Office for Police Conduct');
    await form.getByLabel('Under way').check();
    await fillDate(page, 'record-proceeding-expectedConclusionOn', '2027-01-31');
    await fillDate(page, 'record-proceeding-hearings-0-date', '2026-11-02');
    await form.getByLabel('What the hearing is (optional)').fill('Interview of the officers');
    await form.getByLabel('Contact (optional)').fill('Lead Investigator, IOPC');
    await check('record-proceeding-form');
    await submit(page, () => form.getByRole('button', { name: 'Record a parallel proceeding' }).click());
    await check('recorded');
    await open(`/reviews/${paused}/proceedings`, 'proceedings-two');
    const text = await page.locator('main').textContent();
    expect(text).toContain('IOPC investigation: Independent Office for Police Conduct');
    expect(text).toContain('2 November 2026: Interview of the officers');
    expect((await api.get(manager, `/api/reviews/${paused}/proceedings`).expect(200)).body.map((p: { kind: string }) => p.kind)).toEqual([
      'criminal-trial',
      'iopc-investigation',
    ]);
    expect(journey.findings).toEqual([]);
    await page.context().close();
  });

  it('updates the trial (adjourned, a hearing added, a later conclusion); past the pause’s expected end the page says so; resuming moves the clock', async () => {
    await actOn(
      api,
      manager,
      paused,
      'update-proceeding',
      { proceedingId: trialId, status: 'adjourned', expectedConclusionOn: '2027-03-14', addHearings: [{ date: '2027-02-01', what: 'Trial relisted' }] },
      '2026-12-01',
    );
    const trial = (await api.get(manager, `/api/reviews/${paused}/proceedings/${trialId}`).expect(200)).body;
    expect(trial).toMatchObject({ status: 'adjourned', statusName: 'Adjourned', expectedConclusionOn: '2027-03-14' });
    expect(trial.hearings.map((h: { what: string }) => h.what)).toEqual(['Plea and trial preparation hearing', 'Trial begins', 'Trial relisted']);

    api.clock.setDate('2026-12-05');
    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const page = pageText((await web.get(`/reviews/${paused}`)).text);
    expect(page).toContain('Expected to end by 30 November 2026. Expected end passed');

    await actOn(api, cspChair, paused, 'resume', { on: '2026-12-07' }, '2026-12-07');
    const view = await review(paused);
    expect(view.status).toBe('open');
    expect(view.pauses[0]).toMatchObject({
      endedOn: '2026-12-07',
      pausedDays: 272,
      expectedEndOn: '2026-11-30',
      proceeding: expect.objectContaining({ id: trialId }),
    });
    expect(deadline(view, 'review')).toMatchObject({ dueOn: '2027-06-01', status: 'open', overdue: false });
    const after = pageText((await web.get(`/reviews/${paused}`)).text);
    expect(after).not.toContain('Paused since');
  });
});

/** Clicks a form's button and waits for the page the POST leads to. */
async function submit(page: Page, click: () => Promise<void>): Promise<void> {
  const answered = page.waitForResponse((res) => res.request().method() === 'POST');
  await click();
  await answered;
  await page.waitForLoadState();
}
