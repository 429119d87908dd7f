import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { fillDate, Journey, launchChromium, signIn } from './support/browser';
import { PASSWORD, TestApi, TestUser } from './support/test-app';

const REPORT_V1 = 'Overview report. Fictional: Adult K was known to two agencies.\n';
const REPORT_V2 = `${REPORT_V1}Fictional: the GP contacts are now in the chronology.\n`;

/** Where this file's screenshots go (gitignored). */
const SCREENSHOTS = join(__dirname, 'artifacts', 'web-journeys');

/** Each step drives a real browser through several pages, each checked by axe: more than the default minute on a busy machine. */
jest.setTimeout(180_000);
describe('Web pages in a real browser: a DHR from notification to sign-off, as each person would do it', () => {
  let api: TestApi;
  let browser: Browser;
  let journey: Journey;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, otherChair: TestUser, police: TestUser, housing: TestUser, boardMember: TestUser;
  let reviewPath = '';

  const action = (page: Page, name: string) => page.locator(`form[action$="/actions/${name}"]`);
  /** Clicks a form's button and waits for the page the POST leads to. */
  const send = async (page: Page, click: () => Promise<void>) => {
    const answered = page.waitForResponse((res) => res.request().method() === 'POST');
    await click();
    await answered;
    await page.waitForLoadState();
  };
  const summaryOf = async (page: Page, name: string) => (await page.locator(`details:has(form[action$="/actions/${name}"]) summary`).textContent())!.trim();
  /** Opens an action's form (a <details>), fills it in and sends it. */
  const take = async (page: Page, name: string, fill: (form: ReturnType<typeof action>) => Promise<void>) => {
    const label = await summaryOf(page, name);
    await page.locator(`details:has(form[action$="/actions/${name}"]) summary`).click();
    await fill(action(page, name));
    await send(page, () => action(page, name).getByRole('button', { name: label }).click());
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    otherChair = await api.user(['independent-chair'], undefined, 'Olu Otherchair');
    police = await api.user(['panel-member'], 'cheshire-police', 'Pat Police');
    housing = await api.user(['panel-member'], 'housing', 'Harper Housing');
    boardMember = await api.boardMember(['csp', 'dab'], 'Bailey Board');
    await api.setBoard('csp', { chairUserId: boardMember.id, quorum: 1 });
    await api.setBoard('dab', { chairUserId: boardMember.id, quorum: 1 });
    browser = await launchChromium();
    journey = new Journey(SCREENSHOTS, url);
  });
  afterAll(async () => {
    await browser?.close();
    await api.stop();
  });

  it('the CSP manager logs a notification: bad dates get the error summary, good ones open the review', async () => {
    const { page, check, open } = await journey.person(browser, 'manager');
    await open('/sign-in', 'sign-in');
    await signIn(page, manager.email, PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/my-work');
    await check('my-work');
    await open('/reviews', 'reviews');
    await page.getByRole('button', { name: 'Log a notification' }).click();
    await check('log-notification');

    await page.check('#type');
    await fillDate(page, 'notifiedOn', '2026-02-31');
    await page.fill('#dateOfDeath-day', '30');
    await page.fill('#dateOfDeath-month', '13');
    await page.fill('#dateOfDeath-year', '2026');
    await page.selectOption('#notifyingAgency', 'cheshire-police');
    await page.fill('#victim-pseudonym', 'Adult K');
    await page.fill('#victim-ageAtDeath', '38');
    await page.check('#victim-sex');
    await page.fill('#circumstances', 'Fictional circumstances for the browser journey.');
    await page.getByRole('button', { name: 'Log notification' }).click();
    await check('log-notification-bad-dates');
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.isVisible()).resolves.toBe(true);
    expect(await page.title()).toMatch(/^Error: /);
    const links = await summary.locator('a').evaluateAll((as) => as.map((a) => [a.textContent?.trim(), a.getAttribute('href')]));
    expect(links).toEqual([
      ['Date the partnership was notified must be a real date, for example 27 3 2026', '#notifiedOn-day'],
      ['Date of death must be a real date, for example 27 3 2026', '#dateOfDeath-day'],
    ]);
    // What was typed is kept; the summary's link takes the person to the field.
    expect(await page.inputValue('#victim-pseudonym')).toBe('Adult K');
    await summary.locator('a').first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('notifiedOn-day');

    await fillDate(page, 'notifiedOn', '2026-02-01');
    await fillDate(page, 'dateOfDeath', '2026-01-30');
    await page.getByRole('button', { name: 'Log notification' }).click();
    await page.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
    reviewPath = new URL(page.url()).pathname;
    await check('review-logged');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/Notification logged: DHR-2026-001/);
    await expect(page.locator('h1').textContent()).resolves.toContain('DHR-2026-001: Adult K');
    // The decision is the CSP chair's: the manager has no form for it.
    expect(await action(page, 'decide').count()).toBe(0);
    expect(await page.locator('.govuk-task-list').textContent()).toMatch(/Decision\s+In progress/);
    expect(await page.locator('#deadlines + table, table[aria-labelledby="deadlines"]').textContent()).toMatch(/1 March 2026/);
  });

  it('the CSP chair decides to hold the review', async () => {
    const { page, check } = await journey.person(browser, 'csp-chair');
    await signIn(page, cspChair.email, PASSWORD);
    await check('my-work');
    await page.goto(reviewPath);
    await check('review');
    await take(page, 'decide', async (form) => {
      await form.getByLabel('Hold a review', { exact: true }).check();
      await fillDate(page, 'decide-decidedOn', '2026-02-10');
      await form.getByLabel('Rationale').fill('The death meets the criteria: the suspect is a former partner.');
    });
    await check('decided');
    expect(await page.locator('.govuk-task-list').textContent()).toMatch(/Decision\s+Completed/);
  });

  it('the CSP manager appoints the chair, forms the panel and asks for information; a wrong-stage action is explained', async () => {
    const { page, check } = await journey.person(browser, 'manager-2');
    await signIn(page, manager.email, PASSWORD);
    await page.goto(reviewPath);
    await check('set-up');
    await take(page, 'appoint-chair', async (form) => {
      await form.locator('select').selectOption({ label: 'Indira Independent' });
      await fillDate(page, 'appoint-chair-appointedOn', '2026-02-11');
    });
    await take(page, 'add-panel-member', async (form) => {
      await form.locator('select[name="userId"]').selectOption({ label: 'Pat Police (Cheshire Police)' });
      await form.locator('select[name="agency"]').selectOption('cheshire-police');
    });
    await check('panel-formed');
    expect(await page.locator('main').textContent()).toContain('Pat Police');

    // An action this person may take, but not at this stage (as from a bookmarked or doctored
    // form): refused in plain words, and nothing changes.
    expect(await action(page, 'request-information').count()).toBe(0);
    await page.evaluate(() => {
      const form = document.querySelector('form[action$="/actions/add-panel-member"]') as HTMLFormElement;
      form.action = form.action.replace('add-panel-member', 'request-information');
      (form.querySelector('input[name="version"]') as HTMLInputElement).remove();
    });
    await page.locator('details:has(form[action$="/actions/request-information"]) summary').click();
    await send(page, () => action(page, 'request-information').locator('button').click());
    await check('wrong-stage');
    const explained = await page.locator('.govuk-error-summary').textContent();
    expect(explained).toMatch(/You cannot ‘.*’ now: this review is at the set-up stage/i);
  });

  it('the independent chair agrees the terms of reference and takes the review to sign-off', async () => {
    const { page, check } = await journey.person(browser, 'independent-chair');
    await signIn(page, chair.email, PASSWORD);
    await check('my-work');
    await page.goto(reviewPath);
    await take(page, 'agree-terms-of-reference', async () => fillDate(page, 'agree-terms-of-reference-agreedOn', '2026-02-12'));
    await take(page, 'request-information', async (form) => {
      await form.locator('select[name="agency"]').selectOption('cheshire-police');
      await form.locator('textarea').fill('Individual management review and chronology');
      await fillDate(page, 'request-information-dueOn', '2026-03-20');
    });
    await check('information-requested');
  });

  it("the police panel member opens their agency's requests and asks the chair for more time", async () => {
    const { page, check } = await journey.person(browser, 'police-panel-requests');
    await signIn(page, police.email, PASSWORD);
    await page.goto(reviewPath);
    await page.getByRole('link', { name: "Your agency's requests" }).click();
    await check('agency-requests');
    expect(await page.locator('main').textContent()).toContain('Individual management review and chronology');
    await page.locator('summary', { hasText: 'Ask for more time' }).click();
    await page.fill('input[name="proposedDueOn-day"]', '3');
    await page.fill('input[name="proposedDueOn-month"]', '4');
    await page.fill('input[name="proposedDueOn-year"]', '2026');
    await page.locator('textarea[name="reason"]').fill('Fictional: the officer who knew the family is on leave until March.');
    await send(page, () => page.getByRole('button', { name: 'Ask for more time' }).click());
    await check('more-time-asked');
    expect(await page.locator('main').textContent()).toMatch(
      /Until 3 April 2026: waiting for the chair\. Reason given: Fictional: the officer who knew the family is on leave until March\./,
    );
  });

  it('the independent chair records what arrived and takes the review to sign-off', async () => {
    const { page, check } = await journey.person(browser, 'independent-chair-1b');
    await signIn(page, chair.email, PASSWORD);
    await page.goto(reviewPath);
    await check('review-with-ask');
    await take(page, 'receive-information', async (form) => {
      await form.locator('select[name="requestId"]').selectOption({ index: 1 });
      await fillDate(page, 'receive-information-receivedOn', '2026-02-25');
    });
    // The request the CSP manager made is still unanswered: going on asks why, and keeps the answer.
    await take(page, 'complete-information', async (form) => {
      await fillDate(page, 'complete-information-on', '2026-02-26');
      await form.locator('textarea[name="unansweredReason"]').fill('Fictional: the second agency will answer during drafting.');
    });
    // The overview report is uploaded on the review's page before the draft is complete.
    await page.locator('details#upload-document summary').click();
    await page.locator('#upload-document-kind').selectOption('overview-report');
    await page.locator('#upload-document-title').fill('Overview report');
    await page.locator('#upload-document-file').setInputFiles({ name: 'overview-report.txt', mimeType: 'text/plain', buffer: Buffer.from(REPORT_V1) });
    await send(page, () => page.getByRole('button', { name: 'Upload the document' }).click());
    await check('report-uploaded');
    expect(await page.locator('main').textContent()).toContain('Version 1: overview-report.txt');
    await take(page, 'complete-draft', async (form) => {
      await fillDate(page, 'complete-draft-on', '2026-03-01');
      await form.locator('textarea[name="unansweredReason"]').fill('Fictional: the draft stands without it.');
    });
    await check('at-sign-off');
    expect(await page.locator('.govuk-task-list').textContent()).toMatch(/Sign-off\s+In progress/i);
    expect(await page.locator('main').textContent()).toMatch(/The report under sign-off\s*Overview report, version 1/);
  });

  it('the panel member sees the review they sit on; a chair and a panel member not appointed to it are told it does not exist', async () => {
    const { page, check } = await journey.person(browser, 'police-panel');
    await signIn(page, police.email, PASSWORD);
    await check('my-work');
    expect(await page.locator('main').textContent()).toContain('DHR-2026-001');
    await page.goto(reviewPath);
    await check('review');
    // Nothing is theirs to do: the page says what happens next instead (issue 16.5).
    expect(await page.locator('main').textContent()).toMatch(/Nothing on this review is yours to do now\. Sign-off: 0 of \d+ votes? cast; waiting for /);
    expect(await page.locator('#next-step').textContent()).toContain('What happens next');

    for (const [who, person] of [
      ['housing-panel', housing],
      ['other-chair', otherChair],
    ] as const) {
      const other = await journey.person(browser, who);
      await signIn(other.page, person.email, PASSWORD);
      expect(await other.page.locator('main').textContent()).not.toContain('DHR-2026-001');
      const res = await other.page.goto(reviewPath);
      expect(res?.status()).toBe(404);
      await other.check('review-not-found');
      expect(await other.page.locator('h1').textContent()).toBe('Page not found');
    }
  });

  it('the board member reads the report under sign-off, approves it for one board and rejects it for the other', async () => {
    const { page, check } = await journey.person(browser, 'board-member');
    await signIn(page, boardMember.email, PASSWORD);
    await check('my-work');
    expect(await page.locator('main').textContent()).toContain('Sign-offs waiting for your vote');
    await page.goto('/sign-off');
    await check('sign-off-list');
    await page.goto(`/sign-off${reviewPath.replace('/reviews', '')}/csp`);
    await check('sign-off-item');
    const link = page.getByRole('link', { name: /Overview report, version 1/ });
    expect(await link.getAttribute('href')).toMatch(/\/documents\/[0-9a-f-]+\/versions\/1$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect((await readFile((await download.path())!)).toString('utf8')).toBe(REPORT_V1);
    await page.getByLabel('Approve').check();
    await fillDate(page, 'on', '2026-03-02');
    await send(page, () => page.getByRole('button', { name: 'Record your vote' }).click());
    await page.goto(`/sign-off${reviewPath.replace('/reviews', '')}/dab`);
    await page.getByLabel('Reject').check();
    await fillDate(page, 'on', '2026-03-02');
    await page.getByLabel('Comment').fill('Fictional: the chronology leaves out the GP contacts.');
    await send(page, () => page.getByRole('button', { name: 'Record your vote' }).click());
    await check('rejected');
    const review = (await api.get(manager, `/api${reviewPath}`).expect(200)).body;
    expect(
      review.signOffs.map((s: { decision: string; castOn: { overviewReport: { version: number } } }) => [s.decision, s.castOn.overviewReport.version]),
    ).toEqual([
      ['approve', 1],
      ['reject', 1],
    ]);
  });

  it('the chair uploads a revised report and issues a revised draft; the boards vote again on version 2, the earlier votes kept', async () => {
    const { page, check } = await journey.person(browser, 'independent-chair-2');
    await signIn(page, chair.email, PASSWORD);
    await page.goto(reviewPath);
    await check('draft-rejected');
    await page.locator('main details', { hasText: 'Versions (1)' }).locator('summary').click();
    await page
      .locator('main form[action*="/versions"] input[type="file"]')
      .setInputFiles({ name: 'overview-report-v2.txt', mimeType: 'text/plain', buffer: Buffer.from(REPORT_V2) });
    await send(page, () => page.getByRole('button', { name: 'Upload the new version' }).click());
    await check('revised-report-uploaded');
    await take(page, 'issue-revised-draft', async (form) => {
      await fillDate(page, 'issue-revised-draft-on', '2026-03-02');
      await form.locator('textarea[name="changes"]').fill('Fictional: the GP contacts are now in the chronology.');
    });
    await check('revised-draft-issued');
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/The report under sign-off\s*Overview report, version 2/);
    expect(text).toContain('Votes on earlier drafts (kept on record)');

    const board = await journey.person(browser, 'board-member-2');
    await signIn(board.page, boardMember.email, PASSWORD);
    for (const key of ['csp', 'dab']) {
      await board.page.goto(`/sign-off${reviewPath.replace('/reviews', '')}/${key}`);
      await board.check('sign-off-revised');
      expect(await board.page.locator('main').textContent()).toContain('Overview report, version 2');
      await board.page.getByLabel('Approve').check();
      await fillDate(board.page, 'on', '2026-03-02');
      await send(board.page, () => board.page.getByRole('button', { name: 'Record your vote' }).click());
    }
    const review = (await api.get(manager, `/api${reviewPath}`).expect(200)).body;
    expect(review.signOffStatus.map((s: { complete: boolean }) => s.complete)).toEqual([true, true]);
    expect(review.signOffs.every((v: { castOn: { overviewReport: { version: number } } }) => v.castOn.overviewReport.version === 2)).toBe(true);
    expect(review.earlierSignOffs).toHaveLength(2);
  });

  it('refuses a form whose CSRF token was tampered with, in the browser too', async () => {
    const { page, check } = await journey.person(browser, 'manager-3');
    await signIn(page, manager.email, PASSWORD);
    await page.goto('/reviews/new');
    await page.evaluate(() => ((document.querySelector('main input[name="_csrf"]') as HTMLInputElement).value = 'forged'));
    await send(page, () => page.getByRole('button', { name: 'Log notification' }).click());
    await check('csrf-refused');
    expect(await page.locator('h1').textContent()).toBe('This form could not be sent');
    expect((await api.get(manager, '/api/reviews').expect(200)).body.total).toBe(1);
  });

  it('has no axe-core violations at WCAG 2.2 AA on any page visited', () => {
    expect(journey.pagesChecked.length).toBeGreaterThan(15);
    expect(journey.findings).toEqual([]);
  });
});
