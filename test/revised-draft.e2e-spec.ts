import { actOn } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

interface Vote {
  board: string;
  round: number;
  decision: string;
  comment: string | null;
}

describe('Sign-off: explicit votes, and a revised draft after a rejection', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, board: TestUser;
  let id: string;

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
    await actOn(api, chair, id, 'complete-draft', { on: '2026-05-01' }, '2026-05-01');
    api.clock.setDate('2026-05-02');
  });
  afterAll(() => api.stop());

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
    // Stuck no longer: the review cannot be submitted, but the chair has something to do.
    api.clock.setDate('2026-05-06');
    const refused = await api.action(manager, id, 'submit-to-home-office', { submittedOn: '2026-05-06' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'guard-failed', guard: 'sign-offs-complete' });

    await actOn(api, chair, id, 'issue-revised-draft', { on: '2026-05-10', changes: 'Fictional: the GP contacts are now in the chronology.' }, '2026-05-10');
    review = (await api.get(chair, `/api/reviews/${id}`).expect(200)).body;
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
    await actOn(api, manager, id, 'submit-to-home-office', { submittedOn: '2026-05-13' }, '2026-05-13');
    review = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(review.stage).toBe('home-office-qa');
    expect(review.history.map((h: { action: string }) => h.action)).toContain('issue-revised-draft');

    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const page = pageText((await web.get(`/reviews/${id}`)).text);
    expect(page).toContain('Votes on earlier drafts (kept on record)');
    expect(page).toContain('Round 1 Halton Domestic Abuse Board 5 May 2026 Rejected Fictional: the chronology leaves out the GP contacts.');
  });
});
