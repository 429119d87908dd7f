import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Journey, launchChromium, signIn } from './support/browser';
import { reviewAtSignOffWithAction } from './support/scenarios';
import { ADMIN, notification, PASSWORD, TestApi, TestUser } from './support/test-app';

/** Where this file's screenshots go (gitignored). */
const SCREENSHOTS = join(__dirname, 'artifacts', 'web-board-admin');

/**
 * Fictional data, made through the JSON API as people would:
 *
 * | review | notified | where it is on 2 March 2026 | overdue |
 * | DHR-2026-001 Adult P | 5 Jan | sign-off, neither board has signed off | Home Office notice (due 27 Jan); action 1a (due 20 Feb) |
 * | DHR-2026-002 Adult Q | 10 Jan | decision | decision (due 10 Feb) |
 *
 * A board member sees only DHR-2026-001 (it has reached sign-off); the CSP manager sees both.
 */
describe('Web pages in a real browser: board dashboards, the quarterly report and administration', () => {
  let api: TestApi;
  let browser: Browser;
  let journey: Journey;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, cspMember: TestUser, dabMember: TestUser;

  const count = async (page: Page, id: string) => Number((await page.locator(`#${id} .govuk-heading-xl`).textContent())!.trim());
  const summaryLinks = (page: Page) =>
    page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => [a.textContent?.trim(), a.getAttribute('href')]));

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-01-05' });
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    cspMember = await api.boardMember(['csp'], 'Bailey Board');
    dabMember = await api.boardMember(['dab'], 'Dana Dab');
    await api.setBoard('csp', { chairUserId: cspMember.id, quorum: 1 });

    const p = (
      await api
        .post(
          manager,
          '/api/reviews',
          notification({ notifiedOn: '2026-01-05', dateOfDeath: '2026-01-02', victim: { pseudonym: 'Adult P', ageAtDeath: 44, sex: 'female' } }),
        )
        .expect(201)
    ).body.id;
    await reviewAtSignOffWithAction(api, { manager, cspChair, chair }, p);
    api.clock.setDate('2026-01-10');
    await api
      .post(
        manager,
        '/api/reviews',
        notification({ notifiedOn: '2026-01-10', dateOfDeath: '2026-01-08', victim: { pseudonym: 'Adult Q', ageAtDeath: 51, sex: 'male' } }),
      )
      .expect(201);
    api.clock.setDate('2026-03-02');

    browser = await launchChromium();
    journey = new Journey(SCREENSHOTS, url);
  });
  afterAll(async () => {
    await browser?.close();
    await api.stop();
  });

  it('a board member opens their board’s dashboard and sees the counts of what they may see', async () => {
    const { page, check } = await journey.person(browser, 'csp-member');
    await signIn(page, cspMember.email, PASSWORD);
    const nav = page.locator('.govuk-service-navigation');
    await expect(nav.getByRole('link', { name: 'Boards' }).count()).resolves.toBe(1);
    await expect(nav.getByRole('link', { name: 'Administration' }).count()).resolves.toBe(0);
    await nav.getByRole('link', { name: 'Boards' }).click();
    await check('boards');
    const boards = await page.locator('main table').textContent();
    expect(boards).toContain('Safer Halton Partnership board');
    expect(boards).not.toContain('Halton Domestic Abuse Board');
    await page.getByRole('link', { name: 'Safer Halton Partnership board' }).click();
    await check('dashboard');
    expect(new URL(page.url()).pathname).toBe('/boards/csp');
    expect(await count(page, 'count-in-progress')).toBe(1);
    expect(await count(page, 'count-waiting')).toBe(1);
    // The Home Office notice and the action's own deadline; DHR-2026-002's decision is not theirs to see.
    expect(await count(page, 'count-overdue-deadlines')).toBe(2);
    expect(await count(page, 'count-overdue-actions')).toBe(1);
    const main = (await page.locator('main').textContent())!;
    expect(main).toMatch(/Sign-off\s*1/);
    expect(main).toContain('DHR-2026-001');
    expect(main).not.toContain('DHR-2026-002');
    expect(main).toMatch(/Quorum\s*1 of 1 members/);
    expect(main).toContain('Bailey Board (chair)');
    await expect(page.locator('table[aria-labelledby="waiting"]').textContent()).resolves.toContain('Adult P');
  });

  it('the board member opens the quarterly report, chooses a quarter, and prints it without the service around it', async () => {
    const { page, check } = await journey.person(browser, 'csp-member-report');
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signIn(page, cspMember.email, PASSWORD);
    await page.goto('/boards/csp');
    await page.getByRole('link', { name: 'Quarterly report' }).click();
    await check('report-last-quarter');
    await expect(page.locator('h1').textContent()).resolves.toContain('quarterly report, October to December 2025');
    await expect(page.locator('link[rel="stylesheet"][href="/static/print.css"]').count()).resolves.toBe(1);

    await page.selectOption('#quarter', '2026-Q1');
    await page.getByRole('button', { name: 'Show report' }).click();
    await page.waitForURL(/quarter=2026-Q1/);
    await check('report-this-quarter');
    await expect(page.locator('h1').textContent()).resolves.toContain('quarterly report, January to March 2026');
    expect(await page.locator('#report-stages').textContent()).toMatch(/Sign-off\s*1/);
    expect(await page.locator('main').textContent()).toMatch(/DHR-2026-001\s*Adult P/);

    // The button is the print-button script's (a file of this site, so the CSP lets it run).
    const print = page.getByRole('button', { name: 'Print this page' });
    await expect(print.isVisible()).resolves.toBe(true);
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await print.click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    expect(cspViolations).toEqual([]);

    await page.emulateMedia({ media: 'print' });
    await check('report-printed');
    await expect(page.locator('.govuk-service-navigation').isVisible()).resolves.toBe(false);
    await expect(page.locator('.govuk-footer').isVisible()).resolves.toBe(false);
    await expect(page.locator('form[action="/boards/csp/report"]').isVisible()).resolves.toBe(false);
    await expect(print.isVisible()).resolves.toBe(false);
    await expect(page.locator('#report-stages').isVisible()).resolves.toBe(true);
    expect(
      await page
        .locator('table')
        .first()
        .evaluate((table) => getComputedStyle(table).breakInside),
    ).toBe('avoid');
    await page.emulateMedia({ media: 'screen' });
    await expect(page.locator('.govuk-service-navigation').isVisible()).resolves.toBe(true);
  });

  it('a board member of the other board is refused this board’s pages, with a page in plain words', async () => {
    const { page, check } = await journey.person(browser, 'dab-member');
    await signIn(page, dabMember.email, PASSWORD);
    for (const path of ['/boards/csp', '/boards/csp/report']) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(403);
      await expect(page.locator('h1').textContent()).resolves.toBe('You cannot do this');
      expect(await page.locator('main').textContent()).not.toContain('DHR-2026-001');
    }
    await check('other-board-refused');
    await page.goto('/boards/dab');
    await check('own-dashboard');
    expect(await count(page, 'count-in-progress')).toBe(1);
    expect(await count(page, 'count-waiting')).toBe(1);
  });

  it('the CSP manager sees every review on the dashboard', async () => {
    const { page, check } = await journey.person(browser, 'manager');
    await signIn(page, manager.email, PASSWORD);
    await page.goto('/boards/csp');
    await check('dashboard');
    expect(await count(page, 'count-in-progress')).toBe(2);
    expect(await count(page, 'count-overdue-deadlines')).toBe(3);
    expect(await page.locator('main').textContent()).toMatch(/Decision\s*1/);
    await expect(page.locator('.govuk-service-navigation').getByRole('link', { name: 'Administration' }).count()).resolves.toBe(0);
  });

  it('an administrator adds a user: mistakes come back in the error summary, naming each field', async () => {
    const { page, check } = await journey.person(browser, 'admin');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Administration' }).click();
    await check('users');
    await page.getByRole('button', { name: 'Add a user' }).click();
    await check('add-user');
    await page.fill('#name', 'Robin Newcomer');
    await page.fill('#email', 'not-an-email');
    await page.fill('#password', 'short');
    await page.getByLabel('Panel member').check();
    await page.getByRole('button', { name: 'Add user' }).click();
    await check('add-user-mistakes');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await summaryLinks(page)).toEqual([
      ['Email address must be an email address', '#email'],
      ['Password must be 12 characters or more', '#password'],
    ]);
    await page.fill('#email', 'robin.newcomer@test.example');
    await page.fill('#password', 'a-long-fictional-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await check('add-user-no-agency');
    expect(await summaryLinks(page)).toEqual([['Agency is required for a panel member', '#agency']]);
    await page.selectOption('#agency', 'cheshire-police');
    await page.fill('#password', 'a-long-fictional-password');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.waitForURL(/\/admin\/users$/);
    await check('user-added');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('User added: Robin Newcomer');
    expect(await page.locator('main table').textContent()).toMatch(/Robin Newcomer\s*robin\.newcomer@test\.example\s*Panel member\s*Cheshire Police\s*Active/);

    await page.getByRole('link', { name: 'Change Robin Newcomer' }).click();
    await check('change-user');
    await page.getByLabel('Agency action owner').check();
    await page.getByLabel('Switched off').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/admin\/users$/);
    expect(await page.locator('main table').textContent()).toMatch(
      /Robin Newcomer\s*robin\.newcomer@test\.example\s*Panel member, Agency action owner\s*Cheshire Police\s*Switched off/,
    );
    await api.http().post('/api/auth/token').send({ email: 'robin.newcomer@test.example', password: 'a-long-fictional-password' }).expect(401);
  });

  it('an administrator changes the reminder settings: a bad value is named in the error summary', async () => {
    const { page, check } = await journey.person(browser, 'admin-reminders');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto('/admin/reminders');
    await check('reminders');
    expect(await page.inputValue('#offsetsDays')).toBe('28, 14, 7, 1, 0');
    await page.fill('#offsetsDays', '30, 10, tomorrow');
    await page.fill('#sendTime', '25:00');
    await page.getByRole('button', { name: 'Save reminder settings' }).click();
    await check('reminders-mistakes');
    expect(await summaryLinks(page)).toEqual([
      ['Days before the due date must be whole numbers from 0 to 120, each once, separated by commas', '#offsetsDays'],
      ['Time reminders are sent must be a time of day written HH:mm, e.g. 09:00', '#sendTime'],
    ]);
    await page.fill('#offsetsDays', '30, 10, 2');
    await page.fill('#sendTime', '08:00');
    await page.getByRole('button', { name: 'Save reminder settings' }).click();
    await check('reminders-saved');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain('Reminder settings saved');
    expect((await api.get(await api.admin(), '/api/admin/reminder-settings').expect(200)).body).toEqual({
      offsetsDays: [30, 10, 2],
      sendTime: '08:00',
      escalationEveryDays: 7,
    });
  });

  it('an administrator sees a mail that failed, without its content, and retries it', async () => {
    // The board's chair records a checkpoint, which is mailed to its members; the mail server
    // refuses it for good (as the worker marks a mail after its last attempt).
    await api.post(cspMember, '/api/boards/csp/checkpoints', { note: 'Fictional checkpoint for the board meeting.' }).expect(201);
    const failed = await api.db.query(
      `UPDATE outbox_messages SET status = 'failed', attempts = 8, last_error = '550 5.1.1 Mailbox unavailable (fictional)', failed_at = now()
       WHERE kind = 'audit-checkpoint' RETURNING id, text_body`,
    );
    expect(failed.rows).toHaveLength(1);
    const { id, text_body: body } = failed.rows[0] as { id: string; text_body: string };

    const { page, check } = await journey.person(browser, 'admin-mail');
    await signIn(page, ADMIN.email, ADMIN.password);
    await page.goto('/admin/mail');
    await check('failed-mail');
    const table = (await page.locator('main table').textContent())!;
    expect(table).toContain(cspMember.email);
    expect(table).toContain('550 5.1.1 Mailbox unavailable (fictional)');
    const html = await page.content();
    for (const line of body
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.length > 20))
      expect(html).not.toContain(line);

    await page.locator(`form[action="/admin/mail/${id}/retry"] button`).click();
    await page.waitForURL(/\/admin\/mail$/);
    await check('mail-retried');
    await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toMatch(/will be sent again/);
    expect(await page.locator('main').textContent()).toContain('No mail is failed.');
    expect((await api.db.query('SELECT status, attempts FROM outbox_messages WHERE id = $1', [id])).rows[0]).toEqual({ status: 'pending', attempts: 0 });
  });

  it('someone who is not an administrator is refused the administration pages', async () => {
    const { page, check } = await journey.person(browser, 'csp-member-admin');
    await signIn(page, cspMember.email, PASSWORD);
    for (const path of ['/admin/users', '/admin/reminders', '/admin/mail']) {
      const res = await page.goto(path);
      expect(res?.status()).toBe(403);
      await expect(page.locator('h1').textContent()).resolves.toBe('You cannot do this');
    }
    await check('admin-refused');
  });

  it('has no axe-core violations at WCAG 2.2 AA on any page visited', () => {
    expect(journey.pagesChecked.length).toBeGreaterThan(18);
    expect(journey.findings).toEqual([]);
  });
});
