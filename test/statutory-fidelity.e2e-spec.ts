import { ActionRegistry } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { actOn, uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

interface Source {
  kind: string;
  cite: string;
}
interface Deadline {
  key: string;
  dueOn: string;
  originalDueOn: string;
  status: string;
  overdue: boolean;
  pausedDays: number;
  movedByPause: boolean;
  basis: string;
  citation: string;
  sources: Source[];
}
const deadline = (review: { deadlines: Deadline[] }, key: string): Deadline => {
  const found = review.deadlines.find((d) => d.key === key);
  if (!found) throw new Error(`no deadline ${key} in ${review.deadlines.map((d) => d.key).join(', ')}`);
  return found;
};
const KINDS = ['act', 'regulations', 'statutory-guidance', 'proposal', 'local-practice'];
const sourced = (sources: Source[] | undefined) =>
  Array.isArray(sources) && sources.length > 0 && sources.every((s) => KINDS.includes(s.kind) && s.cite.trim());

describe('Statutory fidelity: sources, pauses, the Commissioner copy and editions not in force', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser, chair: TestUser, board: TestUser;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    board = await api.boardMember();
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
  });
  afterAll(() => api.stop());

  it('GET /api/rulesets shows a source on every clock, criterion, precedence, guard and pause rule', async () => {
    const rulesets = (await api.get(manager, '/api/rulesets').expect(200)).body as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(rulesets.map((r) => r.key)).toEqual(['dardr-2024-draft-v4', 'dhr-2016-v4', 'owhr-2023-v4']);
    for (const ruleset of rulesets) {
      for (const [key, rule] of Object.entries(ruleset.deadlines as Record<string, { source: Source[]; basis: string }>)) {
        expect({ key, sourced: sourced(rule.source), basis: rule.basis.length > 0 }).toEqual({ key, sourced: true, basis: true });
      }
      for (const criterion of ruleset.criteria)
        expect({ criterion: criterion.key, sourced: sourced(criterion.source) }).toEqual({ criterion: criterion.key, sourced: true });
      if (ruleset.precedence) expect(sourced(ruleset.precedence.source)).toBe(true);
      const guards = new Set(Object.values(ruleset.actions as Record<string, { guards?: string[] }>).flatMap((a) => a.guards ?? []));
      for (const guard of guards) expect({ guard, sourced: sourced(ruleset.guardSources[guard]) }).toEqual({ guard, sourced: true });
      expect(sourced(ruleset.pause.source)).toBe(true);
      expect(sourced(ruleset.retention.source)).toBe(true);
    }
    const dhr = rulesets.find((r) => r.key === 'dhr-2016-v4')!;
    expect(dhr.deadlines.review.source).toEqual([{ kind: 'statutory-guidance', cite: '2016 statutory guidance, section 5 (timescales)' }]);
    // The Commissioner copy: the duty is the Act's, the day count local practice.
    expect(dhr.deadlines['commissioner-copy'].source.map((s: Source) => s.kind)).toEqual(['act', 'local-practice']);
    expect(dhr.deadlines['commissioner-copy'].source[0].cite).toMatch(/^DVCVA 2004 s\.9\(3B\)-\(3C\)/);
    expect(dhr.pause.moves).toEqual(['review', 'information-request']);
  });

  it('labels the DARDR draft for what it is: not in force, never a default, reporting to the Secretary of State and the Commissioner', async () => {
    const rulesets = (await api.get(manager, '/api/rulesets').expect(200)).body;
    const draft = rulesets.find((r: { key: string }) => r.key === 'dardr-2024-draft-v4');
    expect(draft).toMatchObject({ inForce: false, default: false, enabledByDefault: false });
    expect(draft.status).toMatch(/not in force/i);
    expect(draft.status).toMatch(/Victims and Prisoners Act 2024 s\.19/);
    const cites = (key: string) => draft.deadlines[key].source.map((s: Source) => s.cite).join(' | ');
    expect(cites('review')).toMatch(/s\.8A\(4\)/); // the report to the Secretary of State
    expect(cites('commissioner-copy')).toMatch(/s\.8A\(5\)/); // and to the Commissioner
    expect(draft.criteria.map((c: { key: string }) => c.key)).toEqual(['victim-16-or-over', 'suspect-16-or-over', 'personally-connected']);

    const types = (await api.get(admin, '/api/admin/review-types').expect(200)).body;
    expect(types.find((t: { type: string }) => t.type === 'DHR')).toMatchObject({ defaultRuleset: 'dhr-2016-v4', name: 'Domestic Homicide Review' });
    const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-01' })).expect(201)).body;
    expect(review.ruleset).toBe('dhr-2016-v4');
  });

  it('keeps the Home Office notice date through a 30-day pause and moves the review date; the page says which and why', async () => {
    const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-01' })).expect(201)).body;
    const id = review.id;
    await actOn(api, cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-03-02', rationale: 'Fictional: the criteria are met.' }, '2026-03-02');
    await actOn(
      api,
      cspChair,
      id,
      'pause',
      { reason: 'Fictional: the criminal trial is listed.', startedOn: '2026-03-02', category: 'criminal-proceedings' },
      '2026-03-02',
    );

    // Paused, the notice keeps running: it falls due, is overdue and chased, while the review's own clock is paused.
    api.clock.setDate('2026-03-20');
    let paused = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(deadline(paused, 'home-office-notice')).toMatchObject({ dueOn: '2026-03-09', status: 'missed', overdue: true, movedByPause: false });
    expect(deadline(paused, 'review')).toMatchObject({ dueOn: '2026-09-02', status: 'paused', overdue: false, movedByPause: true });
    const overdueList = (await api.get(manager, `/api/deadlines?reviewId=${id}&status=missed`).expect(200)).body;
    expect(overdueList.items.map((d: { key: string }) => d.key)).toEqual(['home-office-notice']);

    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    const page = pageText((await web.get(`/reviews/${id}`)).text);
    expect(page).toContain('Paused since 2 March 2026: criminal proceedings. Fictional: the criminal trial is listed.');
    expect(paused.pauses).toEqual([expect.objectContaining({ category: 'criminal-proceedings', categoryName: 'Criminal proceedings', endedOn: null })]);
    expect(page).toContain('Not moved by the pause: statutory notice.');
    expect(page).toContain('Due 2 September 2026: six months from the decision to hold a review, 2016 statutory guidance, section 5 (timescales)');
    expect(page).toMatch(
      /Due 9 March 2026: 7 days from the decision, 2016 statutory guidance, section 3: the Home Office is told of every decision; Safer Halton Partnership: 7 days/,
    );

    await actOn(api, cspChair, id, 'resume', { on: '2026-04-01' }, '2026-04-01');
    paused = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(deadline(paused, 'home-office-notice')).toMatchObject({ dueOn: '2026-03-09', originalDueOn: '2026-03-09', pausedDays: 0 });
    expect(deadline(paused, 'review')).toMatchObject({ dueOn: '2026-10-02', originalDueOn: '2026-09-02', pausedDays: 30 });
    expect(deadline(paused, 'review').basis).toBe('six months from the decision to hold a review');
    expect(deadline(paused, 'review').citation).toBe('2016 statutory guidance, section 5 (timescales)');
  });

  it('asks for the copy to the Domestic Abuse Commissioner once the report is completed, and records it', async () => {
    const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-01' })).expect(201)).body;
    const id = review.id;
    await actOn(api, cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-03-02', rationale: 'Fictional: the criteria are met.' }, '2026-03-02');
    await actOn(api, manager, id, 'record-home-office-notice', { sentOn: '2026-03-03' }, '2026-03-03');
    await actOn(api, manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-03-04' }, '2026-03-04');
    await actOn(api, chair, id, 'agree-terms-of-reference', { agreedOn: '2026-03-05' }, '2026-03-05');
    await actOn(api, chair, id, 'complete-information', { on: '2026-04-01' }, '2026-04-01');
    await uploadReport(api, chair, id);
    await actOn(api, chair, id, 'complete-draft', { on: '2026-05-01' }, '2026-05-01');
    await actOn(api, board, id, 'sign-off', { decision: 'approve', board: 'csp', on: '2026-05-05' }, '2026-05-05');
    await actOn(api, board, id, 'sign-off', { decision: 'approve', board: 'dab', on: '2026-05-05' }, '2026-05-05');
    await actOn(api, manager, id, 'submit-to-home-office', { submittedOn: '2026-05-06' }, '2026-05-06');
    let now = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(now.deadlines.map((d: Deadline) => d.key)).not.toContain('commissioner-copy'); // not yet: the panel may send it back
    await actOn(api, manager, id, 'record-qa-outcome', { outcome: 'approved', receivedOn: '2026-07-01' }, '2026-07-01');
    now = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(deadline(now, 'commissioner-copy')).toMatchObject({ dueOn: '2026-07-08', status: 'open', movedByPause: false });
    expect(now.availableActions).toContain('record-commissioner-copy');
    await actOn(api, manager, id, 'record-commissioner-copy', { sentOn: '2026-07-03' }, '2026-07-03');
    now = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    expect(deadline(now, 'commissioner-copy')).toMatchObject({ status: 'met' });
    const again = await api.action(manager, id, 'record-commissioner-copy', { sentOn: '2026-07-03' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('guard-failed');
  });

  it('opens new reviews under the edition that supersedes another, whichever was installed last', async () => {
    const rulesets = api.app.get(RulesetsService);
    const base = (await api.get(manager, '/api/rulesets').expect(200)).body.find((r: { key: string }) => r.key === 'owhr-2023-v4');
    const fixed = { ...base, key: 'owhr-test-fixed', supersedes: ['owhr-test-old'] };
    const old = { ...base, key: 'owhr-test-old', supersedes: undefined };
    delete old.supersedes;
    const vocabulary = api.app.get(ActionRegistry).vocabulary();
    // The old edition arrives after the one that puts it right (an installation that kept the old file).
    await api.asSystem(() => rulesets.install([{ file: 'owhr-test-fixed.json', definition: fixed }], vocabulary));
    await api.asSystem(() => rulesets.install([{ file: 'owhr-test-old.json', definition: old }], vocabulary));
    const types = (await api.get(admin, '/api/admin/review-types').expect(200)).body;
    const owhr = types.find((t: { type: string }) => t.type === 'OWHR');
    expect(owhr).toMatchObject({ defaultRuleset: 'owhr-test-fixed' });
    expect(owhr.editionDetails.find((e: { key: string }) => e.key === 'owhr-test-old')).toMatchObject({ supersededBy: 'owhr-test-fixed' });
  });

  it('says on the review, in the API and on its page, when the rules it runs under are not in force', async () => {
    await api
      .http()
      .put('/api/admin/review-types/DHR')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ defaultRuleset: 'dardr-2024-draft-v4' })
      .expect(200);
    const review = (
      await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-01', suspectRelationship: 'partner', suspectAgeAtDeath: 39 })).expect(201)
    ).body;
    expect(review).toMatchObject({ ruleset: 'dardr-2024-draft-v4', typeName: 'Domestic Abuse Related Death Review', criteriaWarnings: [] });
    expect(review.rulesetNotInForce).toMatch(/^Draft, not in force/);
    const web = new WebClient(api);
    await web.signIn(manager.email, PASSWORD);
    expect(pageText((await web.get(`/reviews/${review.id}`)).text)).toContain('Warning This review runs under rules not in force. Draft, not in force');
    const held = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-03-01' })).expect(201)).body;
    expect(held.criteriaWarnings.map((w: { key: string }) => w.key)).toEqual(['suspect-16-or-over', 'personally-connected']);
    const dhr = (await api.get(manager, '/api/rulesets').expect(200)).body.find((r: { key: string }) => r.key === 'dhr-2016-v4');
    expect(dhr.inForce).toBe(true);
  });
});
