import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { Journey, launchChromium, signIn } from './support/browser';
import { TestApi } from './support/test-app';

/** Where this file's screenshots go on every run (gitignored), beside the other browser tests'. */
const SCREENSHOTS = join(__dirname, 'artifacts', 'demo-tour');
/** The user guide's pictures: replaced from this run only when UPDATE_SCREENSHOTS=1, so a test run leaves git clean. */
const GUIDE_IMAGES = join(__dirname, '..', 'docs', 'images');
const password = 'demo-password-for-tests';

/** Each stop signs a person in and opens a page checked by axe: more than the default minute on a busy machine. */
jest.setTimeout(300_000);

/**
 * The guided tour of docs/user-guide.md, taken in a real browser on the demo seed (SEED_DEMO=true,
 * as the quick start runs it): each stop signs in as the demo login the tour names, opens the page
 * it describes, checks what the tour promises is there, screenshots it and runs axe (WCAG 2.2 AA).
 */
describe('The guided tour of the demo', () => {
  let api: TestApi;
  let browser: Browser;
  let journey: Journey;

  beforeAll(async () => {
    process.env.SEED_DEMO = 'true';
    process.env.DEMO_PASSWORD = password;
    api = await TestApi.start({ today: '2026-11-26' });
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    journey = new Journey(SCREENSHOTS, url);
  });
  afterAll(async () => {
    process.env.SEED_DEMO = 'false';
    delete process.env.DEMO_PASSWORD;
    await browser?.close();
    await api.stop();
  });

  /** The tour's stops: who signs in, the page, what it must show, and the picture's name in docs/images. */
  const STOPS: { image: string; email: string; path: string | (() => Promise<string>); shows: (string | RegExp)[] }[] = [
    {
      image: 'tour-csp-chair-my-work',
      email: 'csp-chair@halton.example',
      path: '/my-work',
      shows: ['Adult Hawthorn (fictional)', /record the decision whether to hold a review/, 'Overdue'],
    },
    {
      image: 'tour-chair-my-work',
      email: 'chair@review.example',
      path: '/my-work',
      shows: ['Adult Rowan (fictional)', 'Information from Cheshire Police (request 2)'],
    },
    {
      image: 'tour-board-member-vote',
      email: 'board@halton.example',
      path: async () => {
        const manager = { id: '', email: '', roles: [], token: await api.token('manager@halton.example', password) };
        const willow = (await api.get(manager, '/api/reviews?q=Willow').expect(200)).body.items[0];
        return `/sign-off/${willow.id}/dab`;
      },
      shows: ['Adult Willow (fictional)', 'Overview report', /Approve/],
    },
    {
      image: 'tour-action-owner-actions',
      email: 'actions@halton.example',
      path: '/actions',
      shows: ['Fictional demo: train every housing officer in asking about abuse.', 'Overdue'],
    },
    {
      image: 'tour-board-report',
      email: 'board@halton.example',
      path: '/boards/csp/report?quarter=2026-Q3',
      shows: ['July to September 2026'],
    },
  ];

  it('shows each demo login the work the tour promises, every page passing axe, and keeps the pictures for the user guide', async () => {
    const taken: [string, string][] = [];
    for (const stop of STOPS) {
      const person = await journey.person(browser, stop.image);
      await signIn(person.page, stop.email, password);
      const path = typeof stop.path === 'string' ? stop.path : await stop.path();
      const res = await person.page.goto(path);
      expect({ path, status: res?.status() }).toEqual({ path, status: 200 });
      const text = await person.page.locator('main').innerText();
      for (const shown of stop.shows) expect(text).toMatch(shown);
      await person.check('page');
      taken.push([stop.image, join(SCREENSHOTS, `${String(journey.pagesChecked.length).padStart(2, '0')}-${stop.image}-page.png`)]);
      await person.context.close();
    }
    expect(journey.pagesChecked).toHaveLength(STOPS.length);
    expect(journey.findings).toEqual([]);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      mkdirSync(GUIDE_IMAGES, { recursive: true });
      for (const [image, file] of taken) copyFileSync(file, join(GUIDE_IMAGES, `${image}.png`));
    }
  });
});
