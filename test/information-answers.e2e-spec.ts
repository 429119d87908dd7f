import { createHash } from 'node:crypto';
import { EICAR, RunningClamd, startClamd } from './support/clamd';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/**
 * Issue 15.5: agencies answer information requests in the product. The panel member for the
 * agency asked uploads its IMR or chronology against the request, which records it received with
 * that document; they may ask for more time with a reason, which the chair grants (an extension)
 * or refuses. All of it fictional.
 */
const TODAY = '2026-02-10';
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');
const IMR = Buffer.from('Individual management review. Fictional: Adult A was seen by the agency twice in 2025.\n', 'utf8');

interface RequestView {
  id: string;
  agency: string;
  description: string;
  dueOn: string;
  originalDueOn: string | null;
  receivedOn: string | null;
  receivedDocument: { documentId: string; version: number; title: string | null } | null;
  timeRequests: {
    id: string;
    askedBy: string | null;
    proposedDueOn: string;
    reason: string;
    decision: string | null;
    newDueOn: string | null;
    decisionReason: string | null;
  }[];
}

describe('Agencies answer information requests in the product (issue 15.5)', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, police: TestUser, housing: TestUser;
  let reviewId: string;
  let reference: string;

  const review = async (user: TestUser = manager) => (await api.get(user, `/api/reviews/${reviewId}`).expect(200)).body;
  const requestOf = async (id: string, user: TestUser = manager): Promise<RequestView> =>
    (await review(user)).informationRequests.find((r: RequestView) => r.id === id);
  const documentIds = async (): Promise<string[]> =>
    (await api.get(manager, `/api/reviews/${reviewId}/documents`).expect(200)).body.map((d: { id: string }) => d.id);
  const ask = async (agency: string, description: string, dueOn: string): Promise<string> => {
    const res = await api.action(manager, reviewId, 'request-information', { agency, description, dueOn }).expect(200);
    return res.body.informationRequests.find((r: RequestView) => r.description === description).id as string;
  };
  const answerByUpload = (user: TestUser, requestId: string, fields: Record<string, string>, file = IMR, filename = 'imr.txt') => {
    const req = api.http().post(`/api/reviews/${reviewId}/information-requests/${requestId}/documents`).set('Authorization', `Bearer ${user.token}`);
    for (const [name, value] of Object.entries(fields)) req.field(name, value);
    return req.attach('file', file, { filename, contentType: 'text/plain' });
  };
  const download = (user: TestUser, path: string) => api.download(user, path);
  const mails = async (kind: string) =>
    (
      await api.db.query(`SELECT recipient_id, subject, text_body FROM outbox_messages WHERE review_id = $1 AND kind = $2 ORDER BY created_at`, [
        reviewId,
        kind,
      ])
    ).rows as { recipient_id: string; subject: string; text_body: string }[];

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    police = await api.user(['panel-member'], 'cheshire-police', 'Panel Pat Fictional');
    housing = await api.user(['panel-member'], 'housing', 'Panel Hal Fictional');
    const created = (await api.post(manager, '/api/reviews', notification()).expect(201)).body;
    reviewId = created.id;
    reference = created.reference;
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional: criteria met.' }).expect(200);
    await api.action(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-02' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: police.id, agency: 'cheshire-police' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: housing.id, agency: 'housing' }).expect(200);
    await api.action(chair, reviewId, 'agree-terms-of-reference', { agreedOn: '2026-02-03' }).expect(200);
  });
  afterAll(() => api.stop());
  beforeEach(() => api.clock.setDate(TODAY));

  it('documents the upload and the three actions in OpenAPI', async () => {
    const doc = (await api.http().get('/api/docs-json').expect(200)).body;
    const upload = doc.paths['/api/reviews/{reviewId}/information-requests/{requestId}/documents'].post;
    expect(Object.keys(upload.requestBody.content)).toEqual(['multipart/form-data']);
    expect(upload.responses['201'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/InformationAnswerView' });
    expect(doc.components.schemas.AnswerUploadBody.properties.kind.enum).toEqual(['imr', 'chronology']);
    for (const action of ['answer-information-request', 'ask-for-more-time', 'answer-time-request']) {
      expect(doc.paths[`/api/reviews/{id}/actions/${action}`].post.description).toContain('**dhr-2016-v4**');
    }
    expect(Object.keys(doc.components.schemas.InformationRequestView.properties)).toEqual(
      expect.arrayContaining(['receivedOn', 'receivedDocument', 'timeRequests', 'originalDueOn']),
    );
  });

  it("shows each panel member their appointment's agency", async () => {
    const seen = await review(police);
    const agencyOfPolice = seen.panel.find((p: { userId: string }) => p.userId === police.id).agency;
    expect(seen.yourPanelAgency).toBe(agencyOfPolice);
    expect((await review(manager)).yourPanelAgency).toBeNull();
  });

  it('an agency answers a request by upload: received with that document and version, its deadline met, recorded, the content intact', async () => {
    const requestId = await ask('cheshire-police', 'Fictional: IMR on contact with Adult A, 2024 onwards.', '2026-03-02');
    api.clock.setDate('2026-02-20');
    const res = await answerByUpload(police, requestId, { kind: 'imr', title: 'Police IMR' }).expect(201);
    expect(res.body.request).toMatchObject({ id: requestId, receivedOn: '2026-02-20', receivedDocument: { version: 1, title: 'Police IMR' } });
    expect(res.body.document).toMatchObject({ kind: 'imr', title: 'Police IMR', agency: 'cheshire-police', versions: [{ n: 1, sha256: sha256(IMR) }] });
    const documentId = res.body.document.id as string;
    expect(res.body.request.receivedDocument.documentId).toBe(documentId);

    const seen = await review(manager);
    const request = seen.informationRequests.find((r: RequestView) => r.id === requestId);
    expect(request).toMatchObject({ receivedOn: '2026-02-20', receivedDocument: { documentId, version: 1, title: 'Police IMR' } });
    expect(seen.deadlines.find((d: { key: string }) => d.key === `information-request:${requestId}`)).toMatchObject({
      completedOn: '2026-02-20',
      status: 'met',
    });
    const step = seen.history.find((h: { action: string }) => h.action === 'answer-information-request');
    expect(step).toMatchObject({ on: '2026-02-20', note: 'The agency answered its information request with version 1 of its IMR' });

    const trail = (await api.get(manager, `/api/reviews/${reviewId}/audit?pageSize=100`).expect(200)).body.items as {
      action: string;
      actorId: string;
      changes: { details?: Record<string, unknown> };
    }[];
    const entry = trail.find((e) => e.action === 'review.action.answer-information-request')!;
    expect(entry.actorId).toBe(police.id);
    expect(entry.changes.details).toMatchObject({ requestId, documentId, version: 1, kind: 'imr', receivedOn: '2026-02-20', sha256: sha256(IMR) });
    expect(trail.some((e) => e.action === 'document.uploaded' && (e.changes as { documentId?: string }).documentId === documentId)).toBe(true);

    const content = await download(police, `/api/reviews/${reviewId}/documents/${documentId}/versions/1/content`).expect(200);
    expect(sha256(content.body as Buffer)).toBe(sha256(IMR));

    // Another agency's panel member sees the request (the panel works from the list) but not the IMR: 404, its title withheld.
    await api.get(housing, `/api/reviews/${reviewId}/documents/${documentId}`).expect(404);
    expect((await requestOf(requestId, housing)).receivedDocument).toEqual({ documentId, version: 1, title: null });
  });

  it('a panel member of another agency cannot answer, and a request is answered once: nothing is left behind', async () => {
    const requestId = await ask('cheshire-police', 'Fictional: chronology of contact, 2025.', '2026-03-02');
    const before = await documentIds();
    const other = await answerByUpload(housing, requestId, { kind: 'chronology' }).expect(403);
    expect(other.body).toMatchObject({ code: 'not-allowed', requestId });
    expect(other.body.detail).toContain('Cheshire');
    await api.action(housing, reviewId, 'answer-information-request', { requestId, documentId: before[0] }).expect(403);
    expect(await documentIds()).toEqual(before);

    await answerByUpload(police, requestId, { kind: 'chronology' }).expect(201);
    const afterFirst = await documentIds();
    expect(afterFirst).toHaveLength(before.length + 1);
    const twice = await answerByUpload(police, requestId, { kind: 'chronology' }).expect(409);
    expect(twice.body).toMatchObject({ code: 'conflict', receivedOn: TODAY });
    expect(await documentIds()).toEqual(afterFirst);
    // The action, on a document already there, is refused alike.
    await api.action(police, reviewId, 'answer-information-request', { requestId, documentId: afterFirst[afterFirst.length - 1] }).expect(409);
  });

  it('a wrong kind is a 400 naming `kind`, before or after the file, and no document is left behind', async () => {
    const requestId = await ask('cheshire-police', 'Fictional: IMR, second agency team.', '2026-03-02');
    const before = await documentIds();
    const wrong = await answerByUpload(police, requestId, { kind: 'overview-report' }).expect(400);
    expect(wrong.body).toMatchObject({ code: 'invalid-input', errors: [{ field: 'kind', message: 'must be imr or chronology' }] });
    // The kind sent after the file: checked once the request is read, still nothing kept.
    const after = await api
      .http()
      .post(`/api/reviews/${reviewId}/information-requests/${requestId}/documents`)
      .set('Authorization', `Bearer ${police.token}`)
      .attach('file', IMR, { filename: 'imr.txt', contentType: 'text/plain' })
      .field('kind', 'minutes')
      .expect(400);
    expect(after.body.errors.map((e: { field: string }) => e.field)).toEqual(['kind']);
    const noFile = await api
      .http()
      .post(`/api/reviews/${reviewId}/information-requests/${requestId}/documents`)
      .set('Authorization', `Bearer ${police.token}`)
      .field('kind', 'imr')
      .expect(400);
    expect(noFile.body.errors.map((e: { field: string }) => e.field)).toEqual(['file']);
    expect(await documentIds()).toEqual(before);
    expect((await requestOf(requestId)).receivedOn).toBeNull();
  });

  it('answers with a document already on the review, a version not found to carry malware, on a date not before the request', async () => {
    const requestId = await ask('cheshire-police', 'Fictional: IMR, safeguarding team.', '2026-03-02');
    const uploaded = await api
      .http()
      .post(`/api/reviews/${reviewId}/documents`)
      .set('Authorization', `Bearer ${police.token}`)
      .field('kind', 'imr')
      .field('title', 'Safeguarding IMR')
      .attach('file', IMR, { filename: 'imr.txt', contentType: 'text/plain' })
      .expect(201);
    const documentId = uploaded.body.id as string;
    const minutes = await api
      .http()
      .post(`/api/reviews/${reviewId}/documents`)
      .set('Authorization', `Bearer ${manager.token}`)
      .field('kind', 'panel-minutes')
      .field('title', 'Minutes')
      .attach('file', IMR, { filename: 'minutes.txt', contentType: 'text/plain' })
      .expect(201);
    const refused = async (body: object, field: string) => {
      const res = await api.action(police, reviewId, 'answer-information-request', { requestId, ...body }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    };
    await refused({ documentId: minutes.body.id }, 'documentId');
    await refused({ documentId, version: 2 }, 'version');
    await refused({ documentId, receivedOn: '2026-02-01' }, 'receivedOn');
    await refused({ documentId, receivedOn: '2026-02-11' }, 'receivedOn');
    await api.db.query(`UPDATE document_versions SET scan_status = 'infected' WHERE document_id = $1`, [documentId]);
    await refused({ documentId }, 'version');
    await api.db.query(`UPDATE document_versions SET scan_status = 'not-scanned' WHERE document_id = $1`, [documentId]);
    const done = await api.action(police, reviewId, 'answer-information-request', { requestId, documentId, receivedOn: TODAY }).expect(200);
    expect(done.body.informationRequests.find((r: RequestView) => r.id === requestId)).toMatchObject({
      receivedOn: TODAY,
      receivedDocument: { documentId, version: 1, title: 'Safeguarding IMR' },
    });
  });

  it('asking for more time mails the chair; the chair grants it as an extension that keeps the original due date; the panel member hears', async () => {
    const requestId = await ask('cheshire-police', 'Fictional: records from the archive.', '2026-03-02');
    const reason = 'Fictional: the records are held off site and take three weeks to retrieve.';
    await api.action(police, reviewId, 'ask-for-more-time', { requestId, proposedDueOn: '2026-03-02', reason }).expect(400);
    await api.action(housing, reviewId, 'ask-for-more-time', { requestId, proposedDueOn: '2026-03-20', reason }).expect(403);
    const asked = await api.action(police, reviewId, 'ask-for-more-time', { requestId, proposedDueOn: '2026-03-20', reason }).expect(200);
    const timeRequest = asked.body.informationRequests.find((r: RequestView) => r.id === requestId).timeRequests[0];
    expect(timeRequest).toMatchObject({ askedBy: police.id, proposedDueOn: '2026-03-20', reason, decision: null });
    const again = await api.action(police, reviewId, 'ask-for-more-time', { requestId, proposedDueOn: '2026-03-25', reason }).expect(409);
    expect(again.body.timeRequestId).toBe(timeRequest.id);

    const toChair = await mails('time-request-asked');
    expect(toChair).toHaveLength(1);
    expect(toChair[0].recipient_id).toBe(chair.id);
    expect(toChair[0].subject).toBe(`${reference}: an agency asks for more time`);
    expect(toChair[0].text_body).toContain('Adult A');
    expect(toChair[0].text_body).toContain('20 March 2026');
    expect(toChair[0].text_body).toContain(`/reviews/${reviewId}`);
    expect(toChair[0].text_body).not.toContain('off site'); // the reason stays in the product
    expect(toChair[0].text_body).not.toContain('Panel Pat');

    // The panel member cannot decide their own ask.
    await api.action(police, reviewId, 'answer-time-request', { timeRequestId: timeRequest.id, decision: 'grant' }).expect(403);
    const granted = await api.action(chair, reviewId, 'answer-time-request', { timeRequestId: timeRequest.id, decision: 'grant' }).expect(200);
    const request = granted.body.informationRequests.find((r: RequestView) => r.id === requestId);
    expect(request).toMatchObject({ dueOn: '2026-03-20', originalDueOn: '2026-03-02' });
    expect(request.timeRequests[0]).toMatchObject({ decision: 'granted', newDueOn: '2026-03-20' });
    expect(granted.body.deadlines.find((d: { key: string }) => d.key === `information-request:${requestId}`)).toMatchObject({
      dueOn: '2026-03-20',
      originalDueOn: '2026-03-02',
      extensions: [expect.objectContaining({ fromDueOn: '2026-03-02', toDueOn: '2026-03-20' })],
    });
    await api.action(chair, reviewId, 'answer-time-request', { timeRequestId: timeRequest.id, decision: 'refuse', reason: 'Fictional.' }).expect(409);
    const toPanel = await mails('time-request-answered');
    expect(toPanel).toHaveLength(1);
    expect(toPanel[0].recipient_id).toBe(police.id);
    expect(toPanel[0].subject).toBe(`${reference}: your ask for more time was granted`);
    expect(toPanel[0].text_body).toContain('20 March 2026');
  });

  it('a refusal needs a reason (400 naming `reason`); refused, it is recorded and the panel member is mailed', async () => {
    const requestId = await ask('cheshire-police', 'Fictional: training records.', '2026-03-02');
    const asked = await api
      .action(police, reviewId, 'ask-for-more-time', { requestId, proposedDueOn: '2026-04-30', reason: 'Fictional: the team is short staffed.' })
      .expect(200);
    const timeRequestId = asked.body.informationRequests.find((r: RequestView) => r.id === requestId).timeRequests[0].id as string;
    const noReason = await api.action(chair, reviewId, 'answer-time-request', { timeRequestId, decision: 'refuse' }).expect(400);
    expect(noReason.body).toMatchObject({ code: 'invalid-input', errors: [{ field: 'reason' }] });
    const bad = await api.action(chair, reviewId, 'answer-time-request', { timeRequestId, decision: 'maybe' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['decision']);
    const before = (await mails('time-request-answered')).length;
    const refused = await api
      .action(manager, reviewId, 'answer-time-request', { timeRequestId, decision: 'refuse', reason: 'Fictional: the panel meets on 5 March and needs it.' })
      .expect(200);
    const request = refused.body.informationRequests.find((r: RequestView) => r.id === requestId);
    expect(request).toMatchObject({ dueOn: '2026-03-02', originalDueOn: '2026-03-02' });
    expect(request.timeRequests[0]).toMatchObject({
      decision: 'refused',
      newDueOn: null,
      decisionReason: 'Fictional: the panel meets on 5 March and needs it.',
    });
    const toPanel = await mails('time-request-answered');
    expect(toPanel).toHaveLength(before + 1);
    expect(toPanel[before]).toMatchObject({ recipient_id: police.id, subject: `${reference}: your ask for more time was refused` });
    expect(toPanel[before].text_body).not.toContain('panel meets');
    // Refused, the agency may ask again.
    await api.action(police, reviewId, 'ask-for-more-time', { requestId, proposedDueOn: '2026-03-16', reason: 'Fictional: two weeks at most.' }).expect(200);
  });

  it("the panel member's page lists their agency's requests in plain words, and an upload through it answers one", async () => {
    const requestId = await ask('cheshire-police', 'Fictional: IMR from the custody suite.', '2026-03-02');
    await ask('housing', 'Fictional: tenancy records.', '2026-03-05');
    const web = new WebClient(api);
    await web.signIn(police.email, PASSWORD);
    const show = await web.get(`/reviews/${reviewId}`);
    expect(show.text).toContain(`/reviews/${reviewId}/agency`);
    const page = await web.get(`/reviews/${reviewId}/agency`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain("Your agency's requests");
    expect(text).toContain('Fictional: IMR from the custody suite.');
    expect(text).toContain('2 March 2026');
    expect(text).not.toContain('tenancy records');
    expect(text).not.toContain('2026-03-02');
    expect(text).toContain('Ask for more time');

    const uploaded = await web.postFile(
      `/reviews/${reviewId}/agency/requests/${requestId}/documents`,
      { kind: 'imr', title: 'Custody IMR' },
      { content: IMR, filename: 'custody.txt', contentType: 'text/plain' },
    );
    expect(uploaded.status).toBe(303);
    expect(uploaded.headers.location).toBe(`/reviews/${reviewId}/agency`);
    expect(await requestOf(requestId)).toMatchObject({ receivedOn: TODAY, receivedDocument: { version: 1, title: 'Custody IMR' } });
    const after = pageText((await web.get(`/reviews/${reviewId}/agency`)).text);
    expect(after).toContain('Custody IMR');
    expect(after).toContain('Received on 10 February 2026');

    // My work links the panel member's requests to this page.
    expect((await web.get('/my-work')).text).toContain(`href="/reviews/${reviewId}/agency"`);

    // A wrong kind comes back on the page, in words, with nothing stored; so does a post without the form's token.
    const other = await ask('cheshire-police', 'Fictional: a second custody IMR.', '2026-03-02');
    const before = await documentIds();
    await web.get(`/reviews/${reviewId}/agency`);
    const wrongKind = await web.postFile(
      `/reviews/${reviewId}/agency/requests/${other}/documents`,
      { kind: 'overview-report' },
      { content: IMR, filename: 'custody.txt', contentType: 'text/plain' },
    );
    expect(wrongKind.status).toBe(400);
    expect(pageText(wrongKind.text)).toContain('There is a problem Choose an IMR or a chronology');
    expect(wrongKind.text).toContain(`href="#answer-${other}-kind"`);
    const refused = await web.postFile(
      `/reviews/${reviewId}/agency/requests/${other}/documents`,
      { kind: 'imr' },
      { content: IMR, filename: 'custody.txt', contentType: 'text/plain' },
      { csrf: false },
    );
    expect(refused.status).toBe(403);
    expect(await documentIds()).toEqual(before);

    // Asking for more time from the page.
    await web.get(`/reviews/${reviewId}/agency`);
    const askedForTime = await web.post(`/reviews/${reviewId}/agency/requests/${other}/more-time`, {
      'proposedDueOn-day': '20',
      'proposedDueOn-month': '3',
      'proposedDueOn-year': '2026',
      reason: 'Fictional: the officer is on leave.',
    });
    expect(askedForTime.status).toBe(303);
    expect((await requestOf(other)).timeRequests).toEqual([expect.objectContaining({ proposedDueOn: '2026-03-20', decision: null })]);

    // The chair sees the undecided ask on the review page, with the form to grant or refuse it.
    const chairWeb = new WebClient(api);
    await chairWeb.signIn(chair.email, PASSWORD);
    const chairPage = pageText((await chairWeb.get(`/reviews/${reviewId}`)).text);
    expect(chairPage).toContain('Asks for more time');
    expect(chairPage).toContain('20 March 2026');
    expect(chairPage).toContain("Grant or refuse an agency's ask for more time");
  });
});

describe('An upload answering a request is scanned before it answers it (a real clamd)', () => {
  let clamd: RunningClamd;
  let api: TestApi;
  let manager: TestUser, police: TestUser;
  let reviewId: string;

  beforeAll(async () => {
    clamd = await startClamd();
    process.env.CLAMD_URL = clamd.url;
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager']);
    const cspChair = await api.user(['csp-chair']);
    const chair = await api.user(['independent-chair']);
    police = await api.user(['panel-member'], 'cheshire-police');
    reviewId = (await api.post(manager, '/api/reviews', notification()).expect(201)).body.id;
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional: criteria met.' }).expect(200);
    await api.action(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-02' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: police.id, agency: 'cheshire-police' }).expect(200);
    await api.action(chair, reviewId, 'agree-terms-of-reference', { agreedOn: '2026-02-03' }).expect(200);
  });
  afterAll(async () => {
    delete process.env.CLAMD_URL;
    await api?.stop();
    await clamd?.stop();
  });

  it('an infected file answers nothing (400 naming `file`, no document kept); a clean one answers the request, scanned clean', async () => {
    const asked = await api
      .action(manager, reviewId, 'request-information', { agency: 'cheshire-police', description: 'Fictional: IMR.', dueOn: '2026-03-02' })
      .expect(200);
    const requestId = asked.body.informationRequests[0].id as string;
    const send = (content: Buffer) =>
      api
        .http()
        .post(`/api/reviews/${reviewId}/information-requests/${requestId}/documents`)
        .set('Authorization', `Bearer ${police.token}`)
        .field('kind', 'imr')
        .attach('file', content, { filename: 'imr.txt', contentType: 'text/plain' });

    const infected = await send(EICAR).expect(400);
    expect(infected.body.errors).toEqual([{ field: 'file', message: expect.stringContaining('malware') }]);
    expect((await api.get(manager, `/api/reviews/${reviewId}/documents`).expect(200)).body).toEqual([]);
    expect((await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body.informationRequests[0]).toMatchObject({
      receivedOn: null,
      receivedDocument: null,
    });

    const clean = await send(IMR).expect(201);
    expect(clean.body.document.versions[0]).toMatchObject({ n: 1, scanStatus: 'clean', sha256: sha256(IMR) });
    expect(clean.body.request).toMatchObject({ receivedOn: TODAY, receivedDocument: { documentId: clean.body.document.id, version: 1 } });
  });
});
