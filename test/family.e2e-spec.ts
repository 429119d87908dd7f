// Read first: it turns the app's logs on and keeps them, so the test can look for the name in them.
import { capturedLogs } from './support/log-capture';
import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { fillDate, Journey, launchChromium, signIn } from './support/browser';
import { FICTIONAL_REPORT, uploadReport } from './support/scenarios';
import { SmtpSink } from './support/smtp-sink';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';
import { pageText, WebClient } from './support/web-client';

jest.setTimeout(180_000);

/** Fictional only: a family member's real name, which must never leave the identity read. */
const REAL_NAME = 'Tamsin Quarrell-Fictional';
const SCREENSHOTS = join(__dirname, '..', 'test-results', 'family');

describe('Family involvement (issue 16.1): members kept by pseudonym, the contact log, and the family told before publication', () => {
  let api: TestApi;
  let sink: SmtpSink;
  let worker: TestWorker;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, otherChair: TestUser, panelMember: TestUser, board: TestUser, auditor: TestUser;
  let reviewId: string;
  let memberId: string;

  const family = (user: TestUser, path = '') => api.get(user, `/api/reviews/${reviewId}/family${path}`);
  const allAudit = async (user: TestUser, id: string) => {
    const items: unknown[] = [];
    for (let page = 1; ; page += 1) {
      const body = (await api.get(user, `/api/reviews/${id}/audit?page=${page}&pageSize=100`).expect(200)).body;
      items.push(...body.items);
      if (items.length >= body.total || body.items.length === 0) return items as { action: string; changes: Record<string, unknown> }[];
    }
  };
  const fieldsOf = (body: { code: string; errors: { field: string }[] }) => {
    expect(body.code).toBe('invalid-input');
    return body.errors.map((e) => e.field).sort();
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-01' });
    sink = await SmtpSink.start();
    worker = await TestWorker.start(api, sink.url);
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    otherChair = await api.user(['independent-chair'], undefined, 'Olu Otherchair');
    panelMember = await api.user(['panel-member'], 'housing', 'Harper Housing');
    board = await api.boardMember(['csp', 'dab'], 'Bailey Board');
    auditor = await api.user(['auditor'], undefined, 'Avery Auditor');
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
    const review = (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn: '2026-02-01', victim: { pseudonym: 'Adult F', ageAtDeath: 40, sex: 'female' } }))
        .expect(201)
    ).body;
    reviewId = review.id;
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-01', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.action(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-01' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: panelMember.id, agency: 'housing' }).expect(200);
  });
  afterAll(async () => {
    await worker?.stop();
    await sink?.stop();
    await api?.stop();
  });

  it('adds a family member with a protected real name, shown only through the audited identity read', async () => {
    const added = await api
      .post(chair, `/api/reviews/${reviewId}/family`, {
        pseudonym: 'Sister',
        realName: REAL_NAME,
        relationship: 'Sister',
        involvement: 'read-the-draft',
        advocacyService: 'AAFDA',
        advocacyOfferedOn: '2026-02-01',
        advocacyAccepted: 'yes',
      })
      .expect(201);
    memberId = added.body.id;
    expect(added.headers.location).toBe(`/api/reviews/${reviewId}/family/${memberId}`);
    expect(added.body).toMatchObject({
      pseudonym: 'Sister',
      relationship: 'Sister',
      involvement: 'read-the-draft',
      involvementText: 'Read the draft report',
      advocacy: { service: 'AAFDA', offeredOn: '2026-02-01', accepted: 'yes', acceptedText: 'Accepted' },
      termsOfReferenceSeenOn: null,
      draftReportSeenOn: null,
      realNameRecorded: true,
    });
    expect(JSON.stringify(added.body)).not.toContain('Quarrell');

    for (const user of [manager, cspChair, chair]) {
      const list = (await family(user).expect(200)).body;
      expect(list).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(list.items.map((m: { pseudonym: string }) => m.pseudonym)).toEqual(['Sister']);
      expect(JSON.stringify(list)).not.toContain('Quarrell');
    }
    expect(JSON.stringify((await family(manager, `/${memberId}`).expect(200)).body)).not.toContain('Quarrell');

    expect((await family(chair, `/${memberId}/identity`).expect(200)).body).toEqual({ memberId, pseudonym: 'Sister', realName: REAL_NAME });
    expect((await family(cspChair, `/${memberId}/identity`).expect(200)).body.realName).toBe(REAL_NAME);
    const reads = (await allAudit(manager, reviewId)).filter((e) => e.action === 'review.family-identity-viewed');
    expect(reads).toHaveLength(2);
    expect(reads[0].changes).toEqual({ memberId, pseudonym: 'Sister' });
  });

  it('is for the CSP manager and chair and the review’s own chair only: the panel is refused, others do not see the review', async () => {
    const refused = await family(panelMember).expect(403);
    expect(refused.body.code).toBe('not-allowed');
    await family(panelMember, `/${memberId}/identity`).expect(403);
    await api.get(panelMember, `/api/reviews/${reviewId}/family-contacts`).expect(403);
    await api.post(panelMember, `/api/reviews/${reviewId}/family`, { pseudonym: 'Brother', relationship: 'Brother', involvement: 'kept-informed' }).expect(403);
    // Another review's chair does not see the review at all; a board member or an auditor holds no role for the family's record.
    await family(otherChair).expect(404);
    await family(otherChair, `/${memberId}/identity`).expect(404);
    expect((await family(board).expect(403)).body.code).toBe('not-allowed');
    await family(board, `/${memberId}/identity`).expect(403);
    await family(auditor).expect(403);
  });

  it('updates a member and keeps a contact log (never emailed), with validation naming each field', async () => {
    const updated = (
      await api
        .http()
        .patch(`/api/reviews/${reviewId}/family/${memberId}`)
        .set('Authorization', `Bearer ${chair.token}`)
        .send({ termsOfReferenceSeenOn: '2026-02-01' })
        .expect(200)
    ).body;
    expect(updated).toMatchObject({ termsOfReferenceSeenOn: '2026-02-01', pseudonym: 'Sister', advocacy: { service: 'AAFDA' } });
    const bad = await api
      .http()
      .patch(`/api/reviews/${reviewId}/family/${memberId}`)
      .set('Authorization', `Bearer ${chair.token}`)
      .send({ involvement: 'whenever', draftReportSeenOn: '2026-02-30' })
      .expect(400);
    expect(fieldsOf(bad.body)).toEqual(['draftReportSeenOn', 'involvement']);

    expect(fieldsOf((await api.post(chair, `/api/reviews/${reviewId}/family`, { realName: ' ' }).expect(400)).body)).toEqual([
      'involvement',
      'pseudonym',
      'realName',
      'relationship',
    ]);
    const taken = await api
      .post(chair, `/api/reviews/${reviewId}/family`, { pseudonym: 'Sister', relationship: 'Cousin', involvement: 'kept-informed' })
      .expect(400);
    expect(fieldsOf(taken.body)).toEqual(['pseudonym']);
    const brother = (
      await api.post(manager, `/api/reviews/${reviewId}/family`, { pseudonym: 'Brother', relationship: 'Brother', involvement: 'kept-informed' }).expect(201)
    ).body;
    expect(brother).toMatchObject({ realNameRecorded: false, advocacy: { service: null, accepted: null } });
    await family(manager, `/${brother.id}/identity`).expect(404);

    const contacts = `/api/reviews/${reviewId}/family-contacts`;
    expect(fieldsOf((await api.post(chair, contacts, { contactedOn: '2026-02-02', method: 'pigeon', memberIds: [], summary: '' }).expect(400)).body)).toEqual([
      'memberIds',
      'method',
      'summary',
    ]);
    expect(
      fieldsOf(
        (await api.post(chair, contacts, { contactedOn: '2026-02-02', method: 'phone', memberIds: [memberId], summary: 'Fictional.' }).expect(400)).body,
      ),
    ).toEqual(['contactedOn']);
    const stranger = '00000000-0000-4000-8000-000000000000';
    expect(
      fieldsOf(
        (await api.post(chair, contacts, { contactedOn: '2026-02-01', method: 'phone', memberIds: [stranger], summary: 'Fictional.' }).expect(400)).body,
      ),
    ).toEqual(['memberIds']);
    const contact = (
      await api
        .post(chair, contacts, {
          contactedOn: '2026-02-01',
          method: 'through-advocate',
          memberIds: [memberId, brother.id],
          summary: 'Fictional: explained the review and the terms of reference.',
        })
        .expect(201)
    ).body;
    expect(contact).toMatchObject({
      contactedOn: '2026-02-01',
      method: 'through-advocate',
      methodText: 'Through the advocate',
      members: [
        { id: memberId, pseudonym: 'Sister' },
        { id: brother.id, pseudonym: 'Brother' },
      ],
      madeBy: { id: chair.id, name: 'Indira Independent' },
      summary: 'Fictional: explained the review and the terms of reference.',
    });
    const log = (await api.get(manager, contacts).expect(200)).body;
    expect(log).toMatchObject({ total: 1, items: [{ id: contact.id, summary: contact.summary }] });
    await worker.settle();
    const mailed = await api.db.query(`SELECT subject, text_body, html_body FROM outbox_messages`);
    expect(JSON.stringify(mailed.rows)).not.toContain('explained the review');
  });

  it('refuses publication until the family is recorded as told (or why not), then publishes', async () => {
    await api.action(chair, reviewId, 'agree-terms-of-reference', { agreedOn: '2026-02-01' }).expect(200);
    await api.action(chair, reviewId, 'complete-information', { on: '2026-02-01' }).expect(200);
    await uploadReport(api, chair, reviewId);
    await api.action(chair, reviewId, 'complete-draft', { on: '2026-02-01' }).expect(200);
    // From sign-off the boards see the review, but never the family's record.
    await family(board).expect(403);
    await api.action(board, reviewId, 'sign-off', { decision: 'approve', board: 'csp', on: '2026-02-01' }).expect(200);
    await api.action(board, reviewId, 'sign-off', { decision: 'approve', board: 'dab', on: '2026-02-01' }).expect(200);
    await api.action(manager, reviewId, 'submit-to-home-office', { submittedOn: '2026-02-01' }).expect(200);
    await api.action(manager, reviewId, 'record-qa-outcome', { outcome: 'approved', receivedOn: '2026-02-01' }).expect(200);

    const refused = await api
      .action(manager, reviewId, 'publish', { publishedOn: '2026-02-01', url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'guard-failed', guard: 'family-told-of-publication', action: 'record-family-told-of-publication' });
    expect(refused.body.detail).toContain('The family must be told before the report is published');

    const told = (body: object, user = chair) => api.action(user, reviewId, 'record-family-told-of-publication', body);
    expect(fieldsOf((await told({}).expect(400)).body)).toEqual(['toldOn']);
    expect(fieldsOf((await told({ toldOn: '2026-02-01', notToldReason: 'Fictional.' }).expect(400)).body)).toEqual(['notToldReason']);
    expect(fieldsOf((await told({ toldOn: '2026-02-02' }).expect(400)).body)).toEqual(['toldOn']);
    expect(fieldsOf((await told({ notToldReason: '  ' }).expect(400)).body)).toEqual(['notToldReason']);
    await told({ toldOn: '2026-02-01' }, panelMember).expect(403);
    await api
      .action(manager, reviewId, 'publish', { publishedOn: '2026-02-01', url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true })
      .expect(409);

    const recorded = (await told({ toldOn: '2026-02-01' }).expect(200)).body;
    expect(recorded.history.at(-1)).toMatchObject({ action: 'record-family-told-of-publication', on: '2026-02-01' });
    expect(
      (
        await api
          .action(manager, reviewId, 'publish', {
            publishedOn: '2026-02-01',
            url: 'https://www.example.gov.uk/reviews/fictional-report',
            qaLetterPublished: true,
          })
          .expect(200)
      ).body.stage,
    ).toBe('monitoring');
  });

  it('never puts the real name in a mail, the audit trail, the export, a web page or a log line', async () => {
    await worker.settle();
    const outbox = await api.db.query(`SELECT subject, text_body, html_body FROM outbox_messages`);
    expect(outbox.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(outbox.rows)).not.toContain('Quarrell');
    expect(sink.messages.length).toBeGreaterThan(0);
    for (const message of sink.messages) expect(`${message.subject} ${message.text} ${message.html}`).not.toContain('Quarrell');

    const trail = await allAudit(manager, reviewId);
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(['review.family-member-added', 'review.family-member-updated', 'review.family-contact-recorded', 'review.family-identity-viewed']),
    );
    expect(JSON.stringify(trail)).not.toContain('Quarrell');
    expect(trail.find((e) => e.action === 'review.family-member-added')!.changes).toMatchObject({ after: { pseudonym: 'Sister' }, realNameRecorded: true });

    const exported = (await api.get(manager, `/api/reviews/${reviewId}/export`).expect(200)).body;
    expect(exported.family.members.map((m: { pseudonym: string }) => m.pseudonym)).toEqual(['Brother', 'Sister']);
    expect(exported.family.contacts).toHaveLength(1);
    expect(JSON.stringify(exported)).not.toContain('Quarrell');
    const html = (await api.get(chair, `/api/reviews/${reviewId}/export?format=html`).expect(200)).text;
    expect(html).toContain('<h2>Family</h2>');
    expect(html).toContain('Through the advocate');
    expect(html).not.toContain('Quarrell');
    // An auditor takes the record without the family's.
    expect((await api.get(auditor, `/api/reviews/${reviewId}/export`).expect(200)).body.family).toBeNull();

    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const reviewPage = await web.get(`/reviews/${reviewId}`);
    expect(reviewPage.text).toContain(`href="/reviews/${reviewId}/family"`);
    const page = await web.get(`/reviews/${reviewId}/family`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain('Sister');
    expect(text).toContain('AAFDA, offered 1 February 2026: accepted');
    expect(text).toContain('The family was told of publication on 1 February 2026.');
    expect(text).toContain('Fictional: explained the review and the terms of reference.');
    expect(page.text).not.toContain('Quarrell');

    const panelWeb = new WebClient(api);
    await panelWeb.signIn(panelMember.email, PASSWORD);
    expect((await panelWeb.get(`/reviews/${reviewId}`)).text).not.toContain(`/reviews/${reviewId}/family`);
    expect((await panelWeb.get(`/reviews/${reviewId}/family`)).status).toBe(404);

    // The app's own log lines, request lines included (the family routes among them).
    expect(capturedLogs.some((line) => line.includes(`/api/reviews/${reviewId}/family/${memberId}/identity`))).toBe(true);
    expect(capturedLogs.filter((line) => line.includes('Quarrell'))).toEqual([]);
  });

  it('checks reports for a family member’s real name: a report naming one is flagged', async () => {
    const other = (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn: '2026-02-01', victim: { pseudonym: 'Adult G', ageAtDeath: 52, sex: 'male' } }))
        .expect(201)
    ).body.id as string;
    await api
      .post(manager, `/api/reviews/${other}/family`, { pseudonym: 'Daughter', realName: REAL_NAME, relationship: 'Daughter', involvement: 'meet-the-panel' })
      .expect(201);
    const report = (await uploadReport(api, manager, other, { text: `${FICTIONAL_REPORT}The panel met ${REAL_NAME} twice.\n` })) as unknown as {
      id: string;
      checks: { anonymisation: Record<string, unknown> };
    };
    expect(report.checks.anonymisation).toMatchObject({ status: 'checked', findingCount: 1, cleared: false });
    const findings = (await api.get(manager, `/api/reviews/${other}/documents/${report.id}/versions/1/anonymisation`).expect(200)).body;
    expect(findings.findings).toEqual([expect.objectContaining({ kind: 'name', label: 'family-member', match: REAL_NAME })]);
  });

  it('shows the Family page in a browser, its forms working, with no axe-core violations', async () => {
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    const browser: Browser = await launchChromium();
    try {
      const journey = new Journey(SCREENSHOTS, url);
      const { page, check, open } = await journey.person(browser, 'chair');
      await signIn(page, chair.email, PASSWORD);
      await open(`/reviews/${reviewId}`, 'review');
      await page.getByRole('link', { name: 'The family’s involvement and contact log' }).click();
      await page.waitForURL(`**/reviews/${reviewId}/family`);
      await check('family');

      // A member added with a mistake: the error summary, then put right.
      await page.locator('details#add-member summary').click();
      await page.fill('#add-member-pseudonym', 'Friend');
      await page.fill('#add-member-relationship', 'Friend');
      await page.getByRole('button', { name: 'Add a family member' }).click();
      await page.waitForLoadState();
      await check('add-member-error');
      expect(await page.locator('.govuk-error-summary').textContent()).toContain('Select how they want to be involved');
      await page.locator('#add-member-involvement').check();
      await fillDate(page, 'add-member-draftReportSeenOn', '2026-02-01');
      await page.getByRole('button', { name: 'Add a family member' }).click();
      await page.waitForLoadState();
      await check('member-added');
      expect(await page.locator('table').first().textContent()).toContain('Friend');

      await page.locator('details#record-contact summary').click();
      await fillDate(page, 'record-contact-contactedOn', '2026-02-01');
      await page.locator('#record-contact-method').check();
      await page.locator('#record-contact-memberIds').check();
      await page.fill('#record-contact-summary', 'Fictional: a phone call to arrange a meeting.');
      await page.getByRole('button', { name: 'Record a contact' }).click();
      await page.waitForLoadState();
      await check('contact-recorded');
      expect(await page.content()).toContain('Fictional: a phone call to arrange a meeting.');
      expect(await page.content()).not.toContain('Quarrell');

      expect(journey.pagesChecked.length).toBe(5);
      expect(journey.findings).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
