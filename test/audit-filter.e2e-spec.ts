import { reviewAtSignOffWithAction } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

const TODAY = '2026-03-02';

type Entry = { seq: number; action: string; actorId: string | null };

/**
 * Issue 17, points 4 and 6: the audit trail is readable (changes by default, newest first, who
 * viewed behind a filter, by person and kind; nothing dropped from the chain); votes name who cast
 * them; an agency cannot complete an action before the plan is signed off; deadlines of the same
 * kind on one review are told apart; a DHR of a victim under 16 is flagged from the moment it is
 * logged. Everyone and everything here is fictional.
 */
describe('the audit filter, and the integrity of votes, actions, deadline labels and criteria', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, housingOwner: TestUser, ash: TestUser, blair: TestUser;
  let reviewId = '';

  const signedIn = async (user: TestUser) => {
    const web = new WebClient(api);
    await web.signIn(user.email, PASSWORD);
    return web;
  };
  const trail = async (query = '') => (await api.get(manager, `/api/reviews/${reviewId}/audit${query}`).expect(200)).body as { items: Entry[]; total: number };
  const auditSection = (html: string) => pageText(html.slice(html.indexOf('id="audit"')));
  /** The audit table's rows, without the filters' choices. */
  const auditRows = (html: string) => auditSection(html).split('When What By')[1] ?? '';

  beforeAll(async () => {
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    housingOwner = await api.user(['agency-action-owner'], 'housing', 'Hollis Housing');
    ash = await api.boardMember(['csp', 'dab'], 'Ash Board');
    blair = await api.boardMember(['csp', 'dab'], 'Blair Board');
    await api.setBoard('csp', { quorum: 1, chairUserId: null });
    await api.setBoard('dab', { quorum: 1, chairUserId: null });
    reviewId = (await api.post(manager, '/api/reviews', notification()).expect(201)).body.id;
    await api.get(manager, `/api/reviews/${reviewId}`).expect(200); // a read: review.viewed
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.get(cspChair, `/api/reviews/${reviewId}`).expect(200);
  });
  afterAll(() => api.stop());

  it('reads the trail oldest first by default, newest first on asking, by kind and person, with reads included, excluded or alone', async () => {
    const all = await trail();
    const seqs = all.items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.items.map((e) => e.action)).toEqual(['review.created', 'review.viewed', 'review.action.decide', 'review.viewed']);

    const newest = await trail('?order=newest');
    expect(newest.items[0].seq).toBeGreaterThan(newest.items[newest.items.length - 1].seq);
    expect(newest.items[0].action).toBe('review.audit-viewed'); // the read of the trail just before

    const changes = await trail('?views=exclude');
    expect(changes.items.map((e) => e.action)).toEqual(['review.created', 'review.action.decide']);
    const reads = await trail('?views=only&order=newest');
    expect(new Set(reads.items.map((e) => e.action))).toEqual(new Set(['review.viewed', 'review.audit-viewed']));

    expect((await trail('?kind=review.action.decide')).items).toEqual([expect.objectContaining({ action: 'review.action.decide', actorId: cspChair.id })]);
    const byChair = await trail(`?actor=${cspChair.id}`);
    expect(byChair.items.map((e) => e.action)).toEqual(['review.action.decide', 'review.viewed']);
    expect((await trail(`?actor=${cspChair.id}&views=exclude`)).items.map((e) => e.action)).toEqual(['review.action.decide']);
    expect((await trail('?kind=review.exported')).total).toBe(0);
  });

  it('drops nothing from the chain: changes and reads together are the whole trail', async () => {
    const whole = await trail(); // records one read of the trail
    const changes = await trail('?views=exclude'); // and another
    const reads = await trail('?views=only');
    expect(changes.total + reads.total).toBe(whole.total + 2);
    const stored = await api.db.query('SELECT count(*)::int AS n FROM audit_entries WHERE review_id = $1', [reviewId]);
    expect(stored.rows[0].n).toBe(whole.total + 3);
  });

  it('refuses a parameter it does not know, naming the field', async () => {
    for (const [query, field] of [
      ['order=sideways', 'order'],
      ['views=maybe', 'views'],
      ['actor=someone', 'actor'],
      ['kind=DROP%20TABLE', 'kind'],
    ]) {
      const res = await api.get(manager, `/api/reviews/${reviewId}/audit?${query}`).expect(400);
      expect(res.body.code).toBe('invalid-input');
      expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
    }
  });

  it('shows the review page’s trail newest first, changes only, with who viewed behind a filter, and by person and kind', async () => {
    const web = await signedIn(manager);
    const page = await web.get(`/reviews/${reviewId}`);
    expect(page.status).toBe(200);
    const text = auditSection(page.text);
    expect(text).toContain('Everything done to this review, newest first. Who viewed it is recorded too: choose “Show who viewed this review” to see it.');
    expect(text).toMatch(/Record the decision whether to hold a review Casey Chair .*Logged the notification Morgan Manager/);
    expect(text).not.toContain('Viewed the review');
    expect(text).toContain('Show who viewed this review');
    // The selects offer the people and kinds of the trail, in words.
    expect(page.text).toContain(`<option value="${cspChair.id}">Casey Chair</option>`);
    expect(page.text).toContain('<option value="review.action.decide">Record the decision whether to hold a review</option>');

    const withViews = auditSection((await web.get(`/reviews/${reviewId}?auditViews=include`)).text);
    expect(withViews).toMatch(/Everything done to this review, newest first, and everyone who viewed it\./);
    expect(withViews).toMatch(/^.*?Viewed the review Morgan Manager \(you\).*Viewed the review Casey Chair.*Record the decision/);

    const byChair = await web.get(`/reviews/${reviewId}?auditViews=include&auditBy=${cspChair.id}`);
    expect(auditSection(byChair.text)).toContain('Showing entries 1 to 2 of 2');
    expect(auditRows(byChair.text)).toMatch(/Viewed the review Casey Chair .*Record the decision whether to hold a review Casey Chair/);
    expect(auditRows(byChair.text)).not.toContain('Morgan Manager (you)');
    expect(byChair.text).toContain(`<option value="${cspChair.id}" selected>Casey Chair</option>`);

    const decisions = auditSection((await web.get(`/reviews/${reviewId}?auditKind=review.action.decide`)).text);
    expect(decisions).toContain('Showing entries 1 to 1 of 1');
    expect(decisions).toContain('Clear the filters');
    const none = auditSection((await web.get(`/reviews/${reviewId}?auditKind=review.exported`)).text);
    expect(none).toContain('No entries match these filters.');
    // What is not a person or a kind is ignored: the page still answers.
    const odd = await web.get(`/reviews/${reviewId}?auditBy=%27%3B--&auditKind=%3Cscript%3E&auditViews=all&auditPage=x`);
    expect(odd.status).toBe(200);
    expect(auditSection(odd.text)).toContain('Logged the notification Morgan Manager');
  });

  it('pages the filtered trail, each page link keeping the filters', async () => {
    for (let i = 0; i < 20; i += 1) await api.get(manager, `/api/reviews/${reviewId}`).expect(200);
    const web = await signedIn(manager);
    const first = await web.get(`/reviews/${reviewId}?auditViews=include`);
    expect(auditSection(first.text)).toMatch(/Showing entries 1 to 20 of \d+/);
    expect(first.text).toContain(`href="/reviews/${reviewId}?auditViews=include&amp;auditPage=2#audit"`);
    const total = Number(/Showing entries 1 to 20 of (\d+)/.exec(auditSection(first.text))?.[1]);
    const second = auditSection((await web.get(`/reviews/${reviewId}?auditViews=include&auditPage=2`)).text);
    expect(second).toMatch(/Showing entries 21 to 40 of \d+/);
    const last = await web.get(`/reviews/${reviewId}?auditViews=include&auditPage=${Math.ceil(total / 20)}`);
    expect(auditRows(last.text)).toMatch(/Logged the notification Morgan Manager \(you\) Previous page/); // the oldest, last
    // Changes only: all on one page, no pages.
    const changes = await web.get(`/reviews/${reviewId}`);
    expect(auditSection(changes.text)).toContain('Showing entries 1 to 2 of 2');
    expect(changes.text).not.toContain('auditPage=2');
  });

  describe('at sign-off, with an action plan', () => {
    let atSignOff = '';
    let housingActionId = '';
    let recommendationId = '';

    beforeAll(async () => {
      api.clock.setDate('2026-01-05');
      atSignOff = (
        await api
          .post(
            manager,
            '/api/reviews',
            notification({ notifiedOn: '2026-01-05', dateOfDeath: '2026-01-01', victim: { pseudonym: 'Adult S', ageAtDeath: 38, sex: 'male' } }),
          )
          .expect(201)
      ).body.id;
      await reviewAtSignOffWithAction(api, { manager, cspChair, chair }, atSignOff); // leaves the clock on 12 February 2026
      const [recommendation] = (await api.get(manager, `/api/reviews/${atSignOff}/recommendations`).expect(200)).body;
      recommendationId = recommendation.id;
      housingActionId = recommendation.actions[0].id;
    });

    it('tells two actions on one recommendation apart in their deadlines, on the api and the review page', async () => {
      await api
        .post(manager, `/api/reviews/${atSignOff}/recommendations/${recommendationId}/actions`, {
          description: 'Fictional: audit repeat calls.',
          owningAgency: 'cheshire-police',
          dueOn: '2026-03-31',
        })
        .expect(201);
      const review = (await api.get(manager, `/api/reviews/${atSignOff}`).expect(200)).body;
      const labels = review.deadlines.filter((d: { key: string }) => d.key.startsWith('action:')).map((d: { label: string }) => d.label);
      expect(labels.sort()).toEqual(['Action 1 on recommendation 1 (Housing)', 'Action 2 on recommendation 1 (Cheshire Police)']);
      const page = pageText((await (await signedIn(manager)).get(`/reviews/${atSignOff}`)).text);
      expect(page).toContain('Action 1 on recommendation 1 (Housing)');
      expect(page).toContain('Action 2 on recommendation 1 (Cheshire Police)');
    });

    it('refuses the agency’s action owner completing an action before every board has signed off, and allows it after', async () => {
      const complete = () =>
        api.post(housingOwner, `/api/actions/${housingActionId}/updates`, { status: 'complete', note: 'Fictional: trained.', on: '2026-02-12' });
      const refused = await complete().expect(409);
      expect(refused.body).toMatchObject({ code: 'conflict', planSignedOff: false });
      expect(refused.body.detail).toMatch(
        /^The action plan is not signed off yet: an action can be marked complete by its agency once every board has signed off/,
      );
      // Progress short of completion is still recorded.
      await api.post(housingOwner, `/api/actions/${housingActionId}/updates`, { status: 'in-progress', on: '2026-02-12' }).expect(201);

      await api.action(ash, atSignOff, 'sign-off', { decision: 'approve', board: 'csp', on: '2026-02-12' }).expect(200);
      await complete().expect(409); // one board of two
      await api.action(ash, atSignOff, 'sign-off', { decision: 'approve', board: 'dab', on: '2026-02-12' }).expect(200);
      const done = (await complete().expect(201)).body;
      expect(done).toMatchObject({ status: 'complete', completedOn: '2026-02-12' });
    });

    it('names who cast each vote, on the api, the review page and the sign-off page', async () => {
      const review = (await api.get(manager, `/api/reviews/${atSignOff}`).expect(200)).body;
      expect(review.signOffs.map((v: { board: string; memberId: string; memberName: string }) => [v.board, v.memberId, v.memberName])).toEqual([
        ['csp', ash.id, 'Ash Board'],
        ['dab', ash.id, 'Ash Board'],
      ]);
      const page = pageText((await (await signedIn(manager)).get(`/reviews/${atSignOff}`)).text);
      expect(page).toContain('Safer Halton Partnership board 12 February 2026 Approved by Ash Board on 12 February 2026');
      const signOff = await (await signedIn(blair)).get(`/sign-off/${atSignOff}/csp`);
      expect(signOff.status).toBe(200);
      expect(pageText(signOff.text)).toContain('12 February 2026 Ash Board Approved by Ash Board on 12 February 2026');
      const own = await (await signedIn(ash)).get(`/sign-off/${atSignOff}/csp`);
      expect(pageText(own.text)).toContain('12 February 2026 You Approved by you on 12 February 2026');
    });
  });

  it('tells two information requests of one agency apart', async () => {
    api.clock.setDate(TODAY);
    const id = (await api.post(manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult R', ageAtDeath: 50, sex: 'female' } })).expect(201)).body.id;
    await api.action(cspChair, id, 'decide', { outcome: 'hold', decidedOn: TODAY, rationale: 'Fictional: criteria met.' }).expect(200);
    await api.action(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: TODAY }).expect(200);
    await api.action(chair, id, 'agree-terms-of-reference', { agreedOn: TODAY }).expect(200);
    for (const description of ['Fictional: IMR', 'Fictional: chronology'])
      await api.action(chair, id, 'request-information', { agency: 'cheshire-police', description, dueOn: '2026-04-01' }).expect(200);
    await api.action(chair, id, 'request-information', { agency: 'housing', description: 'Fictional: IMR', dueOn: '2026-04-01' }).expect(200);
    const review = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;
    const labels = review.deadlines.filter((d: { key: string }) => d.key.startsWith('information-request:')).map((d: { label: string }) => d.label);
    expect(labels.sort()).toEqual(['Information from Cheshire Police', 'Information from Cheshire Police (request 2)', 'Information from Housing']);
  });

  it('flags a DHR of a victim under 16 when it is logged: on the api, the review page it leads to and the reviews list', async () => {
    api.clock.setDate(TODAY);
    const logged = (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn: TODAY, victim: { pseudonym: 'Young Person C', ageAtDeath: 15, sex: 'male' } }))
        .expect(201)
    ).body;
    expect(logged.criteriaWarnings).toEqual([{ key: 'victim-16-or-over', warning: expect.stringMatching(/^The victim was under 16/) }]);
    const listed = (await api.get(manager, '/api/reviews?q=Young%20Person%20C').expect(200)).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: logged.id, criteriaWarnings: ['victim-16-or-over'] })]);
    expect((await api.get(manager, `/api/reviews?q=Adult%20A`).expect(200)).body.items[0].criteriaWarnings).toEqual([]);

    const web = await signedIn(manager);
    await web.get('/reviews/new');
    const posted = await web.post('/reviews/new', {
      type: 'DHR',
      'notifiedOn-day': '2',
      'notifiedOn-month': '3',
      'notifiedOn-year': '2026',
      notifyingAgency: 'cheshire-police',
      'dateOfDeath-day': '20',
      'dateOfDeath-month': '2',
      'dateOfDeath-year': '2026',
      'victim-pseudonym': 'Young Person D',
      'victim-ageAtDeath': '14',
      'victim-sex': 'female',
      circumstances: 'Fictional circumstances for a test.',
    });
    expect(posted.status).toBe(303);
    const page = await web.get(posted.headers.location as string);
    const text = pageText(page.text);
    expect(text).toContain('This death may not meet the criteria for this type of review (Domestic Homicide Review):');
    expect(text).toContain('The victim was under 16: a DHR reviews the death of a person aged 16 or over (DVCVA 2004 s.9).');
    expect(text).toContain('Whoever records the decision must acknowledge it before holding the review.');
    const adult = pageText((await web.get(`/reviews/${reviewId}`)).text);
    expect(adult).not.toContain('may not meet the criteria');

    const list = pageText((await web.get('/reviews')).text);
    expect(list).toMatch(/Young Person D Check criteria/);
    expect(list).toMatch(/Young Person C Check criteria/);
    expect(list).not.toMatch(/Adult A Check criteria/);
  });
});
