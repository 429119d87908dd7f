import { ADMIN, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

describe('Web pages: sign-in, sessions, CSRF, CSP and error pages', () => {
  let api: TestApi;
  let manager: TestUser;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    manager = await api.user(['csp-manager']);
  });
  afterAll(() => api.stop());

  it('serves GOV.UK Frontend pages with a per-request CSP nonce on its inline script, and its assets', async () => {
    const web = new WebClient(api);
    const first = await web.get('/sign-in');
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/text\/html/);
    expect(first.text).toContain('govuk-template');
    const csp = first.headers['content-security-policy'] as string;
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(first.text).toContain(`<script nonce="${nonce}">document.body.className`);
    expect(csp).toContain("form-action 'self'");
    const second = await web.get('/sign-in');
    expect(/'nonce-([^']+)'/.exec(second.headers['content-security-policy'] as string)?.[1]).not.toBe(nonce);

    await api.http().get('/stylesheets/govuk-frontend.min.css').expect(200).expect('content-type', /css/);
    await api
      .http()
      .get('/javascripts/govuk-frontend.min.js')
      .expect(200)
      .expect('content-type', /javascript/);
    await api.http().get('/assets/images/favicon.svg').expect(200);
  });

  it('signs in with a session cookie that is HttpOnly and SameSite=Lax, and sends the person where they were going', async () => {
    const web = new WebClient(api);
    const away = await web.get('/');
    expect(away.status).toBe(303);
    expect(away.headers.location).toBe('/sign-in');
    const page = await web.get('/sign-in?returnTo=%2Faccessibility');
    const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('dhr_session='));
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(page.text).toContain('value="/accessibility"');

    const signedIn = await web.post('/sign-in', { email: manager.email, password: PASSWORD, returnTo: '/accessibility' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toBe('/accessibility');
    const home = await web.get('/');
    expect(home.status).toBe(303);
    expect(home.headers.location).toBe('/my-work');
  });

  it('never sends a person off the site after sign-in', async () => {
    const web = new WebClient(api);
    await web.get('/sign-in');
    for (const returnTo of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '/api/reviews']) {
      await web.get('/sign-in');
      const res = await web.post('/sign-in', { email: ADMIN.email, password: ADMIN.password, returnTo });
      expect(res.headers.location).toBe('/my-work');
    }
  });

  it('shows the error summary for a missing or wrong password, naming the field', async () => {
    const web = new WebClient(api);
    await web.get('/sign-in');
    const empty = await web.post('/sign-in', { email: '', password: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('govuk-error-summary');
    expect(empty.text).toContain('<a href="#email">Enter your email address</a>');
    expect(empty.text).toContain('<a href="#password">Enter your password</a>');
    expect(empty.text).toContain('<title>Error: Sign in');
    const wrong = await web.post('/sign-in', { email: manager.email, password: 'not-the-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('The email address or password is not right');
    expect(wrong.text).toContain(`value="${manager.email}"`);
  });

  it('refuses a form posted without its CSRF token, or with another session’s', async () => {
    const web = new WebClient(api);
    await web.get('/sign-in');
    const refused = await web.post('/sign-in', { email: manager.email, password: PASSWORD }, { csrf: false });
    expect(refused.status).toBe(403);
    expect(pageText(refused.text)).toContain('This form could not be sent');
    expect(web.hasCookie('dhr_session')).toBe(true);

    const other = new WebClient(api);
    await other.get('/sign-in');
    const forged = await web.post('/sign-in', { email: manager.email, password: PASSWORD, _csrf: other.csrfToken }, { csrf: false });
    expect(forged.status).toBe(403);
    // Signed in, a form without the token changes nothing either.
    await web.signIn(manager.email, PASSWORD);
    expect((await web.post('/sign-out', {}, { csrf: false })).status).toBe(403);
    expect((await web.get('/')).headers.location).toBe('/my-work');
  });

  it('signs out, and ends a session idle for longer than the timeout', async () => {
    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const out = await web.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    expect(pageText((await web.get('/sign-in?signedOut=1')).text)).toContain('You have signed out.');
    expect((await web.get('/')).headers.location).toBe('/sign-in');

    await web.signIn(manager.email, PASSWORD);
    api.clock.set(new Date(api.clock.now().getTime() + 29 * 60_000).toISOString());
    expect((await web.get('/')).headers.location).toBe('/my-work');
    api.clock.set(new Date(api.clock.now().getTime() + 31 * 60_000).toISOString());
    const timedOut = await web.get('/my-work');
    expect(timedOut.status).toBe(303);
    expect(timedOut.headers.location).toBe('/sign-in?returnTo=%2Fmy-work&timedOut=1');
    expect(pageText((await web.get(timedOut.headers.location as string)).text)).toContain(
      'You were signed out because you had not used the service for 30 minutes',
    );
    expect((await web.get('/')).headers.location).toBe('/sign-in');
  });

  it('keeps the JSON API on bearer tokens: a session cookie does not sign a person in there', async () => {
    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const res = await api.http().get('/api/reviews').set('Cookie', `dhr_session=x`).expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    await api.get(manager, '/api/reviews').expect(200);
    // Nor does the API set cookies.
    expect((await api.get(manager, '/api/users/me').expect(200)).headers['set-cookie']).toBeUndefined();
  });

  it('answers an unknown page with a 404 page that leaks nothing, and an unknown API path with a problem document', async () => {
    const res = await api.http().get('/no-such-page').expect(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(pageText(res.text)).toContain('Page not found');
    expect(res.text).not.toMatch(/Cannot GET|at .*\.js|stack/i);
    const api404 = await api.http().get('/api/no-such-thing').expect(404);
    expect(api404.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('has an accessibility statement that anyone can read', async () => {
    const res = await api.http().get('/accessibility').expect(200);
    expect(pageText(res.text)).toContain('Accessibility statement for Statutory death reviews');
    expect(pageText(res.text)).toContain('WCAG');
  });
});
