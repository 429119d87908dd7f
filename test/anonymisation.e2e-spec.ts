import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { notification, TestApi, TestUser } from './support/test-app';

/** Fictional only: the documents are made by scripts/make-document-fixtures.ts. */
const VICTIM = 'Jane Exampleton';
const PERPETRATOR = 'Robert Fictionson';
const PERPETRATOR_DOB = '1979-06-02';
const DOCUMENTS = join(__dirname, 'fixtures', 'documents');

interface Finding {
  id: string;
  kind: string;
  label: string;
  match: string;
  context: string;
  documentLabel: string;
}

describe('Anonymisation: protected names on a review, and the check that nothing identifying leaves', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, otherChair: TestUser, panelMember: TestUser, auditor: TestUser;
  let reviewId: string;
  let perpetratorId: string;

  const upload = (user: TestUser, files: string[]) => {
    const req = api.http().post(`/api/reviews/${reviewId}/anonymisation-check`).set('Authorization', `Bearer ${user.token}`);
    for (const file of files) req.attach('files', join(DOCUMENTS, file));
    return req;
  };
  const sql = async (text: string, parameters: unknown[] = []) => (await api.db.query(text, parameters)).rows;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-01' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    otherChair = await api.user(['independent-chair']);
    panelMember = await api.user(['panel-member'], 'housing');
    auditor = await api.user(['auditor']);
    const review = (
      await api
        .post(
          manager,
          '/api/reviews',
          notification({ notifiedOn: '2026-02-01', victim: { pseudonym: 'Adult J', ageAtDeath: 40, sex: 'female', name: VICTIM } }),
        )
        .expect(201)
    ).body;
    reviewId = review.id;
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-01', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.action(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-01' }).expect(200);
  });
  afterAll(async () => {
    await api.stop();
  });

  it("records a perpetrator's protected name; the list shows the victim's name from the death's record only to the CSP manager and chair", async () => {
    const created = await api
      .post(chair, `/api/reviews/${reviewId}/protected-identities`, { role: 'perpetrator', name: PERPETRATOR, dateOfBirth: PERPETRATOR_DOB })
      .expect(201);
    expect(created.body).toMatchObject({ role: 'perpetrator', source: 'review', name: PERPETRATOR, dateOfBirth: PERPETRATOR_DOB, recordedBy: chair.id });
    perpetratorId = created.body.id;

    const asManager = (await api.get(manager, `/api/reviews/${reviewId}/protected-identities`).expect(200)).body;
    expect(asManager.map((i: { role: string; name: string }) => [i.role, i.name])).toEqual([
      ['victim', VICTIM],
      ['perpetrator', PERPETRATOR],
    ]);
    const asChair = (await api.get(chair, `/api/reviews/${reviewId}/protected-identities`).expect(200)).body;
    expect(asChair.map((i: { role: string; name: string | null }) => [i.role, i.name])).toEqual([
      ['victim', null],
      ['perpetrator', PERPETRATOR],
    ]);

    // The victim's name is the death's record already; a second is refused; a bad body is a 400.
    await api.post(manager, `/api/reviews/${reviewId}/protected-identities`, { role: 'victim', name: VICTIM }).expect(409);
    const bad = await api.post(manager, `/api/reviews/${reviewId}/protected-identities`, { role: 'neighbour', name: ' ' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'role']);
  });

  it('lets no one else see or record protected names: a panel member and an auditor get 403, the chair of another review 404', async () => {
    await api.get(panelMember, `/api/reviews/${reviewId}/protected-identities`).expect(403);
    await api.get(auditor, `/api/reviews/${reviewId}/protected-identities`).expect(403);
    await api.post(panelMember, `/api/reviews/${reviewId}/protected-identities`, { role: 'witness', name: 'Sam Placeholder' }).expect(403);
    await api.get(otherChair, `/api/reviews/${reviewId}/protected-identities`).expect(404);
    // (JSON rather than a file: a refused upload is answered before its body is read.)
    const texts = { texts: [{ label: 'draft', text: VICTIM }] };
    const refused = await api.post(panelMember, `/api/reviews/${reviewId}/anonymisation-check`, texts).expect(403);
    expect(refused.body.code).toBe('not-allowed');
    await api.post(otherChair, `/api/reviews/${reviewId}/anonymisation-check`, texts).expect(404);
    await api.get(panelMember, `/api/reviews/${reviewId}/anonymisation-checks`).expect(403);
  });

  it("finds the victim's name and a date of birth in an uploaded DOCX, with context; a clean file has no findings", async () => {
    const res = await upload(chair, ['identifying.docx', 'clean.docx']).expect(200);
    const findings: Finding[] = res.body.findings;
    expect(findings.map((f) => [f.documentLabel, f.kind, f.label, f.match])).toEqual([
      ['identifying.docx', 'name', 'victim', VICTIM],
      ['identifying.docx', 'name', 'victim', 'Ms Exampleton'],
      ['identifying.docx', 'date-of-birth', 'date of birth', '12/03/1985'],
    ]);
    expect(findings[0].context).toContain(`the death of ⟦${VICTIM}⟧, who lived`);
    expect(res.body.clean).toBe(false);
    const docx = readFileSync(join(DOCUMENTS, 'identifying.docx'));
    expect(res.body.documents[0]).toMatchObject({ index: 1, sha256: createHash('sha256').update(docx).digest('hex'), bytes: docx.length });

    const clean = await upload(manager, ['clean.docx', 'clean.txt']).expect(200);
    expect(clean.body).toMatchObject({ findings: [], clean: true });
  });

  it("finds the perpetrator's name and any date equal to the recorded date of birth, in PDF, ODT and JSON text", async () => {
    const files = await upload(manager, ['identifying.pdf', 'identifying.odt']).expect(200);
    expect(files.body.findings.map((f: Finding) => [f.documentLabel, f.match])).toEqual([
      ['identifying.pdf', VICTIM],
      ['identifying.pdf', 'Ms Exampleton'],
      ['identifying.pdf', '12/03/1985'],
      ['identifying.odt', VICTIM],
      ['identifying.odt', 'Ms Exampleton'],
      ['identifying.odt', '12/03/1985'],
    ]);
    const texts = await api
      .post(cspChair, `/api/reviews/${reviewId}/anonymisation-check`, {
        texts: [{ label: 'executive summary', text: 'FICTIONSON, Robert was arrested on 2 June 1979? No: on 3 June 2025.' }],
      })
      .expect(200);
    expect(texts.body.findings.map((f: Finding) => [f.kind, f.label, f.match])).toEqual([
      ['name', 'perpetrator', 'FICTIONSON, Robert'],
      ['date-of-birth', "perpetrator's date of birth", '2 June 1979'],
    ]);
  });

  it('refuses a file that cannot be checked, and a request with nothing to check', async () => {
    const wrong = await api
      .http()
      .post(`/api/reviews/${reviewId}/anonymisation-check`)
      .set('Authorization', `Bearer ${manager.token}`)
      .attach('files', Buffer.from('not a zip'), {
        filename: 'report.docx',
        contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      })
      .expect(400);
    expect(wrong.body).toMatchObject({ code: 'invalid-input', errors: [{ field: 'files[0]' }] });
    await api
      .http()
      .post(`/api/reviews/${reviewId}/anonymisation-check`)
      .set('Authorization', `Bearer ${manager.token}`)
      .attach('files', Buffer.from('x'), { filename: 'photo.png', contentType: 'image/png' })
      .expect(400);
    await api.post(manager, `/api/reviews/${reviewId}/anonymisation-check`, {}).expect(400);
  });

  it('a document with the victim’s name stays blocked until every finding is acknowledged with a reason', async () => {
    const check = (await upload(chair, ['identifying.docx']).expect(200)).body;
    const docxHash = check.documents[0].sha256;
    const [latest] = (await api.get(chair, `/api/reviews/${reviewId}/anonymisation-checks`).expect(200)).body;
    expect(latest).toMatchObject({ checkId: check.checkId, findingCount: 3, cleared: false, sha256: [docxHash] });
    expect(latest.unacknowledged).toHaveLength(3);
    expect(JSON.stringify(latest)).not.toContain('Exampleton');

    const path = `/api/reviews/${reviewId}/anonymisation-checks/${check.checkId}/acknowledgements`;
    await api.post(chair, path, { findingId: 'nope', reason: 'Fictional reason' }).expect(404);
    await api.post(chair, path, { findingId: check.findings[0].id, reason: ' ' }).expect(400);
    for (const finding of check.findings.slice(0, 2)) {
      await api.post(chair, path, { findingId: finding.id, reason: 'Fictional: the family asked that her name be used.' }).expect(201);
    }
    await api.post(chair, path, { findingId: check.findings[0].id, reason: 'Again' }).expect(409);
    let [now] = (await api.get(chair, `/api/reviews/${reviewId}/anonymisation-checks`).expect(200)).body;
    expect(now).toMatchObject({ cleared: false, unacknowledged: [{ id: check.findings[2].id, kind: 'date-of-birth' }] });
    await api.post(cspChair, path, { findingId: check.findings[2].id, reason: 'Fictional: a date already public.' }).expect(201);
    [now] = (await api.get(chair, `/api/reviews/${reviewId}/anonymisation-checks`).expect(200)).body;
    expect(now).toMatchObject({ cleared: true, unacknowledged: [] });
  });

  it('audits each check with the files’ SHA-256 and the count, and never a protected name in clear', async () => {
    const checks = await sql(`SELECT changes FROM audit_entries WHERE action = 'review.anonymisation-checked' AND review_id = $1 ORDER BY seq`, [reviewId]);
    expect(checks.length).toBeGreaterThanOrEqual(5);
    const first = checks[0].changes;
    expect(first).toMatchObject({ findingCount: 3, files: [{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }, { sha256: expect.any(String) }] });
    expect(first.sealed).toMatchObject({ of: reviewId, fields: ['documentLabels', 'findings'] });
    for (const action of ['review.protected-identity-recorded', 'review.protected-identities-viewed', 'review.anonymisation-finding-acknowledged']) {
      expect((await sql(`SELECT 1 FROM audit_entries WHERE action = $1 AND review_id = $2`, [action, reviewId])).length).toBeGreaterThan(0);
    }
    const raw = await sql(`SELECT a::text AS row FROM audit_entries a`);
    expect(raw.filter((r) => [VICTIM, 'Exampleton', PERPETRATOR, 'FICTIONSON', PERPETRATOR_DOB].some((text) => r.row.includes(text)))).toEqual([]);
    // Those who may read the trail read the findings in place while the review's key exists.
    const trail = (await api.get(manager, `/api/reviews/${reviewId}/audit?pageSize=100`).expect(200)).body.items;
    const entry = trail.find((e: { action: string }) => e.action === 'review.anonymisation-checked');
    expect(entry.changes.findings[0]).toMatchObject({ kind: 'name', label: 'victim', match: VICTIM });
    // The check's own row keeps no matched text.
    const rows = await sql(`SELECT c::text AS row FROM anonymisation_checks c WHERE review_id = $1`, [reviewId]);
    expect(rows.filter((r) => r.row.includes('Exampleton') || r.row.includes('Fictionson'))).toEqual([]);
  });

  it('describes the routes in the OpenAPI document, the check taking files or texts', async () => {
    const doc = (await api.http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/reviews/{id}/protected-identities',
        '/api/reviews/{id}/protected-identities/{identityId}',
        '/api/reviews/{id}/anonymisation-check',
        '/api/reviews/{id}/anonymisation-checks',
        '/api/reviews/{id}/anonymisation-checks/{checkId}/acknowledgements',
      ]),
    );
    const body = doc.paths['/api/reviews/{id}/anonymisation-check'].post.requestBody.content;
    expect(Object.keys(body).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(doc.components.schemas.CheckTextsRequest).toBeDefined();
  });

  it('removes a protected name, audited with the name sealed', async () => {
    await api.http().delete(`/api/reviews/${reviewId}/protected-identities/${perpetratorId}`).set('Authorization', `Bearer ${panelMember.token}`).expect(403);
    await api.http().delete(`/api/reviews/${reviewId}/protected-identities/${perpetratorId}`).set('Authorization', `Bearer ${manager.token}`).expect(204);
    await api.http().delete(`/api/reviews/${reviewId}/protected-identities/${perpetratorId}`).set('Authorization', `Bearer ${manager.token}`).expect(404);
    const list = (await api.get(manager, `/api/reviews/${reviewId}/protected-identities`).expect(200)).body;
    expect(list.map((i: { role: string }) => i.role)).toEqual(['victim']);
    const [removed] = await sql(`SELECT changes FROM audit_entries WHERE action = 'review.protected-identity-removed' AND review_id = $1`, [reviewId]);
    expect(removed.changes).toMatchObject({ identityId: perpetratorId, role: 'perpetrator', sealed: { fields: ['name'] } });
  });
});
