import { authenticator } from 'otplib';
import { OidcTestProvider, ProviderVisit } from './support/oidc-provider';
import { TestApi } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/**
 * Issue 18.6: single sign-on for council staff through OpenID Connect (authorisation code flow
 * with PKCE, state and nonce), against a real provider (oidc-provider) run beside the test. Only
 * a verified email that belongs to an existing active account signs anyone in.
 */
const REDIRECT = 'http://localhost:3000/sign-in/council/callback';
const OFFICER = 'council.officer@test.example';

describe('Sign in with a council account (issue 18.6)', () => {
  let provider: OidcTestProvider;
  let api: TestApi;

  beforeAll(async () => {
    provider = await OidcTestProvider.start({
      clientId: 'death-reviews',
      clientSecret: 'a-client-secret-for-the-test-provider',
      redirectUri: REDIRECT,
      accounts: {
        // Fictional people. The provider's capitals differ from the account's: matching ignores case.
        officer: { email: 'Council.Officer@Test.Example', email_verified: true },
        unverified: { email: OFFICER, email_verified: false },
        stranger: { email: 'someone.else@test.example', email_verified: true },
      },
    });
    process.env.OIDC_ISSUER_URL = provider.issuer;
    process.env.OIDC_CLIENT_ID = 'death-reviews';
    process.env.OIDC_CLIENT_SECRET = 'a-client-secret-for-the-test-provider';
    process.env.OIDC_REDIRECT_URL = REDIRECT;
    // CSP managers must use an authenticator app; the council's sign-in does not count as one (OIDC_COUNTS_AS_SECOND_FACTOR).
    process.env.TOTP_REQUIRED_ROLES = 'csp-manager';
    api = await TestApi.start({ today: '2026-03-02' });
    const admin = await api.admin();
    await api
      .post(admin, '/api/users', { email: OFFICER, name: 'Fictional Council Officer', password: 'a-long-test-password', roles: ['csp-manager'] })
      .expect(201);
  });
  afterAll(async () => {
    process.env.TOTP_REQUIRED_ROLES = 'none';
    for (const name of ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL']) delete process.env[name];
    await api.stop();
    await provider.stop();
  });

  /** Starts at the product, signs in at the provider as `login`, and comes back to the product's callback. */
  async function councilSignIn(login: string) {
    const web = new WebClient(api);
    expect(pageText((await web.get('/sign-in')).text)).toContain('Sign in with your council account');
    const start = await web.get('/sign-in/council?returnTo=/reviews');
    expect(start.status).toBe(303);
    const authorisation = new URL(start.headers.location as string);
    const back = await new ProviderVisit().signIn(authorisation.href, login, REDIRECT);
    const answer = await web.get(`${back.pathname}${back.search}`);
    return { web, authorisation, back, answer };
  }

  it('signs in a person whose verified council email is an active account, through the code flow with PKCE, and audits it', async () => {
    const { web, authorisation, back, answer } = await councilSignIn('officer');
    expect(authorisation.origin).toBe(provider.issuer);
    expect(authorisation.searchParams.get('response_type')).toBe('code');
    expect(authorisation.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorisation.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorisation.searchParams.get('state')).toBeTruthy();
    expect(authorisation.searchParams.get('nonce')).toBeTruthy();
    expect(back.searchParams.get('code')).toBeTruthy();
    // Signed in at the council, but not here until the second step is done.
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/sign-in/set-up-authenticator');
    expect((await web.get('/reviews')).status).toBe(303);
    const setUp = await web.get('/sign-in/set-up-authenticator');
    const secret = /id="secret">([A-Z2-7]+)</.exec(setUp.text)![1];
    const code = authenticator.clone({ epoch: api.clock.now().getTime() }).generate(secret);
    expect((await web.post('/sign-in/set-up-authenticator', { code })).status).toBe(200);
    const reviews = await web.get('/reviews');
    expect(reviews.status).toBe(200);
    const audit = await api.db.query(
      `SELECT a.changes FROM audit_entries a JOIN users u ON u.id = a.actor_id WHERE a.action = 'auth.signed-in' AND u.email = $1`,
      [OFFICER],
    );
    expect(audit.rows.map((r) => r.changes)).toEqual([{ method: 'council-sign-in' }]);
  });

  it('refuses an email the provider has not verified, and one that no account has, creating no account', async () => {
    const users = async () => (await api.db.query('SELECT count(*)::int AS n FROM users')).rows[0].n as number;
    const before = await users();
    const unverified = await councilSignIn('unverified');
    expect(unverified.answer.status).toBe(403);
    expect(unverified.answer.text).toContain('data-refusal="email-not-verified"');
    expect(pageText(unverified.answer.text)).toContain('did not confirm your email address');
    expect((await unverified.web.get('/reviews')).status).toBe(303);

    const stranger = await councilSignIn('stranger');
    expect(stranger.answer.status).toBe(403);
    expect(stranger.answer.text).toContain('data-refusal="no-account"');
    expect(pageText(stranger.answer.text)).toContain('There is no account on this service for your council email address');
    expect((await stranger.web.get('/reviews')).status).toBe(303);
    expect(await users()).toBe(before);
  });

  it('refuses a return that does not match the sign-in it started (state), or that comes with no sign-in started', async () => {
    const web = new WebClient(api);
    const start = await web.get('/sign-in/council');
    const back = await new ProviderVisit().signIn(start.headers.location as string, 'officer', REDIRECT);
    back.searchParams.set('state', 'not-the-state-we-sent');
    const forged = await web.get(`${back.pathname}${back.search}`);
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('data-refusal="failed"');
    expect((await web.get('/reviews')).status).toBe(303);

    const stray = await new WebClient(api).get('/sign-in/council/callback?code=abc&state=def');
    expect(stray.status).toBe(403);
    expect(stray.text).toContain('data-refusal="failed"');
  });
});
