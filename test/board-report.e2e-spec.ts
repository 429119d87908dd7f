import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { notification, TestApi, TestUser } from './support/test-app';

type Counts = { notStarted: number; inProgress: number; complete: number; cannotComplete: number; total: number };
const actions = (notStarted: number, inProgress: number, complete: number, cannotComplete = 0): Counts => ({
  notStarted,
  inProgress,
  complete,
  cannotComplete,
  total: notStarted + inProgress + complete + cannotComplete,
});
const deadlines = (met: number, missed: number, open: number) => ({ met, missed, open, total: met + missed + open });
const NONE = actions(0, 0, 0);

const STAGES = ['notification', 'decision', 'set-up', 'information', 'drafting', 'sign-off', 'home-office-qa', 'publication', 'monitoring', 'closed'];
const PRIORITIES = [
  'anti-social-behaviour',
  'domestic-abuse-vawg',
  'serious-organised-crime',
  'integrated-offender-management',
  'counter-terrorism-prevent',
  'hate-crime',
  'substance-misuse',
  'serious-violence',
  'road-safety',
];

/**
 * Six fictional reviews created through the API (one moved on to monitoring by SQL, standing in
 * for the journey dhr-lifecycle covers), and an action plan written straight into the tables
 * while its API is being built:
 *
 * | review | notified | where it is | deadlines due in 2026-Q3 |
 * | DHR-2026-001 Adult A | 10 Feb | monitoring | review 20 Aug, met 15 Jun |
 * | DHR-2026-002 Adult B | 20 Mar | closed (not held, decided 3 Jul) | Home Office notice 10 Jul, met 8 Jul |
 * | DHR-2026-003 Adult C | 2 Jul | information | decision 2 Aug, met 30 Jul; Home Office notice 6 Aug, met late 10 Aug |
 * | DHR-2026-004 Adult D | 15 Jul | decision | decision 15 Aug, never made: missed |
 * | DHR-2026-005 Adult E | 25 Aug | decision, paused from 10 Sep | decision 25 Sep: no pause stops it (open until then, missed after) |
 * | DHR-2026-006 Adult F | 1 Sep | decision | (decision due 1 Oct, in Q4) |
 *
 * DHR-2026-001's action plan: recommendation 1 (themes domestic abuse and VAWG, serious violence)
 * with Cheshire Police actions 1a (due 31 Aug, complete 28 Aug) and 1b (due 10 Sep, in progress);
 * recommendation 2 (theme substance misuse) with a Housing action 2a (due 31 Dec, no activity) and
 * an NHS Cheshire and Merseyside action 2b (due 25 Sep, no activity until it is completed on 2 Oct).
 */
