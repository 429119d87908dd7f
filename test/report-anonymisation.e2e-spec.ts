import { join } from 'node:path';
import { Journey, launchChromium, signIn } from './support/browser';
import { FICTIONAL_REPORT, uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/** Fictional only. */
const VICTIM = 'Jane Exampleton';
const IDENTIFYING_REPORT = `Overview report. Fictional: ${VICTIM} was known to three agencies; the panel found risk information was not shared.\n`;
/** The smallest PNG: an upload the check cannot read text from. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('Report anonymisation: nothing identifying leaves (issue 15.7) and the findings page (15.8)', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, board: TestUser, panelMember: TestUser;

  const sql = async (text: string, parameters: unknown[] = []) => (await api.db.query(text, parameters)).rows;
  const emailOf = async (user: TestUser) => (await sql('SELECT email FROM users WHERE id = $1', [user.id]))[0].email as string;

  /** A DHR of a victim whose real name is recorded, taken through drafting (with an overview report of this text) to sign-off, signed off by both boards. */
  const signedOffReview = async (reportText: string | null, pseudonym = 'Adult J') => {
    const review = (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn: '2026-02-01', victim: { pseudonym, ageAtDeath: 40, sex: 'female', name: VICTIM } }))
        .expect(201)
    ).body;
    const id = review.id as string;
    await api.action(cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-02-01', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.action(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-01' }).expect(200);
    await api.action(chair, id, 'add-panel-member', { userId: panelMember.id, agency: 'housing' }).expect(200);
    await api.action(chair, id, 'agree-terms-of-reference', { agreedOn: '2026-02-01' }).expect(200);
    await api.action(chair, id, 'complete-information', { on: '2026-02-01' }).expect(200);
    const report = reportText === null ? null : await uploadReport(api, chair, id, { text: reportText });
    await signOff(id);
    return { id, report: report as unknown as { id: string; checks?: { anonymisation: Record<string, unknown> } } | null };
  };
  /** The draft completed and signed off by both boards. */
  const signOff = async (id: string) => {
    await api.action(chair, id, 'complete-draft', { on: '2026-02-01' }).expect(200);
    await api.action(board, id, 'sign-off', { decision: 'approve', board: 'csp', on: '2026-02-01' }).expect(200);
    await api.action(board, id, 'sign-off', { decision: 'approve', board: 'dab', on: '2026-02-01' }).expect(200);
  };
  const submit = (id: string) => api.action(manager, id, 'submit-to-home-office', { submittedOn: '2026-02-01' });
  const acknowledge = (user: TestUser, id: string, checkId: string, findingId: string, reason: string) =>
    api.post(user, `/api/reviews/${id}/anonymisation-checks/${checkId}/acknowledgements`, { findingId, reason });

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-01' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    board = await api.boardMember(['csp', 'dab']);
    panelMember = await api.user(['panel-member'], 'housing');
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
  });
  afterAll(() => api.stop());

  let blocked: { id: string; documentId: string };

  it("blocks the submission of a report containing the victim's protected name until the finding is acknowledged with a reason", async () => {
    const { id, report } = await signedOffReview(IDENTIFYING_REPORT);
    blocked = { id, documentId: report!.id };
    // The upload's answer says what the check found (no name in it).
    expect(report!.checks?.anonymisation).toMatchObject({ status: 'checked', findingCount: 1, unacknowledgedCount: 1, cleared: false, unreadable: false });
    expect(JSON.stringify(report!.checks)).not.toContain('Exampleton');

    const refused = await submit(id).expect(409);
    expect(refused.body).toMatchObject({ code: 'guard-failed', guard: 'report-anonymised' });
    const paths = {
      findingsPage: `/reviews/${id}/documents/${report!.id}/versions/1/anonymisation`,
      findingsApi: `/api/reviews/${id}/documents/${report!.id}/versions/1/anonymisation`,
    };
    expect(refused.body.documents).toEqual([
      expect.objectContaining({
        documentId: report!.id,
        kind: 'overview-report',
        title: 'Overview report',
        version: 1,
        findings: 1,
        unacknowledged: 1,
        ...paths,
      }),
    ]);
    expect(refused.body.detail).toContain('overview report, version 1, has 1 finding of identifying details not yet acknowledged');
    expect(refused.body.detail).toContain(paths.findingsPage);
    expect(refused.body.detail).not.toContain('Exampleton');

    // The findings, with their context, for those who may see the protected names.
    const findings = (await api.get(chair, paths.findingsApi).expect(200)).body;
    expect(findings).toMatchObject({ documentId: report!.id, version: 1, latest: true, cleared: false, unacknowledgedCount: 1, checkable: true });
    expect(findings.findings).toEqual([
      expect.objectContaining({ kind: 'name', label: 'victim', match: VICTIM, before: 'Overview report. Fictional: ', acknowledgement: null }),
    ]);
    expect(findings.findings[0].after).toMatch(/^ was known to three agencies/);
    await api.get(panelMember, paths.findingsApi).expect(403);

    await acknowledge(chair, id, findings.checkId, findings.findings[0].id, ' ').expect(400);
    await acknowledge(chair, id, findings.checkId, findings.findings[0].id, 'Fictional: the family asked that her name be used.').expect(201);
    const after = (await api.get(chair, paths.findingsApi).expect(200)).body;
    expect(after).toMatchObject({ cleared: true, unacknowledgedCount: 0 });
    expect(after.findings[0].acknowledgement).toMatchObject({ reason: 'Fictional: the family asked that her name be used.', acknowledgedBy: chair.id });

    const submitted = (await submit(id).expect(200)).body;
    expect(submitted.stage).toBe('home-office-qa');
    const [entry] = await sql(`SELECT changes FROM audit_entries WHERE action = 'review.anonymisation-finding-acknowledged' AND review_id = $1`, [id]);
    expect(entry.changes).toMatchObject({ checkId: findings.checkId, kind: 'name', label: 'victim', sealed: { fields: ['reason'] } });
  });

  it('checks a new version of the report anew: it blocks publication until each of its findings is acknowledged', async () => {
    const { id, documentId } = blocked;
    await api.action(manager, id, 'record-qa-outcome', { outcome: 'approved', receivedOn: '2026-02-01' }).expect(200);
    await api.action(manager, id, 'record-family-told-of-publication', { toldOn: '2026-02-01' }).expect(200);
    const text = `${FICTIONAL_REPORT}Ms Exampleton, born 12/03/1985, had moved twice.\n`;
    const uploaded = await api
      .http()
      .post(`/api/reviews/${id}/documents/${documentId}/versions`)
      .set('Authorization', `Bearer ${chair.token}`)
      .attach('file', Buffer.from(text, 'utf8'), { filename: 'overview-report-v2.txt', contentType: 'text/plain' })
      .expect(201);
    expect(uploaded.body.latest.n).toBe(2);
    expect(uploaded.body.checks.anonymisation).toMatchObject({ status: 'checked', findingCount: 2, cleared: false });

    const refused = await api
      .action(manager, id, 'publish', { publishedOn: '2026-02-01', url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true })
      .expect(409);
    expect(refused.body.guard).toBe('report-anonymised');
    expect(refused.body.documents).toEqual([expect.objectContaining({ documentId, version: 2, findings: 2, unacknowledged: 2 })]);

    const findings = (await api.get(manager, `/api/reviews/${id}/documents/${documentId}/versions/2/anonymisation`).expect(200)).body;
    expect(findings.findings.map((f: { kind: string; match: string }) => [f.kind, f.match])).toEqual([
      ['name', 'Ms Exampleton'],
      ['date-of-birth', '12/03/1985'],
    ]);
    await acknowledge(manager, id, findings.checkId, findings.findings[0].id, 'Fictional: agreed with the family.').expect(201);
    expect(
      (
        await api
          .action(manager, id, 'publish', { publishedOn: '2026-02-01', url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true })
          .expect(409)
      ).body.documents[0].unacknowledged,
    ).toBe(1);
    await acknowledge(manager, id, findings.checkId, findings.findings[1].id, 'Fictional: a date already public.').expect(201);
    expect(
      (
        await api
          .action(manager, id, 'publish', { publishedOn: '2026-02-01', url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true })
          .expect(200)
      ).body.stage,
    ).toBe('monitoring');
  });

  it('checks the version the boards signed off, which is what is submitted, even when a clean version was uploaded since', async () => {
    const { id, report } = await signedOffReview(IDENTIFYING_REPORT, 'Adult M');
    await api
      .http()
      .post(`/api/reviews/${id}/documents/${report!.id}/versions`)
      .set('Authorization', `Bearer ${chair.token}`)
      .attach('file', Buffer.from(FICTIONAL_REPORT), { filename: 'overview-report-v2.txt', contentType: 'text/plain' })
      .expect(201);
    const refused = await submit(id).expect(409);
    expect(refused.body.documents.map((d: { version: number; blocking: boolean }) => [d.version, d.blocking])).toEqual([
      [2, false],
      [1, true],
    ]);
    const findings = (await api.get(manager, `/api/reviews/${id}/documents/${report!.id}/versions/1/anonymisation`).expect(200)).body;
    await acknowledge(manager, id, findings.checkId, findings.findings[0].id, 'Fictional: agreed with the family.').expect(201);
    expect((await submit(id).expect(200)).body.stage).toBe('home-office-qa');
  });

  it('lets a clean report through with nothing to acknowledge; refuses a review with no overview report; an unreadable text blocks too', async () => {
    const clean = await signedOffReview(FICTIONAL_REPORT, 'Adult K');
    expect(clean.report!.checks?.anonymisation).toMatchObject({ findingCount: 0, cleared: true });
    await uploadReport(api, chair, clean.id, { kind: 'executive-summary', title: 'Executive summary' });
    expect((await submit(clean.id).expect(200)).body.stage).toBe('home-office-qa');

    // With no overview report the draft cannot even be completed (the v3 editions' overview-report-uploaded), so nothing reaches submission unchecked.
    const none = {
      id: (
        await api
          .post(
            manager,
            '/api/reviews',
            notification({ notifiedOn: '2026-02-01', victim: { pseudonym: 'Adult L', ageAtDeath: 40, sex: 'female', name: VICTIM } }),
          )
          .expect(201)
      ).body.id as string,
    };
    await api.action(cspChair, none.id, 'decide', { outcome: 'hold', decidedOn: '2026-02-01', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.action(manager, none.id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-01' }).expect(200);
    await api.action(chair, none.id, 'agree-terms-of-reference', { agreedOn: '2026-02-01' }).expect(200);
    await api.action(chair, none.id, 'complete-information', { on: '2026-02-01' }).expect(200);
    const refused = await api.action(chair, none.id, 'complete-draft', { on: '2026-02-01' }).expect(409);
    expect(refused.body).toMatchObject({ guard: 'overview-report-uploaded' });
    expect(refused.body.detail).toMatch(/^Upload the overview report first/);

    // An image cannot be read: a finding of its own kind, which blocks until acknowledged.
    const image = await api
      .http()
      .post(`/api/reviews/${none.id}/documents`)
      .set('Authorization', `Bearer ${chair.token}`)
      .field('kind', 'overview-report')
      .field('title', 'Overview report (scanned)')
      .attach('file', PNG, { filename: 'overview-report.png', contentType: 'image/png' })
      .expect(201);
    expect(image.body.checks.anonymisation).toMatchObject({ status: 'checked', findingCount: 1, unreadable: true, cleared: false });
    await signOff(none.id);
    const blockedByImage = await submit(none.id).expect(409);
    expect(blockedByImage.body.detail).toContain('its text could not be read');
    const findings = (await api.get(manager, image.body.checks.anonymisation.findingsApi).expect(200)).body;
    expect(findings.findings).toEqual([expect.objectContaining({ kind: 'unreadable', label: 'could not read the text', match: null })]);
    expect(findings.findings[0].note).toMatch(/Nothing in it could be checked/);
    await acknowledge(manager, none.id, findings.checkId, findings.findings[0].id, 'Fictional: read through by the chair; it names no one.').expect(201);
    await submit(none.id).expect(200);
  });

  it('audits each check (no name in clear) and each read of the findings; a check can be run again', async () => {
    const { id, documentId } = blocked;
    const checks = await sql(`SELECT changes FROM audit_entries WHERE action = 'review.anonymisation-checked' AND review_id = $1 ORDER BY seq`, [id]);
    expect(checks).toHaveLength(2);
    expect(checks[0].changes).toMatchObject({ findingCount: 1, files: [{ documentId, version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    expect(checks[0].changes.sealed).toMatchObject({ of: id, fields: ['documentLabels', 'findings'] });
    expect((await sql(`SELECT 1 FROM audit_entries WHERE action = 'review.anonymisation-findings-viewed' AND review_id = $1`, [id])).length).toBeGreaterThan(0);
    const raw = await sql(`SELECT a::text AS row FROM audit_entries a`);
    expect(raw.filter((r) => r.row.includes('Exampleton'))).toEqual([]);
    const rows = await sql(`SELECT c::text AS row FROM anonymisation_checks c`);
    expect(rows.filter((r) => r.row.includes('Exampleton'))).toEqual([]);

    const again = (await api.post(chair, `/api/reviews/${id}/documents/${documentId}/versions/2/anonymisation`, {}).expect(200)).body;
    expect(again).toMatchObject({ status: 'checked', findingCount: 2, unacknowledgedCount: 2 });
    expect(await sql(`SELECT 1 FROM audit_entries WHERE action = 'review.anonymisation-checked' AND review_id = $1`, [id])).toHaveLength(3);
    await api.post(panelMember, `/api/reviews/${id}/documents/${documentId}/versions/2/anonymisation`, {}).expect(403);
    await api.get(chair, `/api/reviews/${id}/documents/${documentId}/versions/9/anonymisation`).expect(404);
    await api.get(chair, `/api/reviews/${id}/documents/${documentId}/versions/x/anonymisation`).expect(404);
  });

  it('shows the findings page: the finding escaped with the match marked, acknowledged through its form; 404 for anyone else', async () => {
    const text = `Overview report. Fictional: <b>${VICTIM}</b> & a neighbour "helped".\n`;
    const { id, report } = await signedOffReview(text, 'Adult M');
    const path = `/reviews/${id}/documents/${report!.id}/versions/1/anonymisation`;
    const web = new WebClient(api);
    await web.signIn(await emailOf(chair), PASSWORD);

    // The review page links each report version to its findings.
    const reviewPage = await web.get(`/reviews/${id}`);
    expect(reviewPage.text).toContain(`href="${path}"`);
    expect(pageText(reviewPage.text)).toContain('Anonymisation: 1 finding to acknowledge');

    // A refused submission from the review page links to the findings.
    const refusal = await web.post(`/reviews/${id}/actions/submit-to-home-office`, {
      'submittedOn-day': '1',
      'submittedOn-month': '2',
      'submittedOn-year': '2026',
    });
    expect(refusal.status).toBe(409);
    expect(refusal.text).toContain(`href="${path}"`);
    expect(pageText(refusal.text)).toContain('has 1 finding of identifying details not yet acknowledged');

    let page = await web.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`&lt;b&gt;<mark>${VICTIM}</mark>&lt;/b&gt; &amp; a neighbour &quot;helped&quot;.`);
    expect(page.text).not.toContain('<b>Jane');
    expect(pageText(page.text)).toContain('Protected name: the victim’s name');
    expect(pageText(page.text)).toContain('To acknowledge');

    // A blank reason is refused on the page; a reason acknowledges it.
    const [, checkId] = /name="checkId" value="([^"]+)"/.exec(page.text)!;
    const [, findingId] = /name="findingId" value="([^"]+)"/.exec(page.text)!;
    let res = await web.post(`${path}/acknowledgements`, { checkId, findingId, reason: '  ' });
    expect(res.status).toBe(400);
    expect(pageText(res.text)).toContain('Enter why this may stay in the report');
    res = await web.post(`${path}/acknowledgements`, { checkId, findingId, reason: 'Fictional: the family asked for her name.' });
    expect(res.status).toBe(303);
    page = await web.get(res.headers.location as string);
    expect(pageText(page.text)).toContain('Finding acknowledged');
    expect(pageText(page.text)).toContain('Acknowledged');
    expect(pageText(page.text)).toContain('Fictional: the family asked for her name.');
    expect(page.text).not.toContain('name="findingId"');
    expect(pageText((await web.get(`/reviews/${id}`)).text)).toContain('Anonymisation: 1 finding, all acknowledged');

    // Run again: a new check, every finding to acknowledge again.
    res = await web.post(`${path}/check`, {});
    expect(res.status).toBe(303);
    expect(pageText((await web.get(res.headers.location as string)).text)).toContain('Checked again: 1 finding to acknowledge');

    // A new version uploaded from the review page is checked; the confirmation says what was found (no name).
    await web.get(`/reviews/${id}`);
    res = await web.postFile(
      `/reviews/${id}/documents/${report!.id}/versions`,
      {},
      {
        content: Buffer.from(`${FICTIONAL_REPORT}Ms Exampleton moved twice.\n`, 'utf8'),
        filename: 'overview-report-v2.txt',
        contentType: 'text/plain',
      },
    );
    expect(res.status).toBe(303);
    const confirmed = pageText((await web.get(res.headers.location as string)).text);
    expect(confirmed).toContain('Version 2 of Overview report uploaded. Checked for identifying details: 1 finding to acknowledge');
    expect(confirmed).toContain('Anonymisation: 1 finding to acknowledge (latest version of Overview report)');

    // Those who may not see the protected names: no such page, and no link to it.
    for (const user of [board, panelMember]) {
      const other = new WebClient(api);
      await other.signIn(await emailOf(user), PASSWORD);
      expect((await other.get(path)).status).toBe(404);
      expect((await other.post(`${path}/acknowledgements`, { checkId, findingId, reason: 'x' })).status).toBe(404);
      expect((await other.get(`/reviews/${id}`)).text).not.toContain('Anonymisation:');
    }
  });

  it('asks for the check again once a protected name is recorded after it, then blocks on what it finds', async () => {
    const { id, report } = await signedOffReview(`${FICTIONAL_REPORT}Robert Fictionson was interviewed twice.\n`, 'Adult P');
    expect(report!.checks?.anonymisation).toMatchObject({ findingCount: 0, cleared: true });
    api.clock.setDate('2026-02-02');
    try {
      await api.post(chair, `/api/reviews/${id}/protected-identities`, { role: 'perpetrator', name: 'Robert Fictionson' }).expect(201);
      const stale = await submit(id).expect(409);
      expect(stale.body.documents).toEqual([expect.objectContaining({ stale: true, blocking: true, findings: 0 })]);
      expect(stale.body.detail).toContain('was checked before a protected name was recorded on the review: run the check again');
      expect(stale.body.detail).not.toContain('Fictionson');
      const api_ = `/api/reviews/${id}/documents/${report!.id}/versions/1/anonymisation`;
      expect((await api.get(chair, api_).expect(200)).body).toMatchObject({ checkedBeforeLatestName: true, cleared: false });
      const again = (await api.post(chair, api_, {}).expect(200)).body;
      expect(again).toMatchObject({ findingCount: 1, cleared: false });
      const findings = (await api.get(chair, api_).expect(200)).body;
      expect(findings.findings).toEqual([expect.objectContaining({ kind: 'name', label: 'perpetrator', match: 'Robert Fictionson' })]);
      await submit(id).expect(409);
      await acknowledge(chair, id, findings.checkId, findings.findings[0].id, 'Fictional: named in the published court record.').expect(201);
      await submit(id).expect(200);
    } finally {
      api.clock.setDate('2026-02-01');
    }
  });

  it('has no axe-core violations at WCAG 2.2 AA on the findings page and the review page, in a real browser', async () => {
    const { id, report } = await signedOffReview(IDENTIFYING_REPORT, 'Adult N');
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    const journey = new Journey(join(__dirname, 'artifacts', 'report-anonymisation'), url);
    const browser = await launchChromium();
    try {
      const person = await journey.person(browser, 'csp-manager');
      await signIn(person.page, await emailOf(manager), PASSWORD);
      await person.open(`/reviews/${id}#documents`, 'review');
      await person.open(`/reviews/${id}/documents/${report!.id}/versions/1/anonymisation`, 'findings');
      await person.page.getByRole('button', { name: 'Acknowledge finding 1' }).click();
      await person.check('findings-refused');
      await person.page.fill('textarea[name="reason"]', 'Fictional: agreed with the family.');
      await person.page.getByRole('button', { name: 'Acknowledge finding 1' }).click();
      await person.check('findings-acknowledged');
    } finally {
      await browser.close();
    }
    expect(journey.pagesChecked).toHaveLength(4);
    expect(journey.findings).toEqual([]);
    await submit(id).expect(200);
  });
});
