import { capturedLogs } from './support/log-capture';
import { createHash } from 'node:crypto';
import { authenticator } from 'otplib';
import { SmtpSink } from './support/smtp-sink';
import { ADMIN, TestApi } from './support/test-app';
import { pageText, WebClient } from './support/web-client';
import { until } from './support/until';

/**
 * Issue 18.5: accounts without an administrator knowing passwords. Invitations and password
 * resets by single-use, time-limited links read from mail a real SMTP server received; one-time
 * codes (TOTP) as a second factor, required here of administrators and the CSP's roles, with
 * recovery codes. Codes are computed with otplib at the time of the product's (test) clock.
 */
describe('Accounts: invitations, password resets and authenticator apps (issue 18.5)', () => {
  let api: TestApi;
  let sink: SmtpSink;
  let adminSecret: string;
  let recoveryCodes: string[];
  const INVITEE = { email: 'invited.panel@test.example', name: 'Fictional Invitee Person' };

  /** The code an authenticator app shows at the product's clock's time. */
  const codeNow = (secret: string) => authenticator.clone({ epoch: api.clock.now().getTime() }).generate(secret);
  /** The next 30-second step on the product's clock, and the code for it: a code is accepted once only. */
  const nextCode = (secret: string) => {
    api.clock.set(new Date(api.clock.now().getTime() + 30_000).toISOString());
    return codeNow(secret);
  };
  const tokenRequest = (body: Record<string, unknown>) => api.http().post('/api/auth/token').send(body);
  const adminToken = async () => (await tokenRequest({ ...ADMIN, totpCode: nextCode(adminSecret) }).expect(200)).body.accessToken as string;
  const secretOn = (html: string) => /id="secret">([A-Z2-7]+)</.exec(html)?.[1];
  const mailsTo = (address: string) => sink.to(address);
  const linkIn = async (address: string, count: number) => {
    const mails = await until(
      `mail ${count} to ${address}`,
      async () => mailsTo(address),
      (found) => found.length >= count,
    );
    const text = mails[count - 1].text ?? '';
    const link = /(http:\/\/\S+\/account\/set-password\?token=([A-Za-z0-9_-]+))/.exec(text);
    if (!link) throw new Error(`no link in: ${text}`);
    return { url: new URL(link[1]), token: link[2], mail: mails[count - 1] };
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    process.env.SMTP_URL = sink.url;
    process.env.TOTP_REQUIRED_ROLES = 'administrator,csp-manager,csp-chair';
    api = await TestApi.start({ today: '2026-03-02' });
  });
  afterAll(async () => {
    process.env.TOTP_REQUIRED_ROLES = 'none';
    await api.stop();
    await sink.stop();
  });

  it('an administrator without an authenticator app gets no token, and the web sign-in has them set one up before anything else', async () => {
    const refused = await tokenRequest(ADMIN).expect(403);
    expect(refused.body.code).toBe('totp-enrolment-required');

    const web = new WebClient(api);
    // Council sign-in is not set up here (OIDC_ISSUER_URL), so not offered.
    expect(pageText((await web.get('/sign-in')).text)).not.toContain('council account');
    const afterPassword = await web.post('/sign-in', { ...ADMIN, returnTo: '/admin/users' });
    expect(afterPassword.status).toBe(303);
    expect(afterPassword.headers.location).toBe('/sign-in/set-up-authenticator');
    // Not signed in yet: every other page still asks for a sign-in.
    const blocked = await web.get('/admin/users');
    expect(blocked.status).toBe(303);
    expect(blocked.headers.location).toMatch(/^\/sign-in/);

    const setUp = await web.get('/sign-in/set-up-authenticator');
    expect(setUp.status).toBe(200);
    expect(setUp.text).toContain('<svg');
    const firstSecret = secretOn(setUp.text)!;
    expect(firstSecret).toMatch(/^[A-Z2-7]{16,}$/);
    const uri = new URL(/id="otpauth" href="([^"]+)"/.exec(setUp.text)![1].replace(/&amp;/g, '&'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(firstSecret);
    expect(decodeURIComponent(uri.pathname)).toContain(ADMIN.email);
    const right = codeNow(firstSecret);
    const wrong = await web.post('/sign-in/set-up-authenticator', { code: right === '123456' ? '654321' : '123456' });
    expect(wrong.status).toBe(400);
    expect(pageText(wrong.text)).toContain('The code is not right');
    // A failed attempt shows a new secret; the one shown before no longer works.
    adminSecret = secretOn(wrong.text)!;
    expect(adminSecret).not.toBe(firstSecret);
    const stale = await web.post('/sign-in/set-up-authenticator', { code: nextCode(firstSecret) });
    expect(stale.status).toBe(400);
    adminSecret = secretOn(stale.text)!;

    const confirmed = await web.post('/sign-in/set-up-authenticator', { code: nextCode(adminSecret) });
    expect(confirmed.status).toBe(200);
    recoveryCodes = [...confirmed.text.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(pageText(confirmed.text)).toContain('You will not be shown them again');
    expect((await web.get('/admin/users')).status).toBe(200);

    // Stored as hashes only, and the secret never shown again.
    const stored = await api.db.query('SELECT code_hash FROM recovery_codes');
    expect(stored.rows.map((r) => r.code_hash)).not.toContain(recoveryCodes[0]);
    expect((await web.get('/sign-in/set-up-authenticator')).status).toBe(303);

    const audit = await api.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'auth.authenticator-set-up'`);
    expect(audit.rows[0].n).toBe(1);
  });

  it('the token endpoint asks for the code, takes each code once, and refuses a wrong one', async () => {
    const missing = await tokenRequest(ADMIN).expect(401);
    expect(missing.body.code).toBe('totp-required');
    const code = nextCode(adminSecret);
    const wrongCode = code === '000000' ? '111111' : '000000';
    expect((await tokenRequest({ ...ADMIN, totpCode: wrongCode }).expect(401)).body.code).toBe('not-signed-in');
    const token = (await tokenRequest({ ...ADMIN, totpCode: code }).expect(200)).body.accessToken;
    await api.http().get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect((await tokenRequest({ ...ADMIN, totpCode: code }).expect(401)).body.code).toBe('not-signed-in');
    const bad = await tokenRequest({ ...ADMIN, totpCode: 'abc' }).expect(400);
    expect(bad.body.errors[0].field).toBe('totpCode');
  });

  it('the web sign-in asks for the code; a recovery code works once', async () => {
    const web = new WebClient(api);
    await web.get('/sign-in');
    const afterPassword = await web.post('/sign-in', { ...ADMIN, returnTo: '/admin/users' });
    expect(afterPassword.headers.location).toBe('/sign-in/code');
    expect((await web.get('/admin/users')).status).toBe(303);
    await web.get('/sign-in/code');
    const wrong = await web.post('/sign-in/code', { code: '12' });
    expect(wrong.status).toBe(400);
    const byCode = await web.post('/sign-in/code', { code: nextCode(adminSecret) });
    expect(byCode.status).toBe(303);
    expect(byCode.headers.location).toBe('/admin/users');

    const lost = new WebClient(api);
    await lost.get('/sign-in');
    await lost.post('/sign-in', ADMIN);
    await lost.get('/sign-in/code');
    const recovered = await lost.post('/sign-in/code', { recoveryCode: recoveryCodes[0].toUpperCase() });
    expect(recovered.status).toBe(303);
    expect((await lost.get('/my-work')).status).toBe(200);

    const again = new WebClient(api);
    await again.get('/sign-in');
    await again.post('/sign-in', ADMIN);
    await again.get('/sign-in/code');
    const reused = await again.post('/sign-in/code', { recoveryCode: recoveryCodes[0] });
    expect(reused.status).toBe(400);
    expect(pageText(reused.text)).toContain('has been used already');
    expect((await tokenRequest({ ...ADMIN, recoveryCode: recoveryCodes[0] }).expect(401)).body.code).toBe('not-signed-in');
    await tokenRequest({ ...ADMIN, recoveryCode: recoveryCodes[1] }).expect(200);
  });

  it('an invitation mails a link that sets the person’s own password once; the token is kept only as its hash and never logged', async () => {
    const token = await adminToken();
    const invited = await api
      .http()
      .post('/api/users/invitations')
      .set('Authorization', `Bearer ${token}`)
      .send({ ...INVITEE, roles: ['panel-member'], agency: 'housing' })
      .expect(201);
    expect(invited.body).toMatchObject({ email: INVITEE.email, roles: ['panel-member'], active: true });

    const { url, token: linkToken, mail } = await linkIn(INVITEE.email, 1);
    expect(mail.subject).toBe('Set your password for the statutory death reviews service');
    expect(mail.text).not.toContain(INVITEE.name);
    expect(mail.html).not.toContain(INVITEE.name);
    expect(mail.text).toContain('Hello,');
    expect(mail.text).toMatch(/until 12:0\d on 9 March 2026 \(UK time\)/);
    const links = await api.db.query('SELECT token_hash, purpose FROM account_links WHERE user_id = $1', [invited.body.id]);
    expect(links.rows).toEqual([{ token_hash: createHash('sha256').update(linkToken).digest('hex'), purpose: 'invitation' }]);
    // No password anyone knows until the person sets one.
    await tokenRequest({ email: INVITEE.email, password: 'a-long-test-password' }).expect(401);

    const web = new WebClient(api);
    const form = await web.get(`${url.pathname}${url.search}`);
    expect(form.status).toBe(200);
    expect(pageText(form.text)).toContain('Set your password');
    const short = await web.post('/account/set-password', { token: linkToken, password: 'short', confirmPassword: 'short' });
    expect(short.status).toBe(400);
    expect(pageText(short.text)).toContain('Your password must be 12 characters or more');
    const mismatch = await web.post('/account/set-password', { token: linkToken, password: 'invited-own-password-1', confirmPassword: 'something else' });
    expect(mismatch.status).toBe(400);
    expect(pageText(mismatch.text)).toContain('Enter the same password twice');
    const set = await web.post('/account/set-password', { token: linkToken, password: 'invited-own-password-1', confirmPassword: 'invited-own-password-1' });
    expect(set.status).toBe(303);
    expect(set.headers.location).toBe('/sign-in');
    expect(pageText((await web.get('/sign-in')).text)).toContain('Your password is set');

    // A panel member needs no app: the password alone signs them in.
    await tokenRequest({ email: INVITEE.email, password: 'invited-own-password-1' }).expect(200);

    // Single use: a second use is refused, and the password stays as set.
    const second = new WebClient(api);
    const reopened = await second.get(`${url.pathname}${url.search}`);
    expect(reopened.status).toBe(410);
    expect(pageText(reopened.text)).toContain('This link has been used already');
    // Posting the form again (from the first page, which still has its form) is refused too.
    const reused = await web.post('/account/set-password', { token: linkToken, password: 'another-password-22', confirmPassword: 'another-password-22' });
    expect(reused.status).toBe(410);
    await tokenRequest({ email: INVITEE.email, password: 'invited-own-password-1' }).expect(200);
    expect((await second.get('/account/set-password?token=not-a-real-token')).status).toBe(404);

    const audit = await api.db.query(`SELECT action FROM audit_entries WHERE action IN ('user.invited', 'auth.invitation-accepted') ORDER BY seq`);
    expect(audit.rows.map((r) => r.action)).toEqual(['user.invited', 'auth.invitation-accepted']);
    expect(capturedLogs.some((line) => line.includes(linkToken))).toBe(false);
    expect(capturedLogs.some((line) => line.includes(INVITEE.name))).toBe(false);
    expect(capturedLogs.some((line) => line.includes('/account/set-password'))).toBe(true);
  });

  it('an invitation runs out after seven days by the product’s clock; a bad or unsendable invitation leaves nothing behind', async () => {
    const token = await adminToken();
    const invite = (body: Record<string, unknown>) => api.http().post('/api/users/invitations').set('Authorization', `Bearer ${token}`).send(body);
    const late = { email: 'late.invitee@test.example', name: 'Fictional Late Invitee', roles: ['auditor'] };
    await invite(late).expect(201);
    const { url } = await linkIn(late.email, 1);
    api.clock.set(new Date(api.clock.now().getTime() + 7 * 86_400_000 + 60_000).toISOString());
    const expired = await new WebClient(api).get(`${url.pathname}${url.search}`);
    expect(expired.status).toBe(410);
    expect(pageText(expired.text)).toContain('This link has run out');

    const before = (await api.db.query('SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM account_links)::int AS links')).rows[0];
    const noRoles = await invite({ email: 'x@test.example', name: 'Fictional' }).expect(400);
    expect(noRoles.body.code).toBe('invalid-input');
    expect(noRoles.body.errors.map((e: { field: string }) => e.field)).toContain('roles');
    const withPassword = await invite({ ...late, email: 'y@test.example', password: 'an-admin-chosen-password' }).expect(400);
    expect(withPassword.body.errors.map((e: { field: string }) => e.field)).toContain('password');
    expect((await invite(late).expect(409)).body.code).toBe('conflict');
    sink.refusing = true;
    try {
      const unsent = await invite({ email: 'unsent@test.example', name: 'Fictional Unsent', roles: ['auditor'] }).expect(503);
      expect(unsent.body.code).toBe('mail-not-sent');
    } finally {
      sink.refusing = false;
    }
    const after = (await api.db.query('SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM account_links)::int AS links')).rows[0];
    expect(after).toEqual(before);

    // A fresh invitation replaces the one that ran out.
    const late1 = (await api.db.query('SELECT id FROM users WHERE email = $1', [late.email])).rows[0].id;
    await api.http().post(`/api/users/${late1}/invitation`).set('Authorization', `Bearer ${token}`).expect(204);
    const renewed = await linkIn(late.email, 2);
    expect((await new WebClient(api).get(`${renewed.url.pathname}${renewed.url.search}`)).status).toBe(200);
  });

  it('an administrator invites a person from the users page', async () => {
    const web = new WebClient(api);
    await web.get('/sign-in');
    await web.post('/sign-in', { ...ADMIN, returnTo: '/admin/users' });
    await web.get('/sign-in/code');
    expect((await web.post('/sign-in/code', { code: nextCode(adminSecret) })).status).toBe(303);
    expect(pageText((await web.get('/admin/users')).text)).toContain('Invite a user');
    await web.get('/admin/users/invite');
    const missing = await web.post('/admin/users/invite', { name: 'Fictional Web Invitee', email: 'web.invitee@test.example' });
    expect(missing.status).toBe(400);
    const sent = await web.post('/admin/users/invite', { name: 'Fictional Web Invitee', email: 'web.invitee@test.example', roles: 'auditor' });
    expect(sent.status).toBe(303);
    expect(pageText((await web.get('/admin/users')).text)).toContain('Invitation sent to web.invitee@test.example');
    const { url } = await linkIn('web.invitee@test.example', 1);
    expect((await new WebClient(api).get(`${url.pathname}${url.search}`)).status).toBe(200);
  });

  it('forgot password gives the same answer whether or not the account exists, and mails a one-hour, single-use link only to an account', async () => {
    const ask = async (email: string) => {
      const web = new WebClient(api);
      await web.get('/forgot-password');
      return web.post('/forgot-password', { email });
    };
    const unknown = await ask('nobody.here@test.example');
    const known = await ask(INVITEE.email.toUpperCase());
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(pageText(known.text)).toBe(pageText(unknown.text).replace(/value="[^"]*"/g, ''));
    expect(pageText(known.text)).toContain('If an account has that email address, we have sent a link to it');
    const { url, token, mail } = await linkIn(INVITEE.email, 2);
    expect(mail.subject).toBe('Reset your password for the statutory death reviews service');
    expect(mailsTo('nobody.here@test.example')).toEqual([]);
    expect((await ask('')).status).toBe(400);

    const web = new WebClient(api);
    expect((await web.get(`${url.pathname}${url.search}`)).status).toBe(200);
    const reset = await web.post('/account/set-password', { token, password: 'reset-own-password-2', confirmPassword: 'reset-own-password-2' });
    expect(reset.status).toBe(303);
    await tokenRequest({ email: INVITEE.email, password: 'reset-own-password-2' }).expect(200);
    await tokenRequest({ email: INVITEE.email, password: 'invited-own-password-1' }).expect(401);
    expect((await new WebClient(api).get(`${url.pathname}${url.search}`)).status).toBe(410);

    await ask(INVITEE.email);
    const later = await linkIn(INVITEE.email, 3);
    api.clock.set(new Date(api.clock.now().getTime() + 61 * 60_000).toISOString());
    const expired = await new WebClient(api).get(`${later.url.pathname}${later.url.search}`);
    expect(expired.status).toBe(410);
    expect(pageText(expired.text)).toContain('This link has run out');
  });
  it('a person whose role does not require an app may set one up, and is then asked for its code', async () => {
    const invitee = { email: INVITEE.email, password: 'reset-own-password-2' };
    const web = new WebClient(api);
    await web.get('/sign-in');
    const straightIn = await web.post('/sign-in', invitee);
    expect(straightIn.headers.location).toBe('/my-work');
    expect(pageText((await web.get('/my-work')).text)).toContain('Your authenticator app');
    const setUp = await web.get('/account/authenticator');
    expect(setUp.status).toBe(200);
    const secret = secretOn(setUp.text)!;
    expect((await web.post('/account/authenticator', { code: nextCode(secret) })).status).toBe(200);
    expect(pageText((await web.get('/account/authenticator')).text)).toContain('Your authenticator app is set up');
    expect(secretOn((await web.get('/account/authenticator')).text)).toBeUndefined();

    expect((await tokenRequest(invitee).expect(401)).body.code).toBe('totp-required');
    await tokenRequest({ ...invitee, totpCode: nextCode(secret) }).expect(200);
    const next = new WebClient(api);
    await next.get('/sign-in');
    expect((await next.post('/sign-in', invitee)).headers.location).toBe('/sign-in/code');

    // Five wrong codes in a row, and even the right code is refused for fifteen minutes.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = codeNow(secret) === '000000' ? '111111' : '000000';
      await tokenRequest({ ...invitee, totpCode: wrong }).expect(401);
    }
    await tokenRequest({ ...invitee, totpCode: nextCode(secret) }).expect(401);
    api.clock.set(new Date(api.clock.now().getTime() + 15 * 60_000).toISOString());
    await tokenRequest({ ...invitee, totpCode: nextCode(secret) }).expect(200);
  });
});
