import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

const TODAY = '2026-03-02';

/**
 * Reads of a review are audited (`review.viewed`), once for each page a person is shown: building
 * an action's form or checking a post records nothing of its own. A successful post redirects and
 * the page that follows records one read; a failed post shows the page again and records one.
 */
describe('Web pages: one audited read of a review per page shown', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser;
  let reviewId = '';

  const viewed = async () =>
    Number((await api.db.query(`SELECT count(*) FROM audit_entries WHERE review_id = $1 AND action = 'review.viewed'`, [reviewId])).rows[0].count);
  const versionOn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '';

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    reviewId = (await api.post(manager, '/api/reviews', notification()).expect(201)).body.id;
  });
  afterAll(() => api.stop());

  it('records one read for the page, one for a successful post and the page it leads to, and one for each refused post', async () => {
    const web = new WebClient(api);
    await web.signIn(cspChair.email, PASSWORD);
    const start = await viewed();

    const page = await web.get(`/reviews/${reviewId}`);
    expect(page.status).toBe(200);
    expect(await viewed()).toBe(start + 1);
    const version = versionOn(page.text);
    expect(version).not.toBe('');

    // A form with mistakes: shown again (400), one read.
    const bad = await web.post(`/reviews/${reviewId}/actions/decide`, { version });
    expect(bad.status).toBe(400);
    expect(await viewed()).toBe(start + 2);

    // Done: the post itself records no read; the page it redirects to records one.
    const done = await web.post(`/reviews/${reviewId}/actions/decide`, {
      version,
      outcome: 'hold',
      'decidedOn-day': '2',
      'decidedOn-month': '3',
      'decidedOn-year': '2026',
      rationale: 'The criteria are met.',
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/reviews/${reviewId}`);
    expect(await viewed()).toBe(start + 2);
    const after = await web.get(done.headers.location as string);
    expect(pageText(after.text)).toContain('Record the decision');
    expect(await viewed()).toBe(start + 3);

    // Refused (the decision is taken: wrong stage now): the page again (409), one read.
    const refused = await web.post(`/reviews/${reviewId}/actions/decide`, {
      version: versionOn(after.text),
      outcome: 'hold',
      'decidedOn-day': '2',
      'decidedOn-month': '3',
      'decidedOn-year': '2026',
      rationale: 'Again.',
    });
    expect(refused.status).toBe(409);
    expect(pageText(refused.text)).toContain('You cannot ‘record the decision whether to hold a review’ now');
    expect(await viewed()).toBe(start + 4);

    // Refused as stale (a page read before the decision): one read.
    const stale = await web.post(`/reviews/${reviewId}/actions/appoint-chair`, {
      version,
      userId: chair.id,
      'appointedOn-day': '2',
      'appointedOn-month': '3',
      'appointedOn-year': '2026',
    });
    expect(stale.status).toBe(409);
    expect(pageText(stale.text)).toContain('Someone else changed this review while you were reading it.');
    expect(await viewed()).toBe(start + 5);

    // A refused change to the recommendations (too early): one read.
    const early = await web.post(`/reviews/${reviewId}/recommendations`, {
      text: 'Too early',
      level: 'local',
      owningAgency: 'housing',
      themes: 'hate-crime',
      outcome: 'None',
    });
    expect(early.status).toBe(409);
    expect(await viewed()).toBe(start + 6);
  });
});
