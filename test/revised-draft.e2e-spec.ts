import { createHash } from 'node:crypto';
import { actOn, FICTIONAL_REPORT, uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

interface Vote {
  board: string;
  round: number;
  decision: string;
  comment: string | null;
  castOn: { overviewReport: { documentId: string; version: number; sha256: string } } | null;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const REVISED_REPORT = `${FICTIONAL_REPORT}Fictional: the GP contacts are now in the chronology.\n`;

describe('Sign-off: explicit votes, and a revised draft after a rejection', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, board: TestUser;
  let id: string;
  let reportId: string;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    board = await api.boardMember();
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
    id = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-01' })).expect(201)).body.id;
    await actOn(api, cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-03-02', rationale: 'Fictional: the criteria are met.' }, '2026-03-02');
    await actOn(api, manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-03-03' }, '2026-03-03');
    await actOn(api, chair, id, 'agree-terms-of-reference', { agreedOn: '2026-03-04' }, '2026-03-04');
    await actOn(api, chair, id, 'complete-information', { on: '2026-04-01' }, '2026-04-01');
    api.clock.setDate('2026-05-01');
  });
  afterAll(() => api.stop());

  it('completes the draft only with the overview report uploaded, and names the version the boards will read', async () => {
    const refused = await api.action(chair, id, 'complete-draft', { on: '2026-05-01' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'guard-failed', guard: 'overview-report-uploaded' });
    expect(refused.body.detail).toMatch(/Upload the overview report first/);

    const report = await uploadReport(api, chair, id);
    reportId = report.id;
    await actOn(api, chair, id, 'complete-draft', { on: '2026-05-01' }, '2026-05-01');
    const review = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(review.stage).toBe('sign-off');
    expect(review.draftUnderSignOff).toEqual({
      overviewReport: { documentId: reportId, title: 'Overview report', version: 1, sha256: sha256(FICTIONAL_REPORT) },
      executiveSummary: null,
    });
    expect(review.history.find((h: { action: string }) => h.action === 'complete-draft').note).toBe('The draft for sign-off: overview report version 1');
    api.clock.setDate('2026-05-02');
  });

  it('refuses a vote that does not say approve or reject, naming the field', async () => {
    const res = await api.action(board, id, 'sign-off', { board: 'csp', on: '2026-05-02' }).expect(400);
    expect(res.body.code).toBe('invalid-input');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'decision' })]);
    const review = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(review.signOffs).toEqual([]);
  });

  it('offers a revised draft only once a board has rejected the current one', async () => {
    const res = await api.action(chair, id, 'issue-revised-draft', { on: '2026-05-02', changes: 'Fictional: nothing yet.' }).expect(409);
    expect(res.body).toMatchObject({ code: 'guard-failed', guard: 'draft-rejected' });
    const review = (await api.get(chair, `/api/reviews/${id}`).expect(200)).body;
    expect(review.availableActions).not.toContain('issue-revised-draft');
  });

  it('after a rejection, the chair issues a revised draft: a new round, the earlier votes kept and marked as cast on the earlier draft', async () => {
    await actOn(api, board, id, 'sign-off', { board: 'csp', on: '2026-05-05', decision: 'approve' }, '2026-05-05');
    await actOn(
      api,
      board,
      id,
      'sign-off',
      { board: 'dab', on: '2026-05-05', decision: 'reject', comment: 'Fictional: the chronology leaves out the GP contacts.' },
      '2026-05-05',
    );
    let review = (await api.get(chair, `/api/reviews/${id}`).expect(200)).body;
    expect(review.availableActions).toContain('issue-revised-draft');
    // Each vote records the version, and the bytes, it was cast on.
    expect(review.signOffs.map((v: Vote) => v.castOn?.overviewReport)).toEqual([
      { documentId: reportId, title: 'Overview report', version: 1, sha256: sha256(FICTIONAL_REPORT) },
      { documentId: reportId, title: 'Overview report', version: 1, sha256: sha256(FICTIONAL_REPORT) },
    ]);
    // Stuck no longer: the review cannot be submitted, but the chair has something to do.
    api.clock.setDate('2026-05-06');
    const refused = await api.action(manager, id, 'submit-to-home-office', { submittedOn: '2026-05-06' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'guard-failed', guard: 'sign-offs-complete' });

    // A revised draft is a new version of the report: the same version again is refused, and nothing changes.
    api.clock.setDate('2026-05-10');
    const same = await api.action(chair, id, 'issue-revised-draft', { on: '2026-05-10', changes: 'Fictional: the GP contacts.' }).expect(400);
    expect(same.body.errors).toEqual([
      expect.objectContaining({ field: 'overviewReportVersion', message: expect.stringMatching(/boards voted on version 1 of the overview report/) }),
    ]);
    expect((await api.get(chair, `/api/reviews/${id}`).expect(200)).body.signOffs).toHaveLength(2);
    await api
      .http()
      .post(`/api/reviews/${id}/documents/${reportId}/versions`)
      .set('Authorization', `Bearer ${chair.token}`)
      .attach('file', Buffer.from(REVISED_REPORT), { filename: 'overview-report-v2.txt', contentType: 'text/plain' })
      .expect(201);
    await actOn(api, chair, id, 'issue-revised-draft', { on: '2026-05-10', changes: 'Fictional: the GP contacts are now in the chronology.' }, '2026-05-10');
    review = (await api.get(chair, `/api/reviews/${id}`).expect(200)).body;
    expect(review.draftUnderSignOff.overviewReport).toMatchObject({ version: 2, sha256: sha256(REVISED_REPORT) });
    expect(review.earlierSignOffs.every((v: Vote) => v.castOn?.overviewReport.version === 1)).toBe(true);
    // A board member reads the report under sign-off: version 2 now; the chair still sees both.
    const boardView = (await api.get(board, `/api/reviews/${id}/documents`).expect(200)).body as { id: string; versions: { n: number }[] }[];
    expect(boardView.map((d) => [d.id, d.versions.map((v) => v.n)])).toEqual([[reportId, [2]]]);
    await api.get(board, `/api/reviews/${id}/documents/${reportId}/versions/1/content`).expect(404);
    await api.get(board, `/api/reviews/${id}/documents/${reportId}/versions/2/content`).expect(200);
    const chairView = (await api.get(chair, `/api/reviews/${id}/documents`).expect(200)).body as { versions: { n: number }[] }[];
    expect(chairView[0].versions.map((v) => v.n)).toEqual([1, 2]);
    expect(review.stage).toBe('sign-off');
    expect(review.signOffs).toEqual([]);
    expect(review.earlierSignOffs.map(({ board, round, decision }: Vote) => ({ board, round, decision }))).toEqual([
      { board: 'csp', round: 1, decision: 'approve' },
      { board: 'dab', round: 1, decision: 'reject' },
    ]);
    expect(review.signOffStatus.every((s: { complete: boolean }) => !s.complete)).toBe(true);

    // The boards vote again on the revised draft, and the review goes on.
    await actOn(api, board, id, 'sign-off', { board: 'csp', on: '2026-05-12', decision: 'approve' }, '2026-05-12');
    await actOn(api, board, id, 'sign-off', { board: 'dab', on: '2026-05-12', decision: 'approve' }, '2026-05-12');
    expect((await api.get(chair, `/api/reviews/${id}`).expect(200)).body.signOffs.map((v: Vote) => v.castOn?.overviewReport.version)).toEqual([2, 2]);
    await actOn(api, manager, id, 'submit-to-home-office', { submittedOn: '2026-05-13' }, '2026-05-13');
    review = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(review.stage).toBe('home-office-qa');
    expect(review.history.map((h: { action: string }) => h.action)).toContain('issue-revised-draft');

    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const page = pageText((await web.get(`/reviews/${id}`)).text);
    expect(page).toContain('Votes on earlier drafts (kept on record)');
    expect(page).toContain(
      'Round 1 Overview report version 1 Halton Domestic Abuse Board 5 May 2026 Rejected by Test board-member on 5 May 2026 Fictional: the chronology leaves out the GP contacts.',
    );
    expect(page).toContain('The report under sign-off Overview report, version 2 (download)');
  });

  it("the board member's sign-off page links the report under sign-off, which downloads with the hash the votes record", async () => {
    const second = await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-05-01' })).expect(201);
    const other = second.body.id as string;
    await actOn(api, cspChair, other, 'decide', { outcome: 'hold', decidedOn: '2026-05-13', rationale: 'Fictional: the criteria are met.' }, '2026-05-13');
    await actOn(api, manager, other, 'appoint-chair', { userId: chair.id, appointedOn: '2026-05-13' }, '2026-05-13');
    await actOn(api, chair, other, 'agree-terms-of-reference', { agreedOn: '2026-05-13' }, '2026-05-13');
    await actOn(api, chair, other, 'complete-information', { on: '2026-05-14' }, '2026-05-14');
    const report = await uploadReport(api, chair, other);
    const summary = await uploadReport(api, chair, other, { kind: 'executive-summary', title: 'Executive summary', text: 'Executive summary. Fictional.\n' });
    await actOn(api, chair, other, 'complete-draft', { on: '2026-05-15' }, '2026-05-15');

    const web = new WebClient(api);
    await web.signIn(board.email, PASSWORD);
    const html = (await web.get(`/sign-off/${other}/csp`)).text;
    const text = pageText(html);
    expect(text).toContain('The report to read');
    expect(text).toContain('Overview report, version 1');
    expect(text).toContain('Executive summary, version 1');
    expect(html).toContain(`href="/reviews/${other}/documents/${report.id}/versions/1"`);
    expect(html).toContain(`href="/reviews/${other}/documents/${summary.id}/versions/1"`);
    const download = await web.get(`/reviews/${other}/documents/${report.id}/versions/1`);
    expect(sha256(download.body instanceof Buffer ? download.body : Buffer.from(download.text))).toBe(report.versions[0].sha256);

    await web.post(`/sign-off/${other}/csp`, { 'on-day': '15', 'on-month': '5', 'on-year': '2026', decision: 'approve' });
    const review = (await api.get(manager, `/api/reviews/${other}`).expect(200)).body;
    expect(review.signOffs[0].castOn).toEqual(review.draftUnderSignOff);
    expect(review.draftUnderSignOff.executiveSummary).toMatchObject({ documentId: summary.id, version: 1, sha256: summary.versions[0].sha256 });
  });
});
