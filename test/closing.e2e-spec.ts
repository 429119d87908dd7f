import { uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/**
 * A closed review leaves nothing open by accident (issue 14.9). Ending a review (closing it, a
 * decision not to hold one, a discontinuance) names every deadline still outstanding and stops
 * the clocks it no longer needs; a statutory notice must be recorded as sent, or as not sent with
 * a reason, before a review closes; and no ended review shows as overdue, only its notice as
 * outstanding. All people and cases are fictional.
 */
type Deadline = {
  key: string;
  dueOn: string;
  status: string;
  overdue: boolean;
  noticeOutstanding: boolean;
  notSentReason: string | null;
  statusNote: string | null;
};
type Review = { id: string; reference: string; stage: string; status: string; deadlines: Deadline[]; [k: string]: unknown };
type ListItem = { id: string; overdue: boolean; noticeOutstanding: boolean };

const deadline = (review: { deadlines: Deadline[] }, key: string): Deadline => {
  const found = review.deadlines.find((d) => d.key === key || d.key.startsWith(`${key}:`));
  if (!found) throw new Error(`no deadline ${key} in ${JSON.stringify(review.deadlines.map((d) => d.key))}`);
  return found;
};

describe('Closing a review leaves nothing open by accident', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser, chair: TestUser, board: TestUser;

  const act = async (user: TestUser, id: string, action: string, body: object, today?: string): Promise<Review & Record<string, unknown>> => {
    if (today) api.clock.setDate(today);
    const res = await api.action(user, id, action, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const open = async (body: object, today: string): Promise<Review> => {
    api.clock.setDate(today);
    return (await api.post(manager, '/api/reviews', body).expect(201)).body;
  };
  const read = async (id: string): Promise<Review> => (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
  const listed = async (id: string, query = ''): Promise<ListItem | undefined> =>
    (await api.get(manager, `/api/reviews?pageSize=100${query}`).expect(200)).body.items.find((r: ListItem) => r.id === id);
  const auditDetails = async (id: string, action: string) => {
    const trail = (await api.get(manager, `/api/reviews/${id}/audit?pageSize=100`).expect(200)).body.items;
    return trail.filter((e: { action: string }) => e.action === `review.action.${action}`).pop().changes.details;
  };
  const web = async (user: TestUser) => {
    const client = new WebClient(api);
    await client.signIn(user.email, PASSWORD);
    return client;
  };
  /** The row of the web review list for this reference, as a person reads it. */
  const listRow = (html: string, reference: string) =>
    pageText(new RegExp(`<tr[^>]*>(?:(?!</tr>).)*${reference}(?:(?!</tr>).)*</tr>`, 's').exec(html)?.[0] ?? '');

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-02' });
    admin = await api.admin();
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    board = await api.boardMember(['csp', 'dab'], 'Bailey Board');
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
    await api.http().put('/api/admin/review-types/OWHR').set('Authorization', `Bearer ${admin.token}`).send({ enabled: true }).expect(200);
  });
  afterAll(() => api.stop());

  it('names the Home Office notice a not-held decision leaves outstanding, never lists the review as overdue, and takes the notice as not sent only with a reason', async () => {
    const review = await open(notification({ notifiedOn: '2026-02-02', victim: { pseudonym: 'Adult N', ageAtDeath: 52, sex: 'male' } }), '2026-02-02');

    // The decision ends the review: the answer names the notice still owed, with its due date.
    const decided = await act(
      cspChair,
      review.id,
      'decide',
      { outcome: 'not-held', decidedOn: '2026-02-10', rationale: 'Fictional: the death was not domestic abuse related.' },
      '2026-02-10',
    );
    expect(decided).toMatchObject({ stage: 'closed', status: 'closed' });
    const owed = [{ key: 'home-office-notice', label: 'Tell the Home Office of the decision', dueOn: '2026-02-17' }];
    expect(decided.outstandingDeadlines).toEqual(owed);
    expect(decided.cancelledDeadlines).toEqual([]);
    expect((await auditDetails(review.id, 'decide')).outstandingDeadlines).toEqual(owed);
    // A plain read of the review carries no such answer: it belongs to the action that ended it.
    expect(await read(review.id)).not.toHaveProperty('outstandingDeadlines');

    // Past the notice's due date, the ended review is not overdue: its notice is outstanding.
    api.clock.setDate('2026-03-01');
    expect(deadline(await read(review.id), 'home-office-notice')).toMatchObject({ status: 'missed', overdue: false, noticeOutstanding: true });
    expect(await listed(review.id)).toMatchObject({ overdue: false, noticeOutstanding: true });
    expect(await listed(review.id, '&overdue=true')).toBeUndefined();
    expect(await listed(review.id, '&overdue=false')).toBeDefined();
    const asManager = await web(manager);
    const list = await asManager.get('/reviews');
    expect(listRow(list.text, review.reference)).toContain('Notice outstanding');
    expect(listRow(list.text, review.reference)).not.toContain('Overdue');
    // Still the manager's to chase: on My work, as a notice outstanding.
    const myWork = await asManager.get('/my-work');
    expect(listRow(myWork.text, review.reference)).toMatch(/Tell the Home Office of the decision .*Notice outstanding/);

    // Recorded as not sent: a reason is required, and only a statutory notice outstanding will do.
    const noReason = await api.action(manager, review.id, 'record-notice-not-sent', { deadline: 'home-office-notice' }).expect(400);
    expect(noReason.body).toMatchObject({ code: 'invalid-input' });
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const notANotice = await api.action(manager, review.id, 'record-notice-not-sent', { deadline: 'decision', reason: 'Fictional.' }).expect(400);
    expect(notANotice.body).toMatchObject({ code: 'invalid-input', errors: [{ field: 'deadline', message: expect.stringContaining('home-office-notice') }] });
    const reason = 'Fictional: the Home Office confirmed in writing it had been told by the police.';
    const recorded = await act(manager, review.id, 'record-notice-not-sent', { deadline: 'home-office-notice', reason, decidedOn: '2026-02-27' });
    expect(deadline(recorded, 'home-office-notice')).toMatchObject({
      status: 'cancelled',
      overdue: false,
      noticeOutstanding: false,
      notSentReason: reason,
      statusNote: `Recorded as not sent: ${reason}`,
    });
    expect(recorded.availableActions).toEqual([]);
    expect(await auditDetails(review.id, 'record-notice-not-sent')).toEqual({
      deadline: 'home-office-notice',
      label: 'Tell the Home Office of the decision',
      dueOn: '2026-02-17',
      notSentOn: '2026-02-27',
      reason,
    });
    const deadlines = (await api.get(manager, `/api/deadlines?reviewId=${review.id}`).expect(200)).body.items;
    expect(deadlines.find((d: Deadline) => d.key === 'home-office-notice')).toMatchObject({
      status: 'cancelled',
      statusNote: `Recorded as not sent: ${reason}`,
    });
    expect(await listed(review.id)).toMatchObject({ overdue: false, noticeOutstanding: false });
    expect(pageText((await asManager.get(`/reviews/${review.id}`)).text)).toContain(`Not sent Recorded as not sent: ${reason}`);

    // Nothing is left to record as not sent.
    const again = await api.action(manager, review.id, 'record-notice-not-sent', { deadline: 'home-office-notice', reason }).expect(409);
    expect(again.body).toMatchObject({ code: 'guard-failed', guard: 'statutory-notice-outstanding' });
  });

  it('refuses to close a review at monitoring while its Home Office notice is outstanding, then closes it, naming the clocks it stopped', async () => {
    const review = await open(notification({ notifiedOn: '2026-02-02', victim: { pseudonym: 'Adult M', ageAtDeath: 38, sex: 'female' } }), '2026-02-02');
    const id = review.id;
    await act(cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-02-05', rationale: 'Fictional: the criteria are met.' }, '2026-02-05');
    await act(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-06' }, '2026-02-06');
    await act(chair, id, 'agree-terms-of-reference', { agreedOn: '2026-02-07' }, '2026-02-07');
    await act(chair, id, 'request-information', { agency: 'housing', description: 'Fictional: tenancy records.', dueOn: '2026-04-30' }, '2026-02-08');
    // Going on without the agency's answer is allowed, never by accident: the reason is asked for and kept.
    api.clock.setDate('2026-02-09');
    const noReason = await api.action(chair, id, 'complete-information', { on: '2026-02-09' }).expect(400);
    expect(noReason.body.errors).toEqual([
      {
        field: 'unansweredReason',
        message: expect.stringMatching(
          /^is required: An information request is still unanswered \(Fictional: tenancy records\.\); say why the review goes on without it$/,
        ),
      },
    ]);
    const movedOn = await act(
      chair,
      id,
      'complete-information',
      { on: '2026-02-09', unansweredReason: 'Fictional: housing will answer during drafting.' },
      '2026-02-09',
    );
    expect((movedOn.history as { action: string; note: string | null }[]).at(-1)).toMatchObject({
      action: 'complete-information',
      note: 'Went on with an information request unanswered: Fictional: housing will answer during drafting.',
    });
    await uploadReport(api, chair, id);
    await act(chair, id, 'complete-draft', { on: '2026-02-10', unansweredReason: 'Fictional: the draft stands without it.' }, '2026-02-10');
    await act(board, id, 'sign-off', { decision: 'approve', board: 'csp', on: '2026-02-11' }, '2026-02-11');
    await act(board, id, 'sign-off', { decision: 'approve', board: 'dab', on: '2026-02-11' });
    await act(manager, id, 'submit-to-home-office', { submittedOn: '2026-02-12' }, '2026-02-12');
    await act(manager, id, 'record-qa-outcome', { outcome: 'approved', receivedOn: '2026-02-13' }, '2026-02-13');
    await act(manager, id, 'record-family-told-of-publication', { toldOn: '2026-02-14' }, '2026-02-14');
    const monitoring = await act(
      manager,
      id,
      'publish',
      { publishedOn: '2026-02-14', url: 'https://www.example.gov.uk/reviews/fictional-report', qaLetterPublished: true },
      '2026-02-14',
    );
    expect(monitoring.stage).toBe('monitoring');
    await act(manager, id, 'record-commissioner-copy', { sentOn: '2026-02-15' }, '2026-02-15');

    // The Home Office was never told: the close is refused, naming the notice, its date and the ways on.
    api.clock.setDate('2026-02-16');
    const refused = await api.action(manager, id, 'close', { on: '2026-02-16' }).expect(409);
    expect(refused.body).toMatchObject({
      code: 'guard-failed',
      guard: 'no-statutory-notice-outstanding',
      outstandingNotices: [
        { key: 'home-office-notice', label: 'Tell the Home Office of the decision', dueOn: '2026-02-12', recordSentWith: 'record-home-office-notice' },
      ],
    });
    expect(refused.body.detail).toBe(
      'A statutory notice is still outstanding: Tell the Home Office of the decision (due 12 February 2026). Record it as sent (record-home-office-notice), or as not sent with the reason (record-notice-not-sent), then close the review.',
    );
    expect((await read(id)).stage).toBe('monitoring');

    const blank = await api.action(manager, id, 'record-notice-not-sent', { deadline: 'home-office-notice', reason: '   ' }).expect(400);
    expect(blank.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    await act(cspChair, id, 'record-notice-not-sent', {
      deadline: 'home-office-notice',
      reason: 'Fictional: the Home Office was told by the police, who confirmed it.',
    });

    // The close goes ahead (through the review page) and stops the information request no one answered.
    const asManager = await web(manager);
    await asManager.get(`/reviews/${id}`);
    const closed = await asManager.post(`/reviews/${id}/actions/close`, { 'on-day': '16', 'on-month': '2', 'on-year': '2026' });
    expect(closed.status).toBe(303);
    const page = pageText((await asManager.get(closed.headers.location as string)).text);
    expect(page).toContain('Close the review: done. Stopped as no longer needed: Information from Housing (due 30 April 2026).');
    expect(page).not.toContain('Still outstanding');

    const after = await read(id);
    expect(after).toMatchObject({ stage: 'closed', status: 'closed' });
    expect(deadline(after, 'information-request')).toMatchObject({ status: 'cancelled', notSentReason: null, statusNote: null });
    expect(after.deadlines.filter((d) => d.status !== 'met' && d.status !== 'missed' && d.status !== 'cancelled')).toEqual([]);
    const details = await auditDetails(id, 'close');
    expect(details.deadlinesCancelled).toEqual([deadline(after, 'information-request').key]);
    expect(details.outstandingDeadlines).toEqual([]);
  });

  it('does not show a discontinued OWHR as overdue while its discontinuance notice is outstanding', async () => {
    const owhr = await open(
      notification({
        type: 'OWHR',
        notifiedOn: '2026-02-02',
        dateOfDeath: '2026-01-30',
        victim: { pseudonym: 'Adult W', ageAtDeath: 27, sex: 'male' },
        offensiveWeaponInvolved: true,
        suspectRelationship: 'acquaintance',
      }),
      '2026-02-02',
    );
    const id = owhr.id;
    await act(cspChair, id, 'decide', { outcome: 'under-a-duty', decidedOn: '2026-02-05', rationale: 'Fictional: a knife was used.' }, '2026-02-05');
    await act(manager, id, 'notify-secretary-of-state', { sentOn: '2026-02-06' }, '2026-02-06');

    // Discontinued, answered briefly: the notice it owes is named, and the review clock it stopped.
    api.clock.setDate('2026-02-20');
    const brief = await api
      .action(cspChair, id, 'discontinue', { on: '2026-02-20', reason: 'Fictional: the conditions are found not to be met.' })
      .set('Prefer', 'return=minimal')
      .expect(200);
    expect(brief.body).toEqual({
      id,
      reference: owhr.reference,
      stage: 'discontinued',
      status: 'closed',
      version: expect.any(Number),
      outstandingDeadlines: [{ key: 'sos-discontinuance-notice', label: 'Tell the Secretary of State the review was discontinued', dueOn: '2026-03-20' }],
      cancelledDeadlines: [{ key: 'review', label: 'Complete the review and send the report to the Secretary of State', dueOn: '2027-02-05' }],
    });

    // A month and more later the notice is late, but the review is not overdue anywhere.
    api.clock.setDate('2026-04-01');
    const review = await read(id);
    expect(deadline(review, 'sos-discontinuance-notice')).toMatchObject({ status: 'missed', overdue: false, noticeOutstanding: true });
    expect(await listed(id)).toMatchObject({ overdue: false, noticeOutstanding: true });
    expect(await listed(id, '&overdue=true')).toBeUndefined();
    const missed = (await api.get(manager, `/api/deadlines?status=missed&reviewId=${id}`).expect(200)).body.items;
    expect(missed).toEqual([expect.objectContaining({ key: 'sos-discontinuance-notice', overdue: false, noticeOutstanding: true })]);

    // Every review of this file has now ended: the board's dashboard counts nothing overdue, and
    // shows the notice apart.
    const asManager = await web(manager);
    const dashboard = await asManager.get('/boards/csp');
    expect(dashboard.status).toBe(200);
    const counted = (name: string) => Number(new RegExp(`id="${name}"><span[^>]*>(\\d+)<`).exec(dashboard.text)?.[1]);
    expect(counted('count-overdue-deadlines')).toBe(0);
    expect(counted('count-in-progress')).toBe(0);
    const text = pageText(dashboard.text);
    expect(text).toContain(`Notices outstanding on ended reviews`);
    expect(text).toContain(`${owhr.reference} Tell the Secretary of State the review was discontinued 20 March 2026 Notice outstanding`);
    expect(text).not.toContain('DHR-2026-');
    const list = await asManager.get('/reviews?type=OWHR');
    expect(listRow(list.text, owhr.reference)).toContain('Notice outstanding');
    expect(listRow(list.text, owhr.reference)).not.toContain('Overdue');
  });
});
