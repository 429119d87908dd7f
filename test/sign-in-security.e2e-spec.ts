import * as jsonwebtoken from 'jsonwebtoken';
import { SignInThrottle, UsersService } from '@app/identity';
import { ADMIN, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/**
 * Issue 18, points 3, 4 and 7: sign-in that resists guessing (a throttle in Redis per account and
 * per address, an account lock in PostgreSQL that an administrator can undo, all audited, the same
 * answer whether or not an account exists); passwords by the NCSC's guidance; sessions and bearer
 * tokens that end when they should.
 */
describe('Signing in safely', () => {
  let api: TestApi;
  let admin: TestUser;

  beforeAll(async () => {
    // Settings of this file's app only: a lock after 3 failures in a row, 12 failures per address.
    process.env.ACCOUNT_LOCK_AFTER = '3';
    process.env.SIGN_IN_ADDRESS_LIMIT = '12';
    api = await TestApi.start({ today: '2026-11-26' });
    admin = await api.admin();
  });
  afterAll(async () => {
    delete process.env.ACCOUNT_LOCK_AFTER;
    delete process.env.SIGN_IN_ADDRESS_LIMIT;
    await api.stop();
  });

  /** Moves the product's clock on; past the 15-minute window, every throttle count starts again. */
  const later = (minutes: number) => api.clock.set(new Date(api.clock.now().getTime() + minutes * 60_000).toISOString());
  const nextWindow = () => later(16);
  const tokenFor = (email: string, password: string) => api.http().post('/api/auth/token').send({ email, password });
  const audit = async (action: string, since: number) =>
    (await api.db.query(`SELECT changes FROM audit_entries WHERE action = $1 AND seq > $2 ORDER BY seq`, [action, since])).rows.map(
      (row: { changes: Record<string, unknown> }) => row.changes,
    );
  const lastSeq = async () => Number((await api.db.query(`SELECT coalesce(max(seq), 0) AS seq FROM audit_entries`)).rows[0].seq);

  describe('the throttle', () => {
    it('answers 429 with Retry-After after 5 failures for one email, whether or not an account has it, and audits it', async () => {
      nextWindow();
      const since = await lastSeq();
      const person = await api.user(['csp-manager']);
      const unknown = 'nobody-here@test.example';
      for (let i = 0; i < 5; i++) {
        await tokenFor(person.email, 'not-the-password-at-all').expect(401);
        await tokenFor(unknown, 'not-the-password-at-all').expect(401);
      }
      const known = await tokenFor(person.email, PASSWORD).expect(429);
      const nobody = await tokenFor(unknown, 'not-the-password-at-all').expect(429);
      for (const res of [known, nobody]) {
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(res.body.code).toBe('too-many-attempts');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(14 * 60);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
        expect(res.body.retryAfterSeconds).toBe(Number(res.headers['retry-after']));
      }
      // Nothing in the answer tells the two apart.
      expect(known.body.detail).toBe(nobody.body.detail);
      expect(known.headers['retry-after']).toBe(nobody.headers['retry-after']);

      // The web sign-in page is held back the same way, with the wait in plain words.
      const web = new WebClient(api);
      await web.get('/sign-in');
      const page = await web.post('/sign-in', { email: person.email, password: PASSWORD });
      expect(page.status).toBe(429);
      expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
      expect(pageText(page.text)).toContain('There have been too many failed attempts to sign in. Wait 15 minutes, then try again');

      // Every failure is audited, an unknown email's too (with no account named).
      const failed = await audit('auth.sign-in-failed', since);
      expect(failed.filter((c) => c.userId === null)).toHaveLength(5);
      expect(failed.filter((c) => c.userId === person.id)).toHaveLength(5);
      const throttled = await audit('auth.sign-in-throttled', since);
      expect(throttled).toEqual([
        { limit: 'account', retryAfterSeconds: 900 },
        { limit: 'account', retryAfterSeconds: 900 },
      ]);
      expect(JSON.stringify(throttled)).not.toContain('@');

      // Once the window has passed, and the lock its failures set (after 3, for an hour), the right password works again.
      later(61);
      await tokenFor(person.email, PASSWORD).expect(200);
    });

    it('answers 429 to an address that has failed too often, across many emails', async () => {
      nextWindow();
      for (let i = 0; i < 12; i++) await tokenFor(`guess-${i}@test.example`, 'not-the-password-at-all').expect(401);
      const res = await tokenFor('another-guess@test.example', 'not-the-password-at-all').expect(429);
      expect(res.body.code).toBe('too-many-attempts');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      nextWindow();
      await tokenFor(ADMIN.email, ADMIN.password).expect(200);
    });
  });

  describe('the account lock', () => {
    it('locks an account after repeated failures, refusing even the right password with the same answer, until an administrator unlocks it', async () => {
      nextWindow();
      const since = await lastSeq();
      const person = await api.user(['csp-manager']);
      for (let i = 0; i < 3; i++) await tokenFor(person.email, 'not-the-password-at-all').expect(401);
      const locked = await tokenFor(person.email, PASSWORD).expect(401);
      const nobody = await tokenFor('nobody-at-all@test.example', 'not-the-password-at-all').expect(401);
      expect(locked.body.detail).toBe(nobody.body.detail);

      const listed = await api.get(admin, `/api/users?role=csp-manager&pageSize=100`).expect(200);
      const row = listed.body.items.find((u: { id: string }) => u.id === person.id);
      expect(row.lockedUntil).toBe(new Date(api.clock.now().getTime() + 60 * 60_000).toISOString());

      // Only an administrator may unlock.
      const manager = await api.user(['csp-manager']);
      expect((await api.post(manager, `/api/users/${person.id}/unlock`, {}).expect(403)).body.code).toBe('not-allowed');
      expect((await api.post(admin, `/api/users/not-an-id/unlock`, {}).expect(404)).body.code).toBe('not-found');
      await api.post(admin, `/api/users/00000000-0000-4000-8000-000000000000/unlock`, {}).expect(404);
      const unlocked = await api.post(admin, `/api/users/${person.id}/unlock`, {}).expect(200);
      expect(unlocked.body).toMatchObject({ id: person.id, lockedUntil: null });
      await tokenFor(person.email, PASSWORD).expect(200);

      expect((await audit('auth.sign-in-failed', since)).filter((c) => c.userId === person.id).map((c) => c.failedSignIns)).toEqual([1, 2, 3, 4]);
      expect(await audit('auth.account-locked', since)).toEqual([{ userId: person.id, lockedUntil: row.lockedUntil }]);
      expect(await audit('user.unlocked', since)).toEqual([
        { userId: person.id, before: { failedSignIns: 4, lockedUntil: row.lockedUntil }, after: { failedSignIns: 0, lockedUntil: null } },
      ]);
    });

    it('unlocks by itself once the lock time has passed', async () => {
      nextWindow();
      const person = await api.user(['auditor']);
      for (let i = 0; i < 3; i++) await tokenFor(person.email, 'not-the-password-at-all').expect(401);
      await tokenFor(person.email, PASSWORD).expect(401);
      later(61);
      await tokenFor(person.email, PASSWORD).expect(200);
      const stored = await api.db.query('SELECT failed_sign_ins, locked_until FROM users WHERE id = $1', [person.id]);
      expect(stored.rows[0]).toEqual({ failed_sign_ins: 0, locked_until: null });
    });

    it('shows a locked account on the administrator’s page for the user, with a button that unlocks it', async () => {
      nextWindow();
      const person = await api.user(['auditor'], undefined, 'Fictional Locked Person');
      for (let i = 0; i < 3; i++) await tokenFor(person.email, 'not-the-password-at-all').expect(401);
      const web = new WebClient(api);
      await web.signIn(ADMIN.email, ADMIN.password);
      const page = await web.get(`/admin/users/${person.id}`);
      expect(pageText(page.text)).toContain('This account is locked after too many failed attempts to sign in.');
      const res = await web.post(`/admin/users/${person.id}/unlock`, {});
      expect(res.status).toBe(303);
      const after = await web.get(res.headers.location as string);
      expect(pageText(after.text)).toContain('Account unlocked: Fictional Locked Person can sign in again');
      expect(pageText(after.text)).not.toContain('This account is locked');
      await tokenFor(person.email, PASSWORD).expect(200);
    });
  });

  describe('passwords', () => {
    const create = (password: string, email = `new.person.${Math.random().toString(16).slice(2, 8)}@test.example`) =>
      api.post(admin, '/api/users', { email, name: 'Fictional New Person', password, roles: ['auditor'] });

    it.each([
      ['a common password', 'password1234', /^is too easy to guess/],
      ['a common password with a twist', 'Password2026!', /^is too easy to guess/],
      ['the email address', 'fictional.person@test.example', /^must not be the email address$/],
      ['the demo password', 'halton-demo-2026', /^must not be the demo password$/],
      ['a short one', 'short-1', /^must be 12 characters or more$/],
    ])('refuses %s with a 400 naming the field, and creates no one', async (_what, password, message) => {
      const email = 'fictional.person@test.example';
      const res = await create(password, email).expect(400);
      expect(res.body.code).toBe('invalid-input');
      expect(res.body.errors).toEqual([{ field: 'password', message: expect.stringMatching(message) }]);
      expect((await api.db.query('SELECT 1 FROM users WHERE email = $1', [email])).rowCount).toBe(0);
    });

    it('stops the start, naming the setting and not the password, when the bootstrap administrator’s password is common', async () => {
      const partnershipId = (await api.db.query('SELECT partnership_id FROM users WHERE id = $1', [admin.id])).rows[0].partnership_id as string;
      const users = api.app.get(UsersService);
      const refused = api.asSystem(() => users.ensureAdministrator(partnershipId, 'second.admin@test.example', 'password1234'));
      await expect(refused).rejects.toThrow(/^BOOTSTRAP_ADMIN_PASSWORD is too easy to guess.*Change it in the environment or in \.env\.$/);
      await expect(refused).rejects.not.toThrow(/password1234/);
      expect((await api.db.query(`SELECT 1 FROM users WHERE email = 'second.admin@test.example'`)).rowCount).toBe(0);
    });

    it('accepts a long password that is not common (three random words)', async () => {
      await create('violet kettle orbit').expect(201);
    });

    it('refuses a common password on the administrator’s page too, in plain words', async () => {
      const web = new WebClient(api);
      await web.signIn(ADMIN.email, ADMIN.password);
      await web.get('/admin/users/new');
      const res = await web.post('/admin/users/new', {
        name: 'Fictional Page Person',
        email: 'page.person@test.example',
        password: 'password1234',
        roles: 'auditor',
      });
      expect(res.status).toBe(400);
      expect(pageText(res.text)).toContain('is too easy to guess');
    });
  });

  describe('sessions', () => {
    it('refuses a copied session cookie once its session has signed out', async () => {
      nextWindow();
      const person = await api.user(['csp-manager']);
      const web = new WebClient(api);
      await web.signIn(person.email, PASSWORD);
      const copied = web.cookieHeader();
      await api.http().get('/my-work').set('Cookie', copied).expect(200);
      expect((await web.post('/sign-out', {})).headers.location).toBe('/sign-in?signedOut=1');
      const replayed = await api.http().get('/my-work').set('Cookie', copied).expect(303);
      expect(replayed.headers.location).toMatch(/^\/sign-in/);
    });

    it('signs out everywhere from a web page: every other session and every bearer token of the account end', async () => {
      nextWindow();
      const since = await lastSeq();
      const person = await api.user(['csp-manager']);
      const here = new WebClient(api);
      const elsewhere = new WebClient(api);
      await here.signIn(person.email, PASSWORD);
      await elsewhere.signIn(person.email, PASSWORD);
      const someoneElse = new WebClient(api);
      await someoneElse.signIn(ADMIN.email, ADMIN.password);
      await api.get(person, '/api/users/me').expect(200);

      const out = await here.post('/sign-out-everywhere', {});
      expect(out.headers.location).toBe('/sign-in?signedOut=everywhere');
      expect(pageText((await here.get('/sign-in?signedOut=everywhere')).text)).toContain('You have signed out everywhere');
      expect((await elsewhere.get('/my-work')).headers.location).toMatch(/^\/sign-in/);
      expect((await api.get(person, '/api/users/me').expect(401)).body.code).toBe('not-signed-in');
      // Another person's session goes on, and the person can sign in again.
      expect((await someoneElse.get('/my-work')).status).toBe(200);
      const fresh = await api.token(person.email, PASSWORD);
      await api.http().get('/api/users/me').set('Authorization', `Bearer ${fresh}`).expect(200);
      expect(await audit('auth.signed-out-everywhere', since)).toEqual([{ userId: person.id, sessionsEnded: 2 }]);
    });

    it('signs out everywhere through the API, ending that token, the others and the web sessions', async () => {
      nextWindow();
      const person = await api.user(['csp-manager']);
      const other = await api.token(person.email, PASSWORD);
      const web = new WebClient(api);
      await web.signIn(person.email, PASSWORD);
      await api.post(person, '/api/auth/sign-out-everywhere', {}).expect(204);
      await api.get(person, '/api/users/me').expect(401);
      await api.http().get('/api/users/me').set('Authorization', `Bearer ${other}`).expect(401);
      expect((await web.get('/my-work')).headers.location).toMatch(/^\/sign-in/);
    });
  });

  describe('bearer tokens', () => {
    const secret = () => process.env.JWT_SECRET as string;
    const me = (token: string) => api.http().get('/api/users/me').set('Authorization', `Bearer ${token}`);

    it('answers the token with Cache-Control: no-store and Pragma: no-cache', async () => {
      const res = await tokenFor(ADMIN.email, ADMIN.password).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
    });

    it('refuses a token signed with the app’s secret but without exp, or without iat', async () => {
      const claims = { sub: admin.id, gen: 0 };
      const noExp = jsonwebtoken.sign(claims, secret(), { algorithm: 'HS256' });
      expect(jsonwebtoken.decode(noExp)).not.toHaveProperty('exp');
      expect((await me(noExp).expect(401)).body.code).toBe('not-signed-in');
      const noIat = jsonwebtoken.sign({ ...claims, exp: Math.floor(Date.now() / 1000) + 600 }, secret(), { algorithm: 'HS256', noTimestamp: true });
      expect(jsonwebtoken.decode(noIat)).not.toHaveProperty('iat');
      await me(noIat).expect(401);
      // The same claims with a lifetime within the limit are good: it is the exp that was missing.
      await me(jsonwebtoken.sign(claims, secret(), { algorithm: 'HS256', expiresIn: 600 })).expect(200);
    });

    it('refuses a token whose lifetime is longer than JWT_EXPIRES_IN_SECONDS', async () => {
      const longLived = jsonwebtoken.sign({ sub: admin.id, gen: 0 }, secret(), { algorithm: 'HS256', expiresIn: 3601 });
      expect((await me(longLived).expect(401)).body.detail).toContain('expire within 3600 seconds');
      await me(jsonwebtoken.sign({ sub: admin.id, gen: 0 }, secret(), { algorithm: 'HS256', expiresIn: 3600 })).expect(200);
    });
  });

  it('still answers sign-in, unthrottled, when Redis cannot be reached (fails open; the account lock still holds)', async () => {
    nextWindow();
    const person = await api.user(['auditor']);
    await api.app.get(SignInThrottle).onModuleDestroy();
    for (let i = 0; i < 3; i++) await tokenFor(person.email, 'not-the-password-at-all').expect(401);
    await tokenFor(person.email, PASSWORD).expect(401);
    await api.post(admin, `/api/users/${person.id}/unlock`, {}).expect(200);
    await tokenFor(person.email, PASSWORD).expect(200);
    for (let i = 0; i < 7; i++) await tokenFor('nobody-else@test.example', 'not-the-password-at-all').expect(401);
  });
});
