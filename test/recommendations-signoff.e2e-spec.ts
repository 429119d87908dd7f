import { uploadReport } from './support/scenarios';
import { SmtpSink } from './support/smtp-sink';
import { notification, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';

const TODAY = '2026-03-02';

describe('Recommendations, action plans and sign-off by both boards', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, police: TestUser, housing: TestUser, panel: TestUser;
  let cspBoardChair: TestUser, dabBoardChair: TestUser, both1: TestUser, both2: TestUser;

  /** A review driven to drafting, with this file's chair appointed. */
  const draftingReview = async () => {
    const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-02-01', dateOfDeath: '2026-01-30' })).expect(201)).body;
    await api.action(cspChair, review.id, 'decide', { outcome: 'hold', decidedOn: '2026-02-10', rationale: 'Criteria met.' }).expect(200);
    await api.action(manager, review.id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-11' }).expect(200);
    await api.action(chair, review.id, 'agree-terms-of-reference', { agreedOn: '2026-02-12' }).expect(200);
    await api.action(chair, review.id, 'complete-information', { on: '2026-02-20' }).expect(200);
    return review.id as string;
  };
  const recommend = (reviewId: string, overrides: Record<string, unknown> = {}) =>
    api.post(chair, `/api/reviews/${reviewId}/recommendations`, {
      text: 'Agencies share risk information about repeat callers within 48 hours.',
      level: 'local',
      owningAgency: 'cheshire-police',
      themes: ['domestic-abuse-vawg'],
      tags: ['information-sharing'],
      outcome: 'By March 2027 every repeat call is shared within 48 hours, checked by a quarterly audit of 20 cases.',
      ...overrides,
    });
  const vote = (member: TestUser, reviewId: string, board: string, extra: Record<string, unknown> = {}) =>
    api.action(member, reviewId, 'sign-off', { decision: 'approve', board, on: TODAY, ...extra });
  const status = async (reviewId: string) => {
    const review = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body;
    return Object.fromEntries(
      review.signOffStatus.map((s: { board: string; complete: boolean; approvals: number }) => [s.board, { complete: s.complete, approvals: s.approvals }]),
    );
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    police = await api.user(['agency-action-owner'], 'cheshire-police');
    housing = await api.user(['agency-action-owner'], 'housing');
    panel = await api.user(['panel-member'], 'cheshire-police');
    cspBoardChair = await api.boardMember(['csp']);
    dabBoardChair = await api.boardMember(['dab']);
    both1 = await api.boardMember(['csp', 'dab']);
    both2 = await api.boardMember(['csp', 'dab']);
    // Each board: the chair and at least one other member must approve.
    await api.setBoard('csp', { chairUserId: cspBoardChair.id, quorum: 2 });
    await api.setBoard('dab', { chairUserId: dabBoardChair.id, quorum: 2 });
  });
  afterAll(() => api.stop());

  it('tags recommendations with the partnership’s priorities and refuses unknown themes, agencies and stages', async () => {
    const priorities = (await api.get(manager, '/api/priorities').expect(200)).body;
    expect(priorities).toHaveLength(9);
    expect(priorities[1]).toEqual({ key: 'domestic-abuse-vawg', name: 'Domestic abuse and violence against women and girls' });

    const reviewId = await draftingReview();
    const created = (await recommend(reviewId).expect(201)).body;
    expect(created).toMatchObject({
      number: 1,
      level: 'local',
      owningAgencyName: 'Cheshire Police',
      themeNames: ['Domestic abuse and violence against women and girls'],
      tags: ['information-sharing'],
      version: 1,
      actions: [],
    });
    expect((await recommend(reviewId, { themes: ['space-travel'] }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'themes' })]);
    expect((await recommend(reviewId, { owningAgency: 'nobody' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'owningAgency' })]);
    expect((await recommend(reviewId, { level: 'galactic' }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'level' })]);
    await api.post(manager, `/api/reviews/${reviewId}/recommendations`, {}).expect(400);
    // Not on the panel: the review does not exist for them.
    await api
      .post(panel, `/api/reviews/${reviewId}/recommendations`, { text: 'x', level: 'local', owningAgency: 'housing', themes: ['hate-crime'], outcome: 'y' })
      .expect(404);
    const setUp = (await api.post(manager, '/api/reviews', notification()).expect(201)).body;
    const early = await api
      .post(manager, `/api/reviews/${setUp.id}/recommendations`, { text: 'x', level: 'local', owningAgency: 'housing', themes: ['hate-crime'], outcome: 'y' })
      .expect(409);
    expect(early.body).toMatchObject({ currentStage: 'decision', allowedStages: ['drafting', 'sign-off'] });
    const list = (await api.get(manager, `/api/reviews/${reviewId}/recommendations`).expect(200)).body;
    expect(list.map((r: { number: number }) => r.number)).toEqual([1]);
  });

  it('signs off by quorum: the chair and another member of each board; submission waits for both', async () => {
    const reviewId = await draftingReview();
    await recommend(reviewId).expect(201);
    await uploadReport(api, chair, reviewId);
    await api.action(chair, reviewId, 'complete-draft', { on: TODAY }).expect(200);

    // Only members of a board vote for it.
    const outsider = await api.boardMember(['dab']);
    expect((await vote(outsider, reviewId, 'csp').expect(403)).body.detail).toMatch(/Only members of the Safer Halton Partnership board/);

    await vote(both1, reviewId, 'csp').expect(200);
    await vote(both2, reviewId, 'csp').expect(200);
    // Two approvals but not the chair's: not yet.
    expect((await status(reviewId)).csp).toEqual({ complete: false, approvals: 2 });
    expect((await api.action(manager, reviewId, 'submit-to-home-office', { submittedOn: TODAY }).expect(409)).body.waitingFor).toEqual(['csp', 'dab']);
    await vote(cspBoardChair, reviewId, 'csp').expect(200);
    expect((await status(reviewId)).csp).toEqual({ complete: true, approvals: 3 });
    expect((await vote(both1, reviewId, 'csp').expect(409)).body.detail).toMatch(/already voted/);

    await vote(dabBoardChair, reviewId, 'dab').expect(200);
    expect((await status(reviewId)).dab).toEqual({ complete: false, approvals: 1 }); // quorum of two not reached
    expect((await api.action(manager, reviewId, 'submit-to-home-office', { submittedOn: TODAY }).expect(409)).body.waitingFor).toEqual(['dab']);
    await vote(both1, reviewId, 'dab').expect(200);
    expect(await status(reviewId)).toEqual({ csp: { complete: true, approvals: 3 }, dab: { complete: true, approvals: 2 } });
    const submitted = (await api.action(manager, reviewId, 'submit-to-home-office', { submittedOn: TODAY }).expect(200)).body;
    expect(submitted.stage).toBe('home-office-qa');
  });

  it('refuses a rejection without a comment, and tells the review chair of one with', async () => {
    const reviewId = await draftingReview();
    await recommend(reviewId).expect(201);
    await uploadReport(api, chair, reviewId);
    await api.action(chair, reviewId, 'complete-draft', { on: TODAY }).expect(200);
    const refused = await vote(both1, reviewId, 'dab', { decision: 'reject' }).expect(400);
    expect(refused.body.errors).toEqual([{ field: 'comment', message: 'is required when rejecting: say what must change' }]);
    const review = (await vote(both1, reviewId, 'dab', { decision: 'reject', comment: 'Recommendation 1 needs a named lead in each agency.' }).expect(200))
      .body;
    expect(review.signOffs).toEqual([
      expect.objectContaining({ board: 'dab', decision: 'reject', comment: 'Recommendation 1 needs a named lead in each agency.', memberId: both1.id }),
    ]);
    expect(review.signOffStatus.find((s: { board: string }) => s.board === 'dab')).toMatchObject({ approvals: 0, rejections: 1, complete: false });
    const mail = (
      await api.db.query(`SELECT recipient_id, subject, text_body FROM outbox_messages WHERE review_id = $1 AND kind = 'sign-off-rejected'`, [reviewId])
    ).rows;
    expect(mail).toHaveLength(1);
    expect(mail[0].recipient_id).toBe(chair.id);
    expect(mail[0].subject).toBe(`${review.reference}: a member of the Halton Domestic Abuse Board did not approve the draft`);
    expect(mail[0].text_body).not.toContain('named lead'); // the comment stays in the product
  });

  it('withdraws the boards’ approvals, visibly, when a recommendation changes after they approved', async () => {
    const reviewId = await draftingReview();
    const recommendation = (await recommend(reviewId).expect(201)).body;
    await uploadReport(api, chair, reviewId);
    await api.action(chair, reviewId, 'complete-draft', { on: TODAY }).expect(200);
    await vote(cspBoardChair, reviewId, 'csp').expect(200);
    await vote(both1, reviewId, 'csp').expect(200);
    expect((await status(reviewId)).csp.complete).toBe(true);

    const changed = await api
      .http()
      .patch(`/api/reviews/${reviewId}/recommendations/${recommendation.id}`)
      .set('Authorization', `Bearer ${chair.token}`)
      .set('If-Match', '"1"')
      .send({ text: 'Agencies share risk information about repeat callers within 24 hours.' })
      .expect(200);
    expect(changed.body).toMatchObject({
      version: 2,
      withdrawnSignOffs: ['csp'],
      text: 'Agencies share risk information about repeat callers within 24 hours.',
    });
    const review = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body;
    expect(review.signOffStatus.find((s: { board: string }) => s.board === 'csp')).toMatchObject({ approvals: 0, complete: false });
    expect(review.signOffs).toHaveLength(2);
    for (const vote of review.signOffs) expect(vote).toMatchObject({ withdrawnAt: expect.any(String), withdrawnReason: 'Recommendation 1 was changed' });
    const trail = (await api.get(manager, `/api/reviews/${reviewId}/audit?pageSize=100`).expect(200)).body.items;
    expect(trail.find((e: { action: string }) => e.action === 'recommendation.changed').changes).toMatchObject({
      withdrawnSignOffs: ['csp'],
      before: { version: 1 },
      after: { version: 2 },
    });
    // A stale version is refused; the members can vote again on the changed draft.
    await api
      .http()
      .patch(`/api/reviews/${reviewId}/recommendations/${recommendation.id}`)
      .set('Authorization', `Bearer ${chair.token}`)
      .set('If-Match', '"1"')
      .send({ level: 'regional' })
      .expect(409);
    await vote(cspBoardChair, reviewId, 'csp').expect(200);
    expect((await status(reviewId)).csp).toEqual({ complete: false, approvals: 1 });
  });

  it('keeps every progress update of an action, and closes the review only when every action is finished', async () => {
    const reviewId = await draftingReview();
    const recommendation = (await recommend(reviewId).expect(201)).body;
    const action = (
      await api
        .post(chair, `/api/reviews/${reviewId}/recommendations/${recommendation.id}/actions`, {
          description: 'Train call handlers on the repeat-caller flag.',
          owningAgency: 'cheshire-police',
          leadUserId: police.id,
          dueOn: '2026-06-30',
        })
        .expect(201)
    ).body;
    expect(action).toMatchObject({
      status: 'not-started',
      dueOn: '2026-06-30',
      owningAgencyName: 'Cheshire Police',
      leadUserId: police.id,
      history: [],
      overdue: false,
    });
    const second = (
      await api
        .post(manager, `/api/reviews/${reviewId}/recommendations/${recommendation.id}/actions`, {
          description: 'Review the housing referral form.',
          owningAgency: 'housing',
          dueOn: '2026-07-31',
        })
        .expect(201)
    ).body;

    // The agency's action owner sees and updates their own agency's actions only.
    const mine = (await api.get(police, '/api/actions').expect(200)).body;
    expect(mine.items.map((a: { id: string }) => a.id)).toEqual([action.id]);
    await api.post(housing, `/api/actions/${action.id}/updates`, { status: 'in-progress', on: TODAY }).expect(404);
    await api.post(police, `/api/actions/${action.id}/updates`, { status: 'in-progress', note: 'Sessions booked.', on: '2026-03-02' }).expect(201);
    api.clock.setDate('2026-04-10');
    await api.post(police, `/api/actions/${action.id}/updates`, { status: 'in-progress', note: 'Half the handlers trained.', on: '2026-04-10' }).expect(201);
    expect((await api.post(police, `/api/actions/${action.id}/updates`, { status: 'cannot-complete', on: '2026-04-10' }).expect(400)).body.errors).toEqual([
      expect.objectContaining({ field: 'reason' }),
    ]);
    // The plan is not signed off yet: the agency may not mark its action complete.
    const early = await api.post(police, `/api/actions/${action.id}/updates`, { status: 'complete', note: 'All trained.', on: '2026-04-10' }).expect(409);
    expect(early.body).toMatchObject({ code: 'conflict', planSignedOff: false });
    expect(early.body.detail).toMatch(/^The action plan is not signed off yet/);

    // Drive on to monitoring; closing waits for the housing action.
    await uploadReport(api, chair, reviewId);
    await api.action(chair, reviewId, 'complete-draft', { on: '2026-04-10' }).expect(200);
    for (const [member, board] of [
      [cspBoardChair, 'csp'],
      [both1, 'csp'],
      [dabBoardChair, 'dab'],
      [both1, 'dab'],
    ] as const)
      await api.action(member, reviewId, 'sign-off', { decision: 'approve', board, on: '2026-04-10' }).expect(200);
    // Every board has signed off: now it may.
    const done = (await api.post(police, `/api/actions/${action.id}/updates`, { status: 'complete', note: 'All trained.', on: '2026-04-10' }).expect(201)).body;
    expect(done.history.map((h: { status: string; note: string }) => [h.status, h.note])).toEqual([
      ['in-progress', 'Sessions booked.'],
      ['in-progress', 'Half the handlers trained.'],
      ['complete', 'All trained.'],
    ]);
    expect(done).toMatchObject({ status: 'complete', completedOn: '2026-04-10' });
    const review = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body;
    expect(review.deadlines.find((d: { key: string }) => d.key === `action:${action.id}`)).toMatchObject({ status: 'met', completedOn: '2026-04-10' });
    await api.action(manager, reviewId, 'submit-to-home-office', { submittedOn: '2026-04-10' }).expect(200);
    await api.action(manager, reviewId, 'record-qa-outcome', { outcome: 'approved', receivedOn: '2026-04-10' }).expect(200);
    await api.action(manager, reviewId, 'record-family-told-of-publication', { toldOn: '2026-04-10' }).expect(200);
    await api
      .action(manager, reviewId, 'publish', { publishedOn: '2026-04-10', url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true })
      .expect(200);
    const refused = await api.action(manager, reviewId, 'close', { on: '2026-04-10' }).expect(409);
    expect(refused.body).toMatchObject({ openActions: 1 });
    await api
      .post(housing, `/api/actions/${second.id}/updates`, { status: 'cannot-complete', reason: 'The form is being replaced nationally.', on: '2026-04-10' })
      .expect(201);
    // The Home Office was told of the decision long ago, and the Commissioner has the report: recorded so, closing is no longer held back by them.
    await api.action(manager, reviewId, 'record-home-office-notice', { sentOn: '2026-02-12' }).expect(200);
    await api.action(manager, reviewId, 'record-commissioner-copy', { sentOn: '2026-04-10' }).expect(200);
    expect((await api.action(manager, reviewId, 'close', { on: '2026-04-10' }).expect(200)).body.stage).toBe('closed');
    api.clock.setDate(TODAY);
  });

  it('chases an action’s lead before it is due and escalates when it is overdue', async () => {
    const sink = await SmtpSink.start();
    const worker = await TestWorker.start(api, sink.url);
    try {
      api.clock.set('2026-03-02T10:00:00Z');
      const reviewId = await draftingReview();
      const recommendation = (await recommend(reviewId).expect(201)).body;
      await api
        .post(chair, `/api/reviews/${reviewId}/recommendations/${recommendation.id}/actions`, {
          description: 'Audit 20 repeat calls.',
          owningAgency: 'cheshire-police',
          leadUserId: police.id,
          dueOn: '2026-03-20',
        })
        .expect(201);
      await api
        .post(chair, `/api/reviews/${reviewId}/recommendations/${recommendation.id}/actions`, {
          description: 'Publish the new housing leaflet.',
          owningAgency: 'housing',
          dueOn: '2026-03-20',
        })
        .expect(201);
      await worker.settle();
      const reference = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body.reference;
      // Set 18 days ahead, past the 28-day moment: one catch-up reminder at once, then the 14-day one.
      expect(sink.to(police.email).map((m) => m.subject)).toEqual([
        `${reference}: Action 1 on recommendation 1 (Cheshire Police) is due in 18 days (Friday 20 March 2026)`,
      ]);
      api.clock.set('2026-03-06T09:05:00Z'); // 14 days before Friday 20 March
      await worker.reconcileAndSettle();
      expect(
        sink
          .to(police.email)
          .map((m) => m.subject)
          .slice(1),
      ).toEqual([`${reference}: Action 1 on recommendation 1 (Cheshire Police) is due in 14 days (Friday 20 March 2026)`]);
      // No lead for the housing action: the housing action owners are chased.
      expect(
        sink
          .to(housing.email)
          .map((m) => m.subject)
          .slice(1),
      ).toEqual([`${reference}: Action 2 on recommendation 1 (Housing) is due in 14 days (Friday 20 March 2026)`]);

      api.clock.set('2026-03-23T09:05:00Z'); // Monday: the working day after the due date
      await worker.reconcileAndSettle();
      expect(
        sink
          .to(police.email)
          .map((m) => m.subject)
          .pop(),
      ).toBe(`${reference}: OVERDUE by 3 days — Action 1 on recommendation 1 (Cheshire Police) was due (Friday 20 March 2026)`);
      expect(sink.to(cspChair.email).some((m) => m.subject?.includes('OVERDUE by 3 days — Action 1 on recommendation 1 (Cheshire Police)'))).toBe(true);
      const overdue = (await api.get(police, '/api/actions').expect(200)).body.items.find(
        (a: { description: string }) => a.description === 'Audit 20 repeat calls.',
      );
      expect(overdue.overdue).toBe(true);
    } finally {
      await worker.stop();
      await sink.stop();
      api.clock.setDate(TODAY);
    }
  });
});
