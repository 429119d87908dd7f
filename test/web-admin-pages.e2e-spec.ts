import { ADMIN, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

describe('Web pages: administration and boards over plain HTTP (CSRF, who may open them, the 500 page)', () => {
  let api: TestApi;
  let manager: TestUser, cspMember: TestUser, dabMember: TestUser;
  let partnershipId = '';
  let admin: WebClient;

  const sql = (text: string, values: unknown[] = []) => api.db.query(text, values);
  const auditCount = async (action: string) => Number((await sql('SELECT count(*) FROM audit_entries WHERE action = $1', [action])).rows[0].count);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspMember = await api.boardMember(['csp'], 'Casey Csp');
    dabMember = await api.boardMember(['dab'], 'Dana Dab');
    partnershipId = (await sql('SELECT partnership_id FROM users WHERE id = $1', [manager.id])).rows[0].partnership_id;
    admin = new WebClient(api);
    await admin.signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(() => api.stop());

  it('shows Boards and Administration in the navigation only to those who may open them', async () => {
    const text = async (client: WebClient) => pageText((await client.get('/my-work')).text);
    expect(await text(admin)).toMatch(/Boards.*Administration/);
    const member = new WebClient(api);
    await member.signIn(cspMember.email, PASSWORD);
    expect(await text(member)).toContain('Boards');
    expect(await text(member)).not.toContain('Administration');
    const panel = await api.user(['panel-member'], 'cheshire-police');
    const panelWeb = new WebClient(api);
    await panelWeb.signIn(panel.email, PASSWORD);
    expect(await text(panelWeb)).not.toMatch(/Boards|Administration/);
  });

  it('refuses every administration page to someone who is not an administrator, with the refusal page', async () => {
    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    for (const path of ['/admin/users', '/admin/users/new', `/admin/users/${manager.id}`, '/admin/reminders', '/admin/mail']) {
      const res = await web.get(path);
      expect(res.status).toBe(403);
      expect(pageText(res.text)).toContain('You cannot do this');
      expect(pageText(res.text)).toContain('Only an administrator may do this.');
    }
    const before = await auditCount('reminder-settings.updated');
    expect((await web.post('/admin/reminders', { offsetsDays: '3', sendTime: '10:00', escalationEveryDays: '2' })).status).toBe(403);
    expect(await auditCount('reminder-settings.updated')).toBe(before);
  });

  it('refuses each administration form posted without its CSRF token, and changes nothing', async () => {
    await admin.get('/admin/users/new');
    const users = Number((await sql('SELECT count(*) FROM users')).rows[0].count);
    const add = await admin.post(
      '/admin/users/new',
      { name: 'Robin Forged', email: 'forged@test.example', password: 'a-long-enough-password', roles: 'auditor' },
      { csrf: false },
    );
    expect(add.status).toBe(403);
    expect(pageText(add.text)).toContain('This form could not be sent');
    expect(Number((await sql('SELECT count(*) FROM users')).rows[0].count)).toBe(users);

    const change = await admin.post(`/admin/users/${manager.id}`, { roles: 'auditor', active: 'off' }, { csrf: false });
    expect(change.status).toBe(403);
    expect((await sql('SELECT roles, active FROM users WHERE id = $1', [manager.id])).rows[0]).toEqual({ roles: ['csp-manager'], active: true });

    const settings = await admin.post('/admin/reminders', { offsetsDays: '3', sendTime: '10:00', escalationEveryDays: '2' }, { csrf: false });
    expect(settings.status).toBe(403);
    expect(Number((await sql('SELECT count(*) FROM reminder_settings')).rows[0].count)).toBe(0);

    const mail = await failedMail();
    const retry = await admin.post(`/admin/mail/${mail}/retry`, {}, { csrf: false });
    expect(retry.status).toBe(403);
    expect((await sql('SELECT status FROM outbox_messages WHERE id = $1', [mail])).rows[0].status).toBe('failed');
  });

  it('lists users a page at a time', async () => {
    await sql(
      `INSERT INTO users (partnership_id, email, name, password_hash, roles)
       SELECT $1, 'paged.' || n || '@test.example', 'Paged Person ' || lpad(n::text, 2, '0'), 'not-a-hash', ARRAY['auditor'] FROM generate_series(1, 25) n`,
      [partnershipId],
    );
    const total = Number((await sql('SELECT count(*) FROM users WHERE partnership_id = $1', [partnershipId])).rows[0].count);
    const first = await admin.get('/admin/users');
    expect(first.status).toBe(200);
    expect(pageText(first.text)).toContain(`${total} users`);
    expect((first.text.match(/href="\/admin\/users\/[0-9a-f-]{36}"/g) ?? []).length).toBe(20);
    expect(first.text).toContain('href="/admin/users?page=2"');
    const second = await admin.get('/admin/users?page=2');
    expect((second.text.match(/href="\/admin\/users\/[0-9a-f-]{36}"/g) ?? []).length).toBe(total - 20);
  });

  it('changes a user’s roles and switches an account off, audited; refuses what would lock an administrator out or empty a board', async () => {
    const person = await api.user(['auditor'], undefined, 'Alex Auditor');
    await admin.get(`/admin/users/${person.id}`);
    const needsAgency = await admin.post(`/admin/users/${person.id}`, { roles: ['auditor', 'panel-member'], agency: '', active: 'on' });
    expect(needsAgency.status).toBe(400);
    expect(needsAgency.text).toContain('<a href="#agency">Agency is required for a panel member</a>');
    const saved = await admin.post(`/admin/users/${person.id}`, { roles: ['auditor', 'panel-member'], agency: 'housing', active: 'off' });
    expect(saved.status).toBe(303);
    const row = (await sql('SELECT u.roles, u.active, a.code FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = $1', [person.id])).rows[0];
    expect(row).toEqual({ roles: ['auditor', 'panel-member'], active: false, code: 'housing' });
    const entry = (await sql(`SELECT changes FROM audit_entries WHERE action = 'user.updated' ORDER BY seq DESC LIMIT 1`)).rows[0].changes;
    expect(entry).toMatchObject({
      userId: person.id,
      before: { roles: ['auditor'], active: true },
      after: { roles: ['auditor', 'panel-member'], active: false },
    });
    // Switched off, the account stops at once: its token and its sign-in.
    await api.get(person, '/api/users/me').expect(401);
    await api.http().post('/api/auth/token').send({ email: person.email, password: PASSWORD }).expect(401);

    const adminId = (await sql('SELECT id FROM users WHERE email = $1', [ADMIN.email])).rows[0].id;
    const ownRole = await admin.post(`/admin/users/${adminId}`, { roles: 'auditor', active: 'on' });
    expect(ownRole.status).toBe(400);
    expect(ownRole.text).toContain('<a href="#roles">Roles must keep administrator for your own account: another administrator can take it away</a>');
    const ownAccount = await admin.post(`/admin/users/${adminId}`, { roles: 'administrator', active: 'off' });
    expect(ownAccount.status).toBe(400);
    expect(ownAccount.text).toContain('<a href="#active">Account cannot be switched off for your own account</a>');
    expect((await sql('SELECT roles, active FROM users WHERE id = $1', [adminId])).rows[0]).toEqual({ roles: ['administrator'], active: true });

    const boardLeaver = await admin.post(`/admin/users/${cspMember.id}`, { roles: 'auditor', active: 'on' });
    expect(boardLeaver.status).toBe(400);
    expect(pageText(boardLeaver.text)).toContain('Roles must keep board member while the user sits on a board (csp)');
    const boardAccount = await admin.post(`/admin/users/${cspMember.id}`, { roles: 'board-member', active: 'off' });
    expect(pageText(boardAccount.text)).toContain('Account cannot be switched off while the user sits on a board (csp)');
    expect((await sql('SELECT roles FROM users WHERE id = $1', [cspMember.id])).rows[0].roles).toEqual(['board-member']);

    expect((await admin.get('/admin/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('saves reminder settings, audited, and names each bad value in the error summary', async () => {
    await admin.get('/admin/reminders');
    const bad = await admin.post('/admin/reminders', { offsetsDays: '28, 14, soon, 500', sendTime: '9am', escalationEveryDays: '0' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<a href="#offsetsDays">Days before the due date must be whole numbers from 0 to 120, each once, separated by commas</a>');
    expect(bad.text).toContain('<a href="#sendTime">Time reminders are sent must be a time of day written HH:mm, e.g. 09:00</a>');
    expect(bad.text).toContain('<a href="#escalationEveryDays">Days between escalations must be 1 or more</a>');
    expect(bad.text).toContain('value="28, 14, soon, 500"');
    const good = await admin.post('/admin/reminders', { offsetsDays: '7, 21 1', sendTime: '08:30', escalationEveryDays: '5' });
    expect(good.status).toBe(303);
    expect((await api.get(await api.admin(), '/api/admin/reminder-settings').expect(200)).body).toEqual({
      offsetsDays: [21, 7, 1],
      sendTime: '08:30',
      escalationEveryDays: 5,
    });
    expect(pageText((await admin.get('/admin/reminders')).text)).toContain('Reminder settings saved');
    expect(await auditCount('reminder-settings.updated')).toBe(1);
  });

  it('shows a board member only the boards they sit on; another board’s pages are refused, an unknown board is not found', async () => {
    const member = new WebClient(api);
    await member.signIn(dabMember.email, PASSWORD);
    const boards = pageText((await member.get('/boards')).text);
    expect(boards).toContain('Halton Domestic Abuse Board');
    expect(boards).not.toContain('Safer Halton Partnership board');
    for (const path of ['/boards/csp', '/boards/csp/report']) {
      const refused = await member.get(path);
      expect(refused.status).toBe(403);
      expect(pageText(refused.text)).toContain('You cannot do this');
    }
    const unknown = await member.get('/boards/no-such-board');
    expect(unknown.status).toBe(404);
    expect(pageText(unknown.text)).toContain('Page not found');
    expect((await member.get('/boards/dab')).status).toBe(200);
  });

  it('names a quarter the report cannot show in the error summary, and serves the print stylesheet and print button as files of this site', async () => {
    const member = new WebClient(api);
    await member.signIn(cspMember.email, PASSWORD);
    const report = await member.get('/boards/csp/report');
    expect(report.status).toBe(200);
    expect(pageText(report.text)).toContain('quarterly report, October to December 2025');
    expect(report.text).toContain('<link rel="stylesheet" href="/static/print.css">');
    expect(report.text).toContain('<script type="module" src="/static/print-button.js"></script>');
    const future = await member.get('/boards/csp/report?quarter=2026-Q3');
    expect(future.status).toBe(400);
    expect(future.text).toContain('<a href="#quarter">Quarter has not started yet</a>');
    const garbled = await member.get('/boards/csp/report?quarter=last');
    expect(garbled.status).toBe(400);
    expect(pageText(garbled.text)).toContain('Quarter must be a calendar quarter written YYYY-Qn');

    const css = await api.http().get('/static/print.css').expect(200).expect('content-type', /css/);
    expect(css.text).toContain('@media print');
    await api
      .http()
      .get('/static/print-button.js')
      .expect(200)
      .expect('content-type', /javascript/);
  });

  it('shows failed mail without its content and retries one, audited', async () => {
    const id = await failedMail();
    const body = (await sql('SELECT text_body FROM outbox_messages WHERE id = $1', [id])).rows[0].text_body as string;
    const page = await admin.get('/admin/mail');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`action="/admin/mail/${id}/retry"`);
    expect(pageText(page.text)).toContain('550 Mailbox unavailable (fictional)');
    for (const line of body.split('\n').filter((l) => l.trim().length > 20)) expect(page.text).not.toContain(line.trim());
    const retried = await admin.post(`/admin/mail/${id}/retry`, {});
    expect(retried.status).toBe(303);
    expect((await sql('SELECT status, attempts, last_error FROM outbox_messages WHERE id = $1', [id])).rows[0]).toEqual({
      status: 'pending',
      attempts: 0,
      last_error: null,
    });
    expect((await sql(`SELECT changes FROM audit_entries WHERE action = 'mail.retried' ORDER BY seq DESC LIMIT 1`)).rows[0].changes).toMatchObject({
      outboxId: id,
    });
    // Retried once, it is no longer failed: a second retry is explained, not a 500.
    const again = await admin.post(`/admin/mail/${id}/retry`, {});
    expect(again.status).toBe(409);
    expect(pageText(again.text)).toContain('Only a failed mail can be retried; this one is pending.');
  });

  it('answers a failure with the 500 page, which shows a reference and nothing of the cause', async () => {
    await sql('ALTER TABLE outbox_messages RENAME TO outbox_messages_hidden');
    try {
      const res = await admin.get('/admin/mail');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      const text = pageText(res.text);
      expect(text).toContain('Sorry, there is a problem with the service');
      expect(text).toMatch(/quote this reference: \S+/);
      expect(res.text).not.toMatch(/outbox_messages|SELECT|relation|QueryFailedError|does not exist|at \S+\.(js|ts):\d+|node_modules/i);
    } finally {
      await sql('ALTER TABLE outbox_messages_hidden RENAME TO outbox_messages');
    }
    expect((await admin.get('/admin/mail')).status).toBe(200);
  });

  /** A mail the worker gave up on: a board checkpoint's mail, marked failed as the worker does after its last attempt. */
  async function failedMail(): Promise<string> {
    await api.post(cspMember, '/api/boards/csp/checkpoints', { note: 'Fictional checkpoint.' }).expect(201);
    const { rows } = await sql(
      `UPDATE outbox_messages SET status = 'failed', attempts = 8, last_error = '550 Mailbox unavailable (fictional)', failed_at = now()
       WHERE id = (SELECT id FROM outbox_messages WHERE status = 'pending' ORDER BY created_at DESC LIMIT 1) RETURNING id`,
    );
    return rows[0].id as string;
  }
});