describe('The quarterly progress report of a board', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, dabMember: TestUser, cspOnlyMember: TestUser, panel: TestUser, auditor: TestUser;
  const reviews: Record<string, string> = {};
  const actionIds: Record<string, string> = {};

  const act = async (user: TestUser, id: string, action: string, body: object, today: string) => {
    api.clock.setDate(today);
    const res = await api.action(user, id, action, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const create = async (pseudonym: string, notifiedOn: string) => {
    api.clock.setDate(notifiedOn);
    const res = await api
      .post(manager, '/api/reviews', notification({ notifiedOn, dateOfDeath: notifiedOn, victim: { pseudonym, ageAtDeath: 38, sex: 'female' } }))
      .expect(201);
    reviews[pseudonym] = res.body.id;
    return res.body.id as string;
  };
  const sql = (text: string, values: unknown[] = []) => api.db.query(text, values);
  const recommendation = async (reviewId: string, number: number, agency: string, themes: string[]) =>
    (
      await sql(
        `INSERT INTO recommendations (review_id, number, text, level, owning_agency_id, themes, outcome, created_at, updated_at)
         VALUES ($1, $2, 'A fictional recommendation.', 'local', (SELECT id FROM agencies WHERE code = $3), $4, 'A fictional outcome.', '2026-06-20T10:00:00Z', '2026-06-20T10:00:00Z')
         RETURNING id`,
        [reviewId, number, agency, themes],
      )
    ).rows[0].id as string;
  const action = async (name: string, recommendationId: string, reviewId: string, agency: string, dueOn: string, createdAt = '2026-06-20T10:00:00Z') => {
    const id = randomUUID();
    const deadline = await sql(
      `INSERT INTO deadlines (review_id, key, label, due_on, original_due_on, created_at) VALUES ($1, $2, 'An action of the action plan', $3, $3, $4) RETURNING id`,
      [reviewId, `action:${id}`, dueOn, createdAt],
    );
    await sql(
      `INSERT INTO recommendation_actions (id, recommendation_id, review_id, description, owning_agency_id, deadline_id, created_at)
       VALUES ($1, $2, $3, 'A fictional action.', (SELECT id FROM agencies WHERE code = $4), $5, $6)`,
      [id, recommendationId, reviewId, agency, deadline.rows[0].id, createdAt],
    );
    actionIds[name] = id;
  };
  /** Progress as the actions API records it: an appended update, the action's status, its deadline met when finished. */
  const progress = async (name: string, status: string, on: string) => {
    const id = actionIds[name];
    await sql(
      `INSERT INTO action_updates (action_id, status, note, on_date, recorded_at) VALUES ($1, $2, 'Fictional progress.', $3, $3::date + time '12:00')`,
      [id, status, on],
    );
    await sql('UPDATE recommendation_actions SET status = $2 WHERE id = $1', [id, status]);
    if (status === 'complete')
      await sql('UPDATE deadlines SET completed_on = $2 WHERE id = (SELECT deadline_id FROM recommendation_actions WHERE id = $1)', [id, on]);
  };
  const report = (user: TestUser, board: string, quarter: string) => api.get(user, `/api/boards/${board}/report?quarter=${quarter}`);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-10' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    panel = await api.user(['panel-member'], 'cheshire-police');
    auditor = await api.user(['auditor']);
    dabMember = await api.boardMember(['dab']);
    cspOnlyMember = await api.boardMember(['csp']);

    const a = await create('Adult A', '2026-02-10');
    await act(cspChair, a, 'decide', { outcome: 'hold', decidedOn: '2026-02-20', rationale: 'Fictional: criteria met.' }, '2026-02-20');
    await act(manager, a, 'record-home-office-notice', { sentOn: '2026-02-24' }, '2026-02-24');
    const b = await create('Adult B', '2026-03-20');
    // Standing in for the journey to monitoring: the review was submitted on 15 June.
    await sql(`UPDATE reviews SET stage = 'monitoring', board_visible = true WHERE id = $1`, [a]);
    await sql(`UPDATE deadlines SET completed_on = '2026-06-15' WHERE review_id = $1 AND key = 'review'`, [a]);
    const rec1 = await recommendation(a, 1, 'cheshire-police', ['domestic-abuse-vawg', 'serious-violence']);
    const rec2 = await recommendation(a, 2, 'housing', ['substance-misuse']);
    await action('1a', rec1, a, 'cheshire-police', '2026-08-31');
    await action('1b', rec1, a, 'cheshire-police', '2026-09-10');
    await action('2a', rec2, a, 'housing', '2026-12-31');
    await action('2b', rec2, a, 'nhs-cheshire-and-merseyside', '2026-09-25');
    await progress('1a', 'in-progress', '2026-07-01');
    await progress('1b', 'in-progress', '2026-07-15');
    await progress('1a', 'complete', '2026-08-28');

    const c = await create('Adult C', '2026-07-02');
    await act(
      cspChair,
      b,
      'decide',
      { outcome: 'not-held', decidedOn: '2026-07-03', rationale: 'Fictional: the death was not caused by abuse.' },
      '2026-07-03',
    );
    await act(manager, b, 'record-home-office-notice', { sentOn: '2026-07-08' }, '2026-07-08');
    await create('Adult D', '2026-07-15');
    await act(cspChair, c, 'decide', { outcome: 'hold', decidedOn: '2026-07-30', rationale: 'Fictional: criteria met.' }, '2026-07-30');
    await act(manager, c, 'record-home-office-notice', { sentOn: '2026-08-10' }, '2026-08-10');
    await act(manager, c, 'appoint-chair', { userId: chair.id, appointedOn: '2026-08-12' }, '2026-08-12');
    await act(chair, c, 'agree-terms-of-reference', { agreedOn: '2026-08-20' }, '2026-08-20');
    const e = await create('Adult E', '2026-08-25');
    await create('Adult F', '2026-09-01');
    await act(cspChair, e, 'pause', { reason: 'Fictional: inquest listed.', startedOn: '2026-09-10', category: 'inquest' }, '2026-09-10');
    api.clock.setDate('2026-09-15');
  });
  afterAll(() => api.stop());

  it('reports the running quarter as at today', async () => {
    const body = (
      await report(dabMember, 'dab', '2026-Q3')
        .expect(200)
        .expect('content-type', /application\/json/)
    ).body;
    expect(body).toMatchObject({
      board: { key: 'dab', name: 'Halton Domestic Abuse Board' },
      quarter: '2026-Q3',
      startsOn: '2026-07-01',
      endsOn: '2026-09-30',
      asAt: '2026-09-15',
    });

    // Three reviews at decision, one at information, one in monitoring, one closed; four notified in the quarter, one closed in it.
    expect(body.reviews.byStage.map((s: { stage: string; count: number }) => [s.stage, s.count])).toEqual(
      STAGES.map((stage) => [stage, { decision: 3, information: 1, monitoring: 1, closed: 1 }[stage] ?? 0]),
    );
    expect(body.reviews.byStage[3]).toEqual({ stage: 'information', label: 'Information gathering', count: 1 });
    expect(body.reviews).toMatchObject({ total: 6, openedInQuarter: 4, closedInQuarter: 1, stageNote: expect.stringMatching(/stage it is at now/) });

    // Due in the quarter: 4 met, 3 missed, 2 open (the paused review's decision among them, not yet due).
    expect(body.deadlines.overall).toEqual(deadlines(4, 3, 2));
    expect(body.deadlines.byKind.map(({ kind, met, missed, open, total }: Record<string, unknown>) => ({ kind, met, missed, open, total }))).toEqual([
      { kind: 'decision', ...deadlines(1, 1, 1) },
      { kind: 'home-office-notice', ...deadlines(1, 1, 0) },
      { kind: 'review', ...deadlines(1, 0, 0) },
      { kind: 'commissioner-copy', ...deadlines(0, 0, 0) },
      { kind: 'information-request', ...deadlines(0, 0, 0) },
      { kind: 'action', ...deadlines(1, 1, 1) },
      // Every kind the rulesets name is listed, none due here: the actions agreed at panel meetings (issue 16.3).
      { kind: 'meeting-action', ...deadlines(0, 0, 0) },
    ]);
    expect(body.deadlines.byKind[0].label).toBe('Decide whether to hold a review');

    // Cheshire Police: 1 complete, 1 in progress; Housing and NHS: 1 not started each (no activity at all).
    expect(body.actions.overall).toEqual(actions(2, 1, 1));
    expect(body.actions.byAgency).toEqual([
      { agency: 'cheshire-police', agencyName: 'Cheshire Police', ...actions(0, 1, 1) },
      { agency: 'housing', agencyName: 'Housing', ...actions(1, 0, 0) },
      { agency: 'nhs-cheshire-and-merseyside', agencyName: 'NHS Cheshire and Merseyside', ...actions(1, 0, 0) },
    ]);
    // An action counts under each theme of its recommendation; every priority is listed.
    expect(body.actions.byTheme.map((t: { theme: string } & Counts) => [t.theme, actions(t.notStarted, t.inProgress, t.complete, t.cannotComplete)])).toEqual(
      PRIORITIES.map((theme) => [
        theme,
        { 'domestic-abuse-vawg': actions(0, 1, 1), 'serious-violence': actions(0, 1, 1), 'substance-misuse': actions(2, 0, 0) }[theme] ?? NONE,
      ]),
    );
    expect(body.actions.byTheme[1]).toMatchObject({ name: 'Domestic abuse and violence against women and girls', total: 2 });

    expect(body.overdueActions).toEqual([
      {
        reviewReference: 'DHR-2026-001',
        victimPseudonym: 'Adult A',
        recommendationNumber: 1,
        agencyName: 'Cheshire Police',
        status: 'in-progress',
        dueOn: '2026-09-10',
        daysOverdue: 5,
      },
    ]);
    expect(body.latestCheckpoint).toBeNull();

    const [audit] = (await sql(`SELECT changes, boards, partnership_id FROM audit_entries WHERE action = 'board.report-viewed' ORDER BY seq DESC LIMIT 1`))
      .rows;
    expect(audit).toMatchObject({ changes: { board: 'dab', quarter: '2026-Q3', format: 'json' }, boards: ['dab'] });
  });

  it('stands at the quarter end once it is over: later progress and later actions stay out', async () => {
    // The board's checkpoints: one in September, one just after midnight on 1 October in London (23:30 UTC).
    await sql(`INSERT INTO board_checkpoints (board_id, seq, hash, recorded_at) SELECT id, 40, $1, '2026-09-20T09:00:00Z' FROM boards WHERE key = 'dab'`, [
      'a1'.repeat(32),
    ]);
    await sql(`INSERT INTO board_checkpoints (board_id, seq, hash, recorded_at) SELECT id, 41, $1, '2026-09-30T23:30:00Z' FROM boards WHERE key = 'dab'`, [
      'b2'.repeat(32),
    ]);
    api.clock.setDate('2026-10-05');
    await progress('2b', 'complete', '2026-10-02');
    const rec2 = (await sql('SELECT recommendation_id FROM recommendation_actions WHERE id = $1', [actionIds['2b']])).rows[0].recommendation_id;
    await action('3', rec2, reviews['Adult A'], 'probation', '2026-11-30', '2026-10-03T09:00:00Z');

    const q3 = (await report(dabMember, 'dab', '2026-Q3').expect(200)).body;
    expect(q3.asAt).toBe('2026-09-30');
    expect(q3.reviews).toMatchObject({ total: 6, openedInQuarter: 4, closedInQuarter: 1 });
    // 2b, completed on 2 October, was still outstanding and overdue on 30 September; so was the paused
    // review's decision (due 25 September: no Act or guidance stops it for a pause): 4 met, 5 missed.
    expect(q3.deadlines.overall).toEqual(deadlines(4, 5, 0));
    expect(q3.deadlines.byKind.find((k: { kind: string }) => k.kind === 'action')).toMatchObject(deadlines(1, 2, 0));
    expect(q3.actions.overall).toEqual(actions(2, 1, 1));
    expect(q3.actions.byAgency.map((a: { agencyName: string }) => a.agencyName)).toEqual(['Cheshire Police', 'Housing', 'NHS Cheshire and Merseyside']);
    expect(q3.overdueActions).toEqual([
      {
        reviewReference: 'DHR-2026-001',
        victimPseudonym: 'Adult A',
        recommendationNumber: 1,
        agencyName: 'Cheshire Police',
        status: 'in-progress',
        dueOn: '2026-09-10',
        daysOverdue: 20,
      },
      {
        reviewReference: 'DHR-2026-001',
        victimPseudonym: 'Adult A',
        recommendationNumber: 2,
        agencyName: 'NHS Cheshire and Merseyside',
        status: 'not-started',
        dueOn: '2026-09-25',
        daysOverdue: 5,
      },
    ]);
    expect(q3.latestCheckpoint).toEqual({ seq: 40, hash: 'a1'.repeat(32), recordedAt: '2026-09-20T09:00:00.000Z' });

    // The running quarter sees them: 2b complete, the Probation action, DHR-2026-006's decision missed on 1 October.
    const q4 = (await report(manager, 'dab', '2026-Q4').expect(200)).body;
    expect(q4.asAt).toBe('2026-10-05');
    expect(q4.actions.overall).toEqual(actions(2, 1, 2));
    expect(q4.deadlines.overall).toEqual(deadlines(0, 1, 2));
    expect(q4.overdueActions.map((a: { daysOverdue: number }) => a.daysOverdue)).toEqual([25]);
    expect(q4.latestCheckpoint.seq).toBe(41);
  });

  it('gives the same figures as CSV, for the format parameter or the Accept header', async () => {
    const res = await report(auditor, 'dab', '2026-Q3&format=csv')
      .expect(200)
      .expect('content-type', /^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="dab-report-2026-Q3.csv"/);
    const rows: Record<string, string>[] = parse(res.text, { columns: true });
    const row = (section: string, key: string) => rows.find((r) => r.section === section && r.key === key);
    expect(row('report', 'as-at')?.date).toBe('2026-09-30');
    expect(row('reviews-by-stage', 'decision')?.total).toBe('3');
    expect(row('reviews-by-stage', 'information')?.total).toBe('1');
    expect(row('reviews', 'opened-in-quarter')?.total).toBe('4');
    expect(row('reviews', 'closed-in-quarter')?.total).toBe('1');
    expect(row('deadlines', 'all')).toMatchObject({ met: '4', missed: '5', open: '0', total: '9' });
    expect(row('actions-by-agency', 'cheshire-police')).toMatchObject({ label: 'Cheshire Police', complete: '1', in_progress: '1', total: '2' });
    expect(row('actions-by-theme', 'domestic-abuse-vawg')).toMatchObject({ label: 'Domestic abuse and violence against women and girls', total: '2' });
    expect(rows.filter((r) => r.section === 'overdue-actions').map((r) => [r.key, r.recommendation, r.agency, r.date, r.days_overdue])).toEqual([
      ['DHR-2026-001', '1', 'Cheshire Police', '2026-09-10', '20'],
      ['DHR-2026-001', '2', 'NHS Cheshire and Merseyside', '2026-09-25', '5'],
    ]);
    expect(row('checkpoint', '40')?.label).toBe('a1'.repeat(32));

    const negotiated = await report(auditor, 'dab', '2026-Q3')
      .set('Accept', 'text/csv')
      .expect(200)
      .expect('content-type', /^text\/csv/);
    expect(negotiated.text).toBe(res.text);
  });

  it('gives a printable HTML page with the same figures and no script', async () => {
    const res = await report(dabMember, 'dab', '2026-Q3')
      .set('Accept', 'text/html')
      .expect(200)
      .expect('content-type', /^text\/html/);
    const page = res.text;
    expect(page).toMatch(/^<!DOCTYPE html>\s*<html lang="en">/);
    expect(page).toContain('<title>Halton Domestic Abuse Board: quarterly report, July to September 2026</title>');
    expect(page).toContain('@media print');
    for (const heading of ['Reviews by stage', 'Deadlines due in the quarter', 'Actions', 'Overdue actions', 'Audit checkpoint'])
      expect(page).toContain(`<h2>${heading}</h2>`);
    expect(page).toContain('<th scope="row">Decision</th><td class="n">3</td>');
    expect(page).toContain('<th scope="row">All deadlines</th><td class="n">4</td><td class="n">5</td><td class="n">0</td><td class="n">9</td>');
    expect(page).toMatch(/<th scope="row">Cheshire Police<\/th><td class="n">0<\/td><td class="n">1<\/td><td class="n">1<\/td>/);
    expect(page).toContain('<th scope="row">DHR-2026-001</th><td>Adult A</td><td class="n">2</td><td>NHS Cheshire and Merseyside</td>');
    expect(page).not.toMatch(/<script/i);
    expect((await report(dabMember, 'dab', '2026-Q3&format=html').expect(200)).text).toBe(page);

    const [audit] = (await sql(`SELECT changes FROM audit_entries WHERE action = 'board.report-viewed' ORDER BY seq DESC LIMIT 1`)).rows;
    expect(audit.changes).toEqual({ board: 'dab', quarter: '2026-Q3', format: 'html' });
  });

  it("is for the board's members and the CSP's managers, chairs and auditors only", async () => {
    const refused = await report(panel, 'dab', '2026-Q3').expect(403);
    expect(refused.body).toMatchObject({ reason: 'not-a-board-member', detail: expect.stringMatching(/Only members of the Halton Domestic Abuse Board/) });
    await report(cspOnlyMember, 'dab', '2026-Q3').expect(403);
    await report(cspOnlyMember, 'csp', '2026-Q3').expect(200);
    const board = (await api.get(dabMember, '/api/boards/dab').expect(200)).body;
    await report(dabMember, board.id, '2026-Q3').expect(200);
    for (const user of [manager, cspChair, auditor]) await report(user, 'dab', '2026-Q3').expect(200);

    await report(manager, 'no-such-board', '2026-Q3').expect(404);
    await report(manager, randomUUID(), '2026-Q3').expect(404);
  });

  it('refuses a quarter that is missing, malformed or still to come, naming it', async () => {
    for (const path of [
      '/api/boards/dab/report',
      '/api/boards/dab/report?quarter=2026-Q5',
      '/api/boards/dab/report?quarter=Q3-2026',
      '/api/boards/dab/report?quarter=2027-Q1',
    ]) {
      const res = await api.get(manager, path).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'quarter' })]);
    }
    const badFormat = await api.get(manager, '/api/boards/dab/report?quarter=2026-Q3&format=pdf').expect(400);
    expect(badFormat.body.errors).toEqual([expect.objectContaining({ field: 'format' })]);
  });
});
