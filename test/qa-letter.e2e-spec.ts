import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { fillDate, Journey, launchChromium, signIn } from './support/browser';
import { uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';

/** Where this file's screenshots go (gitignored). */
const SCREENSHOTS = join(__dirname, 'artifacts', 'qa-letter');
const TODAY = '2026-03-02';
const URL = 'https://www.example.gov.uk/community-safety/dhr-adult-q-overview-report';
/** Fictional changes, as a QA panel's letter might list them. */
const CHANGE_1 = 'Fictional: remove the date of the inquest from paragraph 4.2.';
const CHANGE_2 = 'Fictional: add the action plan to the executive summary.';

/** A browser journey through several pages, each checked by axe: more than the default minute on a busy machine. */
jest.setTimeout(180_000);

describe('The QA letter (issue 16.4): required changes as a checklist, publication held until each is done or explained, where it was published', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, board: TestUser, panelMember: TestUser;

  const sql = async (text: string, parameters: unknown[] = []) => (await api.db.query(text, parameters)).rows;
  const read = async (id: string) => (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
  const fieldsOf = (body: { code: string; errors: { field: string }[] }) => {
    expect(body.code).toBe('invalid-input');
    return body.errors.map((e) => e.field);
  };
  const publish = (id: string, body: object) => api.action(manager, id, 'publish', body);
  const fullPublish = { publishedOn: TODAY, url: URL, qaLetterPublished: true };

  /** A fictional DHR taken to the Home Office QA panel: held, chaired, drafted with a clean report, signed off by both boards, submitted, the family told. */
  const atHomeOfficeQa = async (pseudonym: string) => {
    const id = (
      await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-02-01', victim: { pseudonym, ageAtDeath: 44, sex: 'female' } })).expect(201)
    ).body.id as string;
    await api.action(cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.action(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-03' }).expect(200);
    await api.action(chair, id, 'add-panel-member', { userId: panelMember.id, agency: 'housing' }).expect(200);
    await api.action(chair, id, 'agree-terms-of-reference', { agreedOn: '2026-02-04' }).expect(200);
    await api.action(chair, id, 'complete-information', { on: '2026-02-05' }).expect(200);
    await uploadReport(api, chair, id);
    await signOffAndSubmit(id);
    // The family is told before publication (libs/family's guard on publish), so only the QA changes hold it back here.
    await api.action(chair, id, 'record-family-told-of-publication', { toldOn: TODAY }).expect(200);
    return id;
  };
  const signOffAndSubmit = async (id: string) => {
    await api.action(chair, id, 'complete-draft', { on: TODAY }).expect(200);
    await api.action(board, id, 'sign-off', { decision: 'approve', board: 'csp', on: TODAY }).expect(200);
    await api.action(board, id, 'sign-off', { decision: 'approve', board: 'dab', on: TODAY }).expect(200);
    await api.action(manager, id, 'submit-to-home-office', { submittedOn: TODAY }).expect(200);
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    board = await api.boardMember(['csp', 'dab']);
    panelMember = await api.user(['panel-member'], 'housing');
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
  });
  afterAll(() => api.stop());

  it('records the changes an approval subject to changes requires, and refuses publication until every QA change is done or explained', async () => {
    const id = await atHomeOfficeQa('Adult Q');
    const letter = { outcome: 'approved-with-changes', receivedOn: TODAY };

    // An approval subject to changes lists them: none, a blank one, or changes with a plain approval are refused, naming the field.
    let refused = await api.action(manager, id, 'record-qa-outcome', letter).expect(400);
    expect(fieldsOf(refused.body)).toEqual(['requiredChanges']);
    expect(refused.body.errors[0].message).toMatch(/at least one change/);
    refused = await api.action(manager, id, 'record-qa-outcome', { ...letter, requiredChanges: [] }).expect(400);
    expect(fieldsOf(refused.body)).toEqual(['requiredChanges']);
    refused = await api.action(manager, id, 'record-qa-outcome', { ...letter, requiredChanges: [CHANGE_1, '   '] }).expect(400);
    expect(fieldsOf(refused.body)).toEqual(['requiredChanges']);
    refused = await api.action(manager, id, 'record-qa-outcome', { ...letter, requiredChanges: 'one change' }).expect(400);
    expect(fieldsOf(refused.body)).toEqual(['requiredChanges']);
    refused = await api.action(manager, id, 'record-qa-outcome', { ...letter, outcome: 'approved', requiredChanges: [CHANGE_1] }).expect(400);
    expect(fieldsOf(refused.body)).toEqual(['requiredChanges']);
    expect((await read(id)).stage).toBe('home-office-qa');

    const recorded = (await api.action(manager, id, 'record-qa-outcome', { ...letter, requiredChanges: [` ${CHANGE_1} `, CHANGE_2] }).expect(200)).body;
    expect(recorded.stage).toBe('publication');
    expect(recorded.qaChanges).toEqual([
      expect.objectContaining({ position: 1, text: CHANGE_1, status: 'outstanding', statusName: 'Outstanding', explanation: null, markedOn: null }),
      expect.objectContaining({ position: 2, text: CHANGE_2, status: 'outstanding', letterReceivedOn: TODAY, letterRound: 1, latestLetter: true }),
    ]);
    // Marking the changes is offered; publication is not, until they are resolved.
    expect(recorded.availableActions).toContain('record-qa-change');
    expect(recorded.availableActions).not.toContain('publish');
    const [first, second] = recorded.qaChanges as { id: string }[];

    // Publication is refused, naming the outstanding changes.
    refused = await publish(id, fullPublish).expect(409);
    expect(refused.body).toMatchObject({ code: 'guard-failed', guard: 'qa-changes-resolved', letterReceivedOn: TODAY });
    expect(refused.body.outstandingChanges).toEqual([
      { id: first.id, position: 1, text: CHANGE_1 },
      { id: second.id, position: 2, text: CHANGE_2 },
    ]);
    expect(refused.body.detail).toContain('letter of 2 March 2026');
    expect(refused.body.detail).toContain(CHANGE_2);

    // Marking a change: an unknown one is refused naming changeId; only the chair and the CSP manager may.
    expect(fieldsOf((await api.action(manager, id, 'record-qa-change', { changeId: randomUUID(), status: 'done' }).expect(400)).body)).toEqual(['changeId']);
    expect(fieldsOf((await api.action(manager, id, 'record-qa-change', { changeId: 'nine', status: 'done' }).expect(400)).body)).toEqual(['changeId']);
    expect(fieldsOf((await api.action(manager, id, 'record-qa-change', { changeId: first.id, status: 'finished' }).expect(400)).body)).toEqual(['status']);
    await api.action(panelMember, id, 'record-qa-change', { changeId: first.id, status: 'done' }).expect(403);

    api.clock.setDate('2026-03-05');
    const marked = (await api.action(chair, id, 'record-qa-change', { changeId: first.id, status: 'done' }).expect(200)).body;
    expect(marked.qaChanges[0]).toMatchObject({ id: first.id, status: 'done', statusName: 'Done', markedBy: chair.id, markedOn: '2026-03-05' });
    refused = await publish(id, fullPublish).expect(409);
    expect(refused.body.outstandingChanges).toEqual([{ id: second.id, position: 2, text: CHANGE_2 }]);

    // Explained needs the explanation.
    refused = await api.action(manager, id, 'record-qa-change', { changeId: second.id, status: 'explained' }).expect(400);
    expect(fieldsOf(refused.body)).toEqual(['explanation']);
    expect(
      fieldsOf((await api.action(manager, id, 'record-qa-change', { changeId: second.id, status: 'explained', explanation: '  ' }).expect(400)).body),
    ).toEqual(['explanation']);
    const explanation = 'Fictional: the executive summary already refers to the action plan; the panel agreed by email.';
    const explained = (await api.action(manager, id, 'record-qa-change', { changeId: second.id, status: 'explained', explanation }).expect(200)).body;
    expect(explained.qaChanges[1]).toMatchObject({ status: 'explained', statusName: 'Not made: explained', explanation, markedBy: manager.id });

    // Publication records where: an https address, and whether the QA letter is published with the report.
    api.clock.setDate('2026-03-06');
    expect(fieldsOf((await publish(id, { publishedOn: '2026-03-06', qaLetterPublished: true }).expect(400)).body)).toEqual(['url']);
    refused = await publish(id, { ...fullPublish, url: 'http://www.example.gov.uk/dhr' }).expect(400);
    expect(fieldsOf(refused.body)).toEqual(['url']);
    expect(refused.body.errors[0].message).toBe('must be the web address where the report is published, starting https://');
    expect(fieldsOf((await publish(id, { ...fullPublish, url: 'the council website' }).expect(400)).body)).toEqual(['url']);
    expect(fieldsOf((await publish(id, { ...fullPublish, qaLetterPublished: 'yes' }).expect(400)).body)).toEqual(['qaLetterPublished']);
    expect(fieldsOf((await publish(id, { publishedOn: '2026-03-06', url: URL }).expect(400)).body)).toEqual(['qaLetterPublished']);
    expect((await read(id)).stage).toBe('publication');

    const published = (await publish(id, { publishedOn: '2026-03-06', url: URL, qaLetterPublished: true }).expect(200)).body;
    expect(published.stage).toBe('monitoring');
    expect(published.publication).toEqual({ publishedOn: '2026-03-06', url: URL, qaLetterPublished: true });
    // Publication shows which changes were done.
    expect(published.qaChanges.map((c: { status: string }) => c.status)).toEqual(['done', 'explained']);
    expect(published.history.map((h: { action: string }) => h.action).slice(-4)).toEqual([
      'record-qa-outcome',
      'record-qa-change',
      'record-qa-change',
      'publish',
    ]);

    // In the audit trail, and stored as the review's own.
    const audited = await sql(`SELECT action FROM audit_entries WHERE review_id = $1 AND action LIKE 'review.action.%qa%' ORDER BY seq`, [id]);
    expect(audited.map((a) => a.action)).toEqual(['review.action.record-qa-outcome', 'review.action.record-qa-change', 'review.action.record-qa-change']);
    expect(await sql(`SELECT published_on::text, published_url, qa_letter_published FROM reviews WHERE id = $1`, [id])).toEqual([
      { published_on: '2026-03-06', published_url: URL, qa_letter_published: true },
    ]);
  });

  it('keeps the changes of a revise-and-resubmit letter visible through the resubmission, marked as they are done', async () => {
    api.clock.setDate(TODAY);
    const id = await atHomeOfficeQa('Adult V');
    const back = (await api.action(manager, id, 'record-qa-outcome', { outcome: 'resubmit', receivedOn: TODAY, requiredChanges: [CHANGE_1] }).expect(200)).body;
    expect(back.stage).toBe('drafting');
    expect(back.qaChanges).toEqual([expect.objectContaining({ text: CHANGE_1, status: 'outstanding', letterRound: 1, latestLetter: true })]);

    // In drafting, the chair marks it done; it stays on the review through sign-off and resubmission.
    const done = (await api.action(chair, id, 'record-qa-change', { changeId: back.qaChanges[0].id, status: 'done' }).expect(200)).body;
    expect(done.qaChanges[0].status).toBe('done');
    await signOffAndSubmit(id);
    const resubmitted = await read(id);
    expect(resubmitted.stage).toBe('home-office-qa');
    expect(resubmitted.qaChanges).toEqual([expect.objectContaining({ text: CHANGE_1, status: 'done', letterRound: 1, latestLetter: true })]);

    // The second letter approves it: the first letter's changes are kept on record, no longer the latest.
    api.clock.setDate('2026-03-25');
    const approved = (await api.action(manager, id, 'record-qa-outcome', { outcome: 'approved', receivedOn: '2026-03-20' }).expect(200)).body;
    expect(approved.qaChanges).toEqual([expect.objectContaining({ text: CHANGE_1, status: 'done', latestLetter: false })]);
    expect(approved.availableActions).not.toContain('record-qa-change');
    const published = (await publish(id, { publishedOn: '2026-03-25', url: URL, qaLetterPublished: false }).expect(200)).body;
    expect(published.publication).toEqual({ publishedOn: '2026-03-25', url: URL, qaLetterPublished: false });
  });

  describe('in a real browser', () => {
    let browser: Browser;
    let journey: Journey;

    beforeAll(async () => {
      await api.app.listen(0, '127.0.0.1');
      browser = await launchChromium();
      journey = new Journey(SCREENSHOTS, (await api.app.getUrl()).replace('[::1]', '127.0.0.1'));
    });
    afterAll(() => browser?.close());

    it('records the letter with its changes, marks them, and publishes, with the checklist on the review page and the publish form', async () => {
      api.clock.setDate(TODAY);
      const id = await atHomeOfficeQa('Adult W');
      const { page, check } = await journey.person(browser, 'manager');
      await signIn(page, manager.email, PASSWORD);
      await page.goto(`/reviews/${id}`);
      await check('review-at-qa');

      // The letter, its changes typed one a line.
      await page.locator('details#record-qa-outcome summary').click();
      await page.getByLabel('Approved subject to changes').check();
      await fillDate(page, 'record-qa-outcome-receivedOn', TODAY);
      await page.locator('#record-qa-outcome-requiredChanges').fill(`${CHANGE_1}\n\n${CHANGE_2}\n`);
      await page.locator('details#record-qa-outcome button').click();
      await page.waitForURL((url) => url.pathname === `/reviews/${id}`);
      const checklist = page.locator('#qa-changes + p + .app-table-scroll table');
      expect(await page.locator('#qa-changes').textContent()).toBe('The QA panel’s required changes');
      expect(await page.locator('#qa-changes + p').textContent()).toBe(
        '2 of the 2 changes the latest letter requires are still to be marked done or explained.',
      );
      expect(await checklist.locator('tbody tr').allInnerTexts()).toEqual([
        expect.stringMatching(new RegExp(`^1\\. ${CHANGE_1}\\s+2 March 2026\\s+Outstanding\\s+None$`)),
        expect.stringMatching(new RegExp(`^2\\. ${CHANGE_2}\\s+2 March 2026\\s+Outstanding\\s+None$`)),
      ]);
      await check('review-with-checklist');

      // Publication is not offered while a change is outstanding.
      expect(await page.locator('details#publish').count()).toBe(0);

      // Each change marked: one done, one explained.
      await page.locator('details#record-qa-change summary').click();
      await page.locator('#record-qa-change-changeId').selectOption({ label: `1. ${CHANGE_1} (letter of 2 March 2026; outstanding)` });
      await page.locator('#record-qa-change-status').check();
      await page.locator('details#record-qa-change button').click();
      await page.waitForURL((url) => url.pathname === `/reviews/${id}`);
      await page.locator('details#record-qa-change summary').click();
      await page.locator('#record-qa-change-changeId').selectOption({ label: `2. ${CHANGE_2} (letter of 2 March 2026; outstanding)` });
      await page.locator('#record-qa-change-status-2').check();
      await page.locator('details#record-qa-change button').click();
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Explanation is required when the change is explained');
      await check('explanation-missing');
      await page.locator('#record-qa-change-changeId').selectOption({ label: `2. ${CHANGE_2} (letter of 2 March 2026; outstanding)` });
      await page.locator('#record-qa-change-status-2').check();
      await page.locator('#record-qa-change-explanation').fill('Fictional: the summary already refers to it.');
      await page.locator('details#record-qa-change button').click();
      await page.waitForURL((url) => url.pathname === `/reviews/${id}`);
      expect(await checklist.locator('tbody tr').allInnerTexts()).toEqual([
        expect.stringMatching(/Done\s+2 March 2026\s+None$/),
        expect.stringMatching(/Explained\s+2 March 2026\s+Fictional: the summary already refers to it\.$/),
      ]);

      // Published, with where: the publish form shows the checklist.
      await page.locator('details#publish summary').click();
      expect(await page.locator('details#publish table tbody tr').allInnerTexts()).toEqual([
        expect.stringMatching(/^1\. .*Done/s),
        expect.stringMatching(/^2\. .*Explained/s),
      ]);
      await check('publish-form-with-checklist');
      await fillDate(page, 'publish-publishedOn', TODAY);
      await page.locator('#publish-url').fill(URL);
      await page.locator('#publish-qaLetterPublished').check();
      await page.locator('details#publish button').click();
      await page.waitForURL((url) => url.pathname === `/reviews/${id}`);
      const publication = await page.locator('#publication + dl').innerText();
      expect(publication).toContain('2 March 2026');
      expect(publication).toContain(URL);
      expect(publication).toMatch(/QA panel’s letter published with the report\s+Yes/);
      await check('published');
      expect((await read(id)).publication).toEqual({ publishedOn: TODAY, url: URL, qaLetterPublished: true });
    });

    it('has no axe-core violations at WCAG 2.2 AA on any page visited', () => {
      expect(journey.pagesChecked.length).toBeGreaterThanOrEqual(5);
      expect(journey.findings).toEqual([]);
    });
  });
});
