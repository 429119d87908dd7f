import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Journey, launchChromium, signIn } from './support/browser';
import { reviewAtSignOffWithAction } from './support/scenarios';
import { ADMIN, notification, PASSWORD, TestApi, TestUser } from './support/test-app';

/** Where this file's screenshots go (gitignored), beside the other browser tests'. */
const SCREENSHOTS = join(__dirname, 'artifacts', 'small-screens');

/** A phone held upright (an iPhone 12 to 15's CSS size); the pages are built to work down to 320 px. */
const PHONE = { width: 390, height: 844 };

/** Each step drives a real browser through several pages, each checked by axe: more than the default minute on a busy machine. */
jest.setTimeout(180_000);
describe('Small screens: every page works on a phone, its tables scrolling in their own box', () => {
  let api: TestApi;
  let browser: Browser;
  let journey: Journey;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, housing: TestUser;
  let reviewId = '';

  /**
   * How far the document is wider than the window (0 when nothing scrolls sideways but a table's
   * own box), and the outermost elements that stick out past its right edge, to say what to fix.
   */
  const sidewaysOverflow = (page: Page) =>
    page.evaluate(() => {
      const width = window.innerWidth;
      const wider = [...document.body.querySelectorAll('*')].filter(
        (e) => !e.parentElement?.closest('.app-table-scroll') && e.getBoundingClientRect().right > width + 0.5,
      );
      const outermost = wider.filter((e) => !wider.includes(e.parentElement!));
      return {
        by: document.documentElement.scrollWidth - width,
        elements: outermost
          .slice(0, 5)
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} "${(e.textContent ?? '').trim().slice(0, 40)}" ${getComputedStyle(e).overflowX} ${e.getBoundingClientRect().right}`,
          ),
      };
    });

  /** Opens each page at phone size: axe (via the journey), a screenshot, and no sideways scrolling of the page itself. */
  const visit = async (person: Awaited<ReturnType<Journey['person']>>, pages: [string, string][]) => {
    for (const [path, name] of pages) {
      const res = await person.page.goto(path);
      expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
      await person.check(name);
      expect({ path, overflow: await sidewaysOverflow(person.page) }).toEqual({ path, overflow: { by: 0, elements: [] } });
    }
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-01-05' });
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    housing = await api.user(['agency-action-owner'], 'housing', 'Harper Housing');
    const boardMember = await api.boardMember(['csp'], 'Bailey Board');
    await api.setBoard('csp', { chairUserId: boardMember.id, quorum: 1 });
    reviewId = (
      await api
        .post(
          manager,
          '/api/reviews',
          notification({ notifiedOn: '2026-01-05', dateOfDeath: '2026-01-02', victim: { pseudonym: 'Adult P', ageAtDeath: 44, sex: 'female' } }),
        )
        .expect(201)
    ).body.id;
    await reviewAtSignOffWithAction(api, { manager, cspChair, chair }, reviewId); // leaves the clock on 12 February 2026
    await api
      .post(chair, `/api/reviews/${reviewId}/family`, {
        pseudonym: 'Sister',
        realName: 'Fictional Person',
        relationship: 'Sister',
        involvement: 'read-the-draft',
        advocacyService: 'Advocacy After Fatal Domestic Abuse (a long service name to wrap on a phone)',
        advocacyOfferedOn: '2026-02-01',
        advocacyAccepted: 'yes',
      })
      .expect(201);
    browser = await launchChromium();
    journey = new Journey(SCREENSHOTS, url);
  });
  afterAll(async () => {
    await browser?.close();
    await api.stop();
  });
  afterEach(() => {
    expect(journey.findings).toEqual([]);
  });

  it('signs in and shows the CSP manager’s pages at 390 px wide: axe finds nothing and only tables scroll sideways', async () => {
    const person = await journey.person(browser, 'manager', PHONE);
    await visit(person, [['/sign-in', 'sign-in']]);
    await signIn(person.page, manager.email, PASSWORD);
    await visit(person, [
      ['/my-work', 'my-work'],
      ['/reviews', 'reviews'],
      [`/reviews/${reviewId}`, 'review'],
      [`/reviews/${reviewId}/family`, 'family'],
      [`/reviews/${reviewId}/meetings`, 'meetings'],
      [`/reviews/${reviewId}/proceedings`, 'proceedings'],
      ['/boards', 'boards'],
      ['/boards/csp', 'board-dashboard'],
      ['/boards/csp/report', 'board-report'],
      ['/accessibility', 'accessibility'],
    ]);
    // The review page has tables wider than a phone: they scroll inside their own labelled, focusable box.
    await person.page.goto(`/reviews/${reviewId}`);
    const boxes = person.page.locator('.app-table-scroll');
    expect(await boxes.count()).toBeGreaterThan(0);
    for (const box of await boxes.all()) {
      expect(await box.getAttribute('tabindex')).toBe('0');
      expect(await box.getAttribute('role')).toBe('region');
      expect((await box.getAttribute('aria-label')) ?? (await box.getAttribute('aria-labelledby'))).toBeTruthy();
    }
    await person.context.close();
  });

  it('shows the administrator’s pages at 390 px wide', async () => {
    const person = await journey.person(browser, 'admin', PHONE);
    await signIn(person.page, ADMIN.email, ADMIN.password);
    await visit(person, [
      ['/admin/users', 'admin-users'],
      ['/admin/reminders', 'admin-reminders'],
      ['/admin/mail', 'admin-mail'],
      ['/admin/retention', 'admin-retention'],
      ['/admin/disposal', 'admin-disposal'],
    ]);
    await person.context.close();
  });

  it('shows an agency action owner’s actions page at 390 px wide', async () => {
    const person = await journey.person(browser, 'housing', PHONE);
    await signIn(person.page, housing.email, PASSWORD);
    await visit(person, [
      ['/my-work', 'my-work'],
      ['/actions', 'actions'],
    ]);
    await person.context.close();
  });

  it('at 320 px, the narrowest screen the pages are built for, the review page still does not scroll sideways', async () => {
    const person = await journey.person(browser, 'manager-320', { width: 320, height: 640 });
    await signIn(person.page, manager.email, PASSWORD);
    await visit(person, [
      [`/reviews/${reviewId}`, 'review'],
      ['/my-work', 'my-work'],
      ['/boards/csp/report', 'board-report'],
    ]);
    await person.context.close();
  });
});
