import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { fillDate, Journey, launchChromium, signIn } from './support/browser';
import { uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';

/** Where this file's screenshots go (gitignored). */
const SCREENSHOTS = join(__dirname, 'artifacts', 'web-signoff-actions');
const TODAY = '2026-03-02';

/** Each step drives a real browser through several pages, each checked by axe: more than the default minute on a busy machine. */
jest.setTimeout(180_000);
describe('Web pages in a real browser: recommendations, sign-off, agencies’ actions and each person’s own work', () => {
  let api: TestApi;
  let browser: Browser;
  let journey: Journey;
  let manager: TestUser,
    cspChair: TestUser,
    chair: TestUser,
    policePanel: TestUser,
    housingPanel: TestUser,
    policeOwner: TestUser,
    housingOwner: TestUser,
    boardMember: TestUser;
  let reviewId = '';

  /** Clicks a form's button and waits for the page the POST leads to. */
  const send = async (page: Page, click: () => Promise<void>) => {
    const answered = page.waitForResponse((res) => res.request().method() === 'POST');
    await click();
    await answered;
    await page.waitForLoadState();
  };
  /** What a person reads in the page's main part (table cells apart, folded forms left out). */
  const main = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
  const errorLinks = (page: Page) => page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => [a.textContent?.trim(), a.getAttribute('href')]));
  const navigation = (page: Page) =>
    page
      .locator('.govuk-service-navigation__list a')
      .allTextContents()
      .then((texts) => texts.map((t) => t.trim()));
  /** The rows of My work's deadline table, as "reference: deadline". */
  const myDeadlines = async (page: Page) =>
    page
      .locator('table[aria-labelledby="deadlines"] tbody tr')
      .evaluateAll((rows) => rows.map((row) => `${row.children[0].textContent?.trim()}: ${row.children[1].textContent?.trim()}`).sort());

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    policePanel = await api.user(['panel-member'], 'cheshire-police', 'Pat Police');
    housingPanel = await api.user(['panel-member'], 'housing', 'Harper Housing');
    policeOwner = await api.user(['agency-action-owner'], 'cheshire-police', 'Owen Owner');
    housingOwner = await api.user(['agency-action-owner'], 'housing', 'Hana Homes');
    boardMember = await api.boardMember(['csp', 'dab'], 'Bailey Board');
    await api.setBoard('csp', { chairUserId: boardMember.id, quorum: 1 });
    await api.setBoard('dab', { chairUserId: boardMember.id, quorum: 1 });

    // DHR-2026-001 reaches drafting with its panel and two information requests outstanding; the
    // Home Office notice (due 17 February) is left overdue.
    reviewId = (
      await api
        .post(
          manager,
          '/api/reviews',
          notification({ notifiedOn: '2026-02-01', dateOfDeath: '2026-01-30', victim: { pseudonym: 'Adult R', ageAtDeath: 37, sex: 'female' } }),
        )
        .expect(201)
    ).body.id;
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-10', rationale: 'Criteria met.' }).expect(200);
    await api.action(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-11' }).expect(200);
    await api.action(manager, reviewId, 'add-panel-member', { userId: policePanel.id, agency: 'cheshire-police' }).expect(200);
    await api.action(manager, reviewId, 'add-panel-member', { userId: housingPanel.id, agency: 'housing' }).expect(200);
    await api.action(chair, reviewId, 'agree-terms-of-reference', { agreedOn: '2026-02-12' }).expect(200);
    await api
      .action(chair, reviewId, 'request-information', { agency: 'cheshire-police', description: 'IMR and chronology from the police', dueOn: '2026-03-20' })
      .expect(200);
    await api.action(chair, reviewId, 'request-information', { agency: 'housing', description: 'Tenancy records chronology', dueOn: '2026-03-25' }).expect(200);
    await api
      .action(chair, reviewId, 'complete-information', { on: '2026-02-27', unansweredReason: 'Fictional: housing will send the chronology during drafting.' })
      .expect(200);
    await uploadReport(api, chair, reviewId);
    // DHR-2026-002 waits for the CSP chair's decision, due 20 March.
    await api
      .post(
        manager,
        '/api/reviews',
        notification({ notifiedOn: '2026-02-20', dateOfDeath: '2026-02-18', victim: { pseudonym: 'Adult S', ageAtDeath: 61, sex: 'male' } }),
      )
      .expect(201);

    browser = await launchChromium();
    journey = new Journey(SCREENSHOTS, url);
  });
  afterAll(async () => {
    await browser?.close();
    await api.stop();
  });

  it('the independent chair adds recommendations and their actions on the review page, then completes the draft', async () => {
    const { page, check } = await journey.person(browser, 'chair');
    await signIn(page, chair.email, PASSWORD);
    await check('my-work');
    await page.goto(`/reviews/${reviewId}`);
    await check('review-drafting');

    // Sent empty: each field is named in the error summary.
    await page.locator('details#add-recommendation summary').click();
    const recommendation = page.locator(`form[action$="/reviews/${reviewId}/recommendations"]`);
    await send(page, () => recommendation.getByRole('button', { name: 'Add a recommendation' }).click());
    await check('recommendation-errors');
    expect((await errorLinks(page)).map(([text]) => text)).toEqual([
      'Enter recommendation',
      'Select level',
      'Select agency that owns it',
      'Select the partnership’s priorities it serves',
      'Enter outcome sought',
    ]);

    await recommendation.getByLabel('Recommendation', { exact: true }).fill('Agencies share risk information about repeat callers within 48 hours.');
    await recommendation.getByLabel('Local').check();
    await recommendation.getByLabel('Agency that owns it').selectOption('cheshire-police');
    await recommendation.getByLabel('Domestic abuse and violence against women and girls').check();
    await recommendation.getByLabel('Outcome sought').fill('Every repeat call shared within 48 hours by March 2027.');
    await send(page, () => recommendation.getByRole('button', { name: 'Add a recommendation' }).click());
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Recommendation 1 added');

    for (const [agency, description, due] of [
      ['cheshire-police', 'Train call handlers on the repeat-caller flag.', '2026-03-25'],
      ['housing', 'Flag repeat callers on tenancy files.', '2026-06-30'],
    ]) {
      await page.locator('details#add-action-1 summary').click();
      const form = page.locator('details#add-action-1 form');
      await form.getByLabel('Action', { exact: true }).fill(description);
      await form.getByLabel('Agency that owns the action').selectOption(agency);
      await fillDate(page, 'add-action-1-dueOn', due);
      await send(page, () => form.getByRole('button', { name: 'Add an action to recommendation 1' }).click());
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Action added to recommendation 1');
    }
    await check('recommendations-added');
    const text = await main(page);
    expect(text).toContain('Agencies share risk information about repeat callers within 48 hours.');
    expect(text).toContain('Train call handlers on the repeat-caller flag. Cheshire Police 25 March 2026 Not started');
    expect(text).toContain('Flag repeat callers on tenancy files. Housing 30 June 2026 Not started');

    await page.locator('details:has(form[action$="/actions/complete-draft"]) summary').click();
    await fillDate(page, 'complete-draft-on', TODAY);
    await page.locator('form[action$="/actions/complete-draft"] textarea[name="unansweredReason"]').fill('Fictional: housing has not sent its chronology.');
    await send(page, () => page.locator('form[action$="/actions/complete-draft"] button').click());
    await check('at-sign-off');
    expect(await page.locator('.govuk-task-list').textContent()).toMatch(/Sign-off\s+In progress/i);
  });

  it('the review page shows the panel, information requests, recommendations, documents and audit trail to the chair', async () => {
    const { page, check } = await journey.person(browser, 'chair-review');
    await signIn(page, chair.email, PASSWORD);
    await page.goto(`/reviews/${reviewId}`);
    await check('review');
    const text = await main(page);
    expect(text).toContain('Panel member for Cheshire Police Pat Police');
    expect(text).toContain('Panel member for Housing Harper Housing');
    expect(text).toContain('Cheshire Police IMR and chronology from the police 20 March 2026 Not yet');
    expect(text).toContain('Recommendation 1');
    expect(text).toMatch(/Overview report Versions \(1\), upload a new version/);
    expect(text).toContain('Upload a document');
    expect(await page.getByRole('link', { name: 'The review’s complete record, to read or print' }).getAttribute('href')).toBe(`/reviews/${reviewId}/record`);
    expect(text).toMatch(
      /Audit trail Everything done to this review, newest first\. Who viewed it is recorded too: choose “Show who viewed this review” to see it\. Showing entries 1 to \d+ of \d+/,
    );
    expect(text).toContain('Added a recommendation Indira Independent (you)');
    await page.getByRole('checkbox', { name: 'Show who viewed this review' }).check();
    await page.locator('#audit-filters button').click();
    await page.waitForURL(/auditViews=include/);
    await check('review-audit-with-views');
    expect(await main(page)).toMatch(/Everything done to this review, newest first, and everyone who viewed it\. Showing entries 1 to 20 of \d+/);
    await page.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(/auditPage=2/);
    await check('review-audit-page-2');
    expect(await main(page)).toMatch(/Showing entries 21 to \d+ of \d+/);
    await page.goto(`/reviews/${reviewId}/record`);
    await check('review-record');
    expect(await page.locator('h1').textContent()).toBe('DHR-2026-001: Domestic Homicide Review');
  });

  it('the board member reads the recommendations, is told a rejection needs a comment, approves with one, and the report leaves their list', async () => {
    const { page, check } = await journey.person(browser, 'board-member');
    await signIn(page, boardMember.email, PASSWORD);
    await check('my-work');
    expect(await navigation(page)).toEqual(['My work', 'Reviews', 'Sign-off', 'Boards']);
    expect(await myDeadlines(page)).toEqual([]);
    expect(await page.locator('#sign-offs + ul a').allTextContents()).toEqual([
      'DHR-2026-001 (Adult R) for the Safer Halton Partnership board',
      'DHR-2026-001 (Adult R) for the Halton Domestic Abuse Board',
    ]);

    await page.getByRole('link', { name: 'Sign-off', exact: true }).click();
    await page.waitForURL(/\/sign-off$/);
    await check('sign-off-list');
    expect(await page.locator('table tbody tr').count()).toBe(2);
    await page.getByRole('link', { name: /Read and vote on DHR-2026-001 for the Safer Halton Partnership board/ }).click();
    await check('sign-off-item');
    const report = await main(page);
    expect(report).toContain('Agencies share risk information about repeat callers within 48 hours.');
    expect(report).toContain('Train call handlers on the repeat-caller flag.');
    expect(report).toContain('No one has voted on this draft yet.');

    await page.getByLabel('Reject').check();
    await send(page, () => page.getByRole('button', { name: 'Record your vote' }).click());
    await check('sign-off-reject-without-comment');
    expect(await errorLinks(page)).toEqual([['Comment is required when rejecting: say what must change', '#comment']]);
    expect(await page.title()).toMatch(/^Error: /);
    expect((await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body.signOffs).toEqual([]);

    await page.getByLabel('Approve').check();
    await page.getByLabel('Comment').fill('The recommendations answer the findings.');
    await send(page, () => page.getByRole('button', { name: 'Record your vote' }).click());
    expect(new URL(page.url()).pathname).toBe('/sign-off');
    await check('sign-off-approved');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Your approval of DHR-2026-001 for the Safer Halton Partnership board is recorded',
    );
    const left = await page.locator('table tbody tr').allTextContents();
    expect(left).toHaveLength(1);
    expect(left[0]).toContain('Halton Domestic Abuse Board');
    const review = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body;
    expect(review.signOffs).toEqual([
      expect.objectContaining({ board: 'csp', decision: 'approve', comment: 'The recommendations answer the findings.', memberId: boardMember.id }),
    ]);

    // The review page: no audit trail for a board member.
    await page.goto(`/reviews/${reviewId}`);
    await check('review');
    const text = await main(page);
    expect(text).toContain('Recommendation 1');
    expect(text).not.toContain('Audit trail');
    expect(await page.locator('#audit').count()).toBe(0);
  });

  it('the police action owner sees only their agency’s actions and records progress; mistakes are named', async () => {
    const { page, check } = await journey.person(browser, 'police-owner');
    await signIn(page, policeOwner.email, PASSWORD);
    await check('my-work');
    expect(await navigation(page)).toEqual(['My work', 'Reviews', 'Actions']);
    expect(await myDeadlines(page)).toEqual(['DHR-2026-001: Action 1 on recommendation 1 (Cheshire Police)']);
    const work = await main(page);
    expect(work).toContain('Train call handlers on the repeat-caller flag.');
    expect(work).not.toContain('Flag repeat callers on tenancy files.');
    expect(work).not.toContain('Sign-offs waiting for your vote');

    await page.getByRole('link', { name: 'Actions', exact: true }).click();
    await page.waitForURL(/\/actions$/);
    await check('actions');
    expect(await page.locator('form[action$="/progress"]').count()).toBe(1);
    expect(await main(page)).not.toContain('Flag repeat callers on tenancy files.');

    const form = page.locator('form[action$="/progress"]');
    await page.locator('details:has(form[action$="/progress"]) summary').click();
    await form.getByRole('radio', { name: 'Cannot be completed' }).check();
    await send(page, () => form.getByRole('button', { name: 'Record progress' }).click());
    await check('actions-errors');
    const [[message, href]] = await errorLinks(page);
    expect(message).toBe('Why it cannot be completed is required when an action cannot be completed');
    expect(href).toMatch(/^#progress-[0-9a-f-]{36}-reason$/);

    await form.getByRole('radio', { name: 'In progress' }).check();
    await form.getByLabel('Why it cannot be completed').fill('');
    await form.getByLabel('Progress note (optional)').fill('Training booked for all call handlers.');
    await send(page, () => form.getByRole('button', { name: 'Record progress' }).click());
    await check('actions-progress-recorded');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
      'Progress recorded on the action for recommendation 1 of DHR-2026-001',
    );
    expect(await main(page)).toContain('In progress');
    expect(await main(page)).toContain('2 March 2026: Training booked for all call handlers.');
    const actions = (await api.get(manager, '/api/actions').expect(200)).body.items;
    expect(actions.find((a: { description: string }) => a.description.startsWith('Train')).history).toEqual([
      expect.objectContaining({ status: 'in-progress', note: 'Training booked for all call handlers.', on: TODAY }),
    ]);
  });

  it('another agency’s action owner sees their own action and not the police’s', async () => {
    const { page, check } = await journey.person(browser, 'housing-owner');
    await signIn(page, housingOwner.email, PASSWORD);
    await check('my-work');
    expect(await myDeadlines(page)).toEqual([]);
    await page.goto('/actions');
    await check('actions');
    const text = await main(page);
    expect(text).toContain('Flag repeat callers on tenancy files.');
    expect(text).not.toContain('Train call handlers');
    expect(await page.locator('form[action$="/progress"]').count()).toBe(1);
  });

  it('My work shows each person their own deadlines and not another role’s', async () => {
    const expected: [string, TestUser, string[]][] = [
      ['police-panel', policePanel, ['DHR-2026-001: Information from Cheshire Police']],
      ['housing-panel', housingPanel, ['DHR-2026-001: Information from Housing']],
      [
        'chair-work',
        chair,
        [
          'DHR-2026-001: Action 1 on recommendation 1 (Cheshire Police)',
          'DHR-2026-001: Information from Cheshire Police',
          'DHR-2026-001: Information from Housing',
          'DHR-2026-001: Tell the Home Office of the decision',
        ],
      ],
      [
        'manager',
        manager,
        [
          'DHR-2026-001: Action 1 on recommendation 1 (Cheshire Police)',
          'DHR-2026-001: Information from Cheshire Police',
          'DHR-2026-001: Information from Housing',
          'DHR-2026-001: Tell the Home Office of the decision',
          'DHR-2026-002: Decide whether to hold a review',
        ],
      ],
    ];
    for (const [who, person, deadlines] of expected) {
      const { page, check } = await journey.person(browser, who);
      await signIn(page, person.email, PASSWORD);
      await check('my-work');
      expect(await myDeadlines(page)).toEqual(deadlines.sort());
      // The CSP manager oversees the boards; the panel members and the chair have no board pages.
      expect(await navigation(page)).toEqual(person === manager ? ['My work', 'Reviews', 'Boards'] : ['My work', 'Reviews']);
      const text = await main(page);
      expect(text).not.toContain('Sign-offs waiting for your vote');
      expect(text).not.toContain("Your agency's actions");
    }
  });

  it('the panel member sees the panel, information requests, recommendations and documents, but not the audit trail or the record', async () => {
    const { page, check } = await journey.person(browser, 'police-panel-review');
    await signIn(page, policePanel.email, PASSWORD);
    await page.goto(`/reviews/${reviewId}`);
    await check('review');
    const text = await main(page);
    expect(text).toContain('Panel member for Cheshire Police Pat Police');
    expect(text).toContain('Information requests');
    expect(text).toContain('Train call handlers on the repeat-caller flag.');
    expect(text).toContain('The complete record can be exported by the CSP manager, the CSP chair, an auditor or the review’s independent chair.');
    expect(text).not.toContain('Audit trail');
    expect(await page.locator('details#add-recommendation').count()).toBe(0);
    const refused = await page.goto(`/reviews/${reviewId}/record`);
    expect(refused?.status()).toBe(403);
    await check('record-refused');
  });

  it('has no axe-core violations at WCAG 2.2 AA on any page visited', () => {
    expect(journey.pagesChecked.length).toBeGreaterThan(20);
    expect(journey.findings).toEqual([]);
  });
});
