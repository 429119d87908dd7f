import { uploadReport } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';

type Review = { id: string; stage: string; version: number; deadlines: { key: string }[]; chair: { userId: string } | null };
type AuditEntry = { seq: number; action: string; actorId: string; reviewId: string };
type DeadlineItem = { key: string; review: { id: string } };

const NO_SUCH_REVIEW = '0b7e4a52-3f1d-4c6a-9e2b-5d8f1a2c3e4f';
const sorted = (ids: string[]) => [...ids].sort();

describe('Need-to-know: who may see and act on which review', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser, auditor: TestUser;
  let chairX: TestUser, chairY: TestUser, chairZ: TestUser, chairW: TestUser;
  let panelP: TestUser, panelQ: TestUser, board: TestUser, actionOwner: TestUser;
  /** Review A at decision, B at information (chair X, panel P), C at sign-off (chair Y). */
  let A: string, B: string, C: string;
  /** Deadline keys of each review, `reviewId:key`, as the CSP manager sees them. */
  const deadlineKeys: Record<string, string[]> = {};
  const users: Record<string, TestUser> = {};

  const act = async (user: TestUser, id: string, action: string, body: object): Promise<Review> => {
    const res = await api.action(user, id, action, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Review;
  };

  /** The review's whole audit trail, every page, read as `user`. */
  const trail = async (user: TestUser, id: string): Promise<AuditEntry[]> => {
    const entries: AuditEntry[] = [];
    for (let page = 1; ; page += 1) {
      const res = await api.get(user, `/api/reviews/${id}/audit?pageSize=100&page=${page}`).expect(200);
      entries.push(...(res.body.items as AuditEntry[]));
      if (entries.length >= res.body.total || res.body.items.length === 0) return entries;
    }
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-02' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    auditor = await api.user(['auditor']);
    chairX = await api.user(['independent-chair'], undefined, 'Chair Xavier Fictional');
    chairY = await api.user(['independent-chair'], undefined, 'Chair Yvonne Fictional');
    chairZ = await api.user(['independent-chair'], undefined, 'Chair Zara Fictional');
    chairW = await api.user(['independent-chair'], undefined, 'Chair Walter Fictional');
    panelP = await api.user(['panel-member'], 'cheshire-police', 'Panel Priya Fictional');
    panelQ = await api.user(['panel-member'], 'cheshire-police', 'Panel Quentin Fictional');
    // One member signs for each board in these journeys; quorum has tests of its own.
    board = await api.boardMember();
    await api.setBoard('csp', { quorum: 1 });
    await api.setBoard('dab', { quorum: 1 });
    actionOwner = await api.user(['agency-action-owner'], 'cheshire-police');
    Object.assign(users, { admin, manager, cspChair, auditor, chairX, chairY, chairZ, chairW, panelP, panelQ, board, actionOwner });

    const create = async (pseudonym: string) =>
      (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31', victim: { pseudonym, ageAtDeath: 39, sex: 'female' } })).expect(201))
        .body as Review;
    const a = await create('Adult A');
    A = a.id;
    B = (await create('Adult B')).id;
    C = (await create('Adult C')).id;

    // B: held, chair X appointed, panel member P added, terms agreed → information.
    await act(cspChair, B, 'decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional: criteria met.' });
    await act(manager, B, 'appoint-chair', { userId: chairX.id, appointedOn: '2026-02-02' });
    await act(chairX, B, 'add-panel-member', { userId: panelP.id, agency: 'cheshire-police' });
    const b = await act(chairX, B, 'agree-terms-of-reference', { agreedOn: '2026-02-02' });
    expect(b.stage).toBe('information');

    // C: held, chair Y appointed, through information and drafting → sign-off.
    await act(cspChair, C, 'decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional: criteria met.' });
    await act(manager, C, 'appoint-chair', { userId: chairY.id, appointedOn: '2026-02-02' });
    await act(chairY, C, 'agree-terms-of-reference', { agreedOn: '2026-02-02' });
    await act(chairY, C, 'complete-information', { on: '2026-02-02' });
    await uploadReport(api, chairY, C);
    const c = await act(chairY, C, 'complete-draft', { on: '2026-02-02' });
    expect(c.stage).toBe('sign-off');

    for (const [id, review] of [
      [A, a],
      [B, b],
      [C, c],
    ] as const) {
      deadlineKeys[id] = review.deadlines.map((d) => `${id}:${d.key}`);
    }
    expect(deadlineKeys[A]).toEqual([`${A}:decision`]);
    expect(sorted(deadlineKeys[B])).toEqual(sorted([`${B}:decision`, `${B}:home-office-notice`, `${B}:review`]));
    expect(sorted(deadlineKeys[C])).toEqual(sorted([`${C}:decision`, `${C}:home-office-notice`, `${C}:review`]));
  });
  afterAll(() => api.stop());

  const visibility: Array<[string, string, Array<'A' | 'B' | 'C'>]> = [
    ['a CSP manager', 'manager', ['A', 'B', 'C']],
    ['a CSP chair', 'cspChair', ['A', 'B', 'C']],
    ['an auditor', 'auditor', ['A', 'B', 'C']],
    ['the independent chair appointed to B', 'chairX', ['B']],
    ['the independent chair appointed to C', 'chairY', ['C']],
    ['an independent chair appointed to nothing', 'chairZ', []],
    ['the panel member added to B', 'panelP', ['B']],
    ['a panel member added to no panel', 'panelQ', []],
    ['a board member (only C has reached sign-off)', 'board', ['C']],
    ['an agency action owner', 'actionOwner', []],
    ['the administrator', 'admin', []],
  ];

  describe.each(visibility)('%s', (_label, who, letters) => {
    const ids = () => ({ A, B, C });
    const expected = () => sorted(letters.map((l) => ids()[l]));
    const hidden = () => (['A', 'B', 'C'] as const).filter((l) => !letters.includes(l)).map((l) => ids()[l]);

    it(`lists exactly the reviews ${letters.join(', ') || 'none'} in GET /api/reviews`, async () => {
      const res = await api.get(users[who], '/api/reviews?pageSize=100').expect(200);
      expect(sorted(res.body.items.map((r: { id: string }) => r.id))).toEqual(expected());
      expect(res.body).toMatchObject({ total: letters.length, page: 1, pageSize: 100 });
      // The total is the same on a page of one, and on a page past the end (which has no rows to carry it).
      expect((await api.get(users[who], '/api/reviews?pageSize=1').expect(200)).body.total).toBe(letters.length);
      expect((await api.get(users[who], '/api/reviews?pageSize=1&page=9').expect(200)).body).toMatchObject({ items: [], total: letters.length });
      // A filter never widens the set: the sign-off stage lists C only to those who may see C.
      const atSignOff = await api.get(users[who], '/api/reviews?stage=sign-off').expect(200);
      expect(atSignOff.body.items.map((r: { id: string }) => r.id)).toEqual(letters.includes('C') ? [C] : []);
      expect(atSignOff.body.total).toBe(letters.includes('C') ? 1 : 0);
    });

    it('gets 200 for each visible review and a 404 problem for each other one', async () => {
      for (const id of expected()) {
        const res = await api.get(users[who], `/api/reviews/${id}`).expect(200);
        expect(res.body.id).toBe(id);
      }
      for (const id of [...hidden(), NO_SUCH_REVIEW]) {
        const res = await api.get(users[who], `/api/reviews/${id}`).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({
          status: 404,
          code: 'not-found',
          title: 'Not found',
          detail: 'No review with that id.',
          instance: `/api/reviews/${id}`,
        });
      }
    });

    it('reads the audit trail of visible reviews only', async () => {
      for (const id of expected()) {
        const res = await api.get(users[who], `/api/reviews/${id}/audit`).expect(200);
        expect(res.body.items[0]).toMatchObject({ action: 'review.created', reviewId: id, actorId: manager.id });
        expect(res.body.items.every((e: AuditEntry) => e.reviewId === id)).toBe(true);
      }
      for (const id of [...hidden(), NO_SUCH_REVIEW]) {
        const res = await api.get(users[who], `/api/reviews/${id}/audit`).expect(404);
        expect(res.body).toMatchObject({ status: 404, code: 'not-found', detail: 'No review with that id.' });
      }
    });

    it('lists only the deadlines of visible reviews in GET /api/deadlines', async () => {
      const res = await api.get(users[who], '/api/deadlines?pageSize=100').expect(200);
      const items = res.body.items as DeadlineItem[];
      const want = sorted(expected().flatMap((id) => deadlineKeys[id]));
      expect(sorted(items.map((d) => `${d.review.id}:${d.key}`))).toEqual(want);
      expect(sorted([...new Set(items.map((d) => d.review.id))])).toEqual(expected());
      expect(res.body.total).toBe(want.length);
      expect((await api.get(users[who], '/api/deadlines?pageSize=1&page=99').expect(200)).body).toMatchObject({ items: [], total: want.length });
      for (const id of hidden()) {
        const filtered = await api.get(users[who], `/api/deadlines?reviewId=${id}`).expect(200);
        expect(filtered.body).toMatchObject({ items: [], total: 0 });
      }
    });

    it('gets 404 for any action on a review it may not see, and changes nothing', async () => {
      const attempts: Record<string, [string, object]> = {
        [A]: ['decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional.' }],
        [B]: ['request-information', { agency: 'cheshire-police', description: 'Fictional IMR', dueOn: '2026-03-01' }],
        [C]: ['sign-off', { decision: 'approve', board: 'csp', on: '2026-02-02' }],
      };
      // A review that does not exist at all answers exactly as one the caller may not see.
      const missing = await api.action(users[who], NO_SUCH_REVIEW, 'decide', attempts[A][1]).expect(404);
      expect(missing.body).toMatchObject({ status: 404, code: 'not-found', title: 'Not found', detail: 'No review with that id.' });
      for (const id of hidden()) {
        const before = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body as Review;
        const [action, body] = attempts[id];
        const res = await api.action(users[who], id, action, body).expect(404);
        expect(res.body).toMatchObject({ status: 404, code: 'not-found', title: 'Not found', detail: 'No review with that id.' });
        const after = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body as Review;
        expect({ stage: after.stage, version: after.version }).toEqual({ stage: before.stage, version: before.version });
      }
    });
  });

  describe('taking actions on a visible review', () => {
    const forbidden = async (user: TestUser, id: string, action: string, body: object, detail: string, allowedRoles: string[]) => {
      const before = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body as Review;
      const res = await api.action(user, id, action, body).expect(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 403, code: 'not-allowed', title: 'Not allowed', detail, action, allowedRoles });
      const after = (await api.get(manager, `/api/reviews/${id}`).expect(200)).body as Review;
      expect(after.version).toBe(before.version);
    };

    it('lets an auditor read but never write', async () => {
      await forbidden(
        auditor,
        A,
        'decide',
        { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional.' },
        "Only a CSP chair may take the action 'decide' (record the decision whether to hold a review).",
        ['csp-chair'],
      );
      await forbidden(
        auditor,
        B,
        'appoint-chair',
        { userId: chairZ.id, appointedOn: '2026-02-02' },
        "Only a CSP manager or a CSP chair may take the action 'appoint-chair' (appoint the independent chair).",
        ['csp-manager', 'csp-chair'],
      );
      await forbidden(
        auditor,
        C,
        'submit-to-home-office',
        { submittedOn: '2026-02-02' },
        "Only a CSP manager or the review's independent chair may take the action 'submit-to-home-office' (submit the review to the home office quality assurance panel).",
        ['csp-manager', 'independent-chair'],
      );
      await forbidden(
        auditor,
        B,
        'pause',
        { reason: 'Fictional.', startedOn: '2026-02-02', category: 'criminal-proceedings' },
        "Only a CSP chair may take the action 'pause' (pause the review).",
        ['csp-chair'],
      );
      const notify = await api.post(auditor, '/api/reviews', notification()).expect(403);
      expect(notify.body).toMatchObject({ status: 403, code: 'not-allowed', detail: 'Only a CSP manager or a CSP chair may log a notification.' });
      const list = await api.get(manager, '/api/reviews?pageSize=100').expect(200);
      expect(list.body.total).toBe(3);
    });

    it('refuses the wrong role with 403 and a named reason', async () => {
      await forbidden(
        manager,
        A,
        'decide',
        { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional.' },
        "Only a CSP chair may take the action 'decide' (record the decision whether to hold a review).",
        ['csp-chair'],
      );
      await forbidden(
        chairX,
        B,
        'appoint-chair',
        { userId: chairZ.id, appointedOn: '2026-02-02' },
        "Only a CSP manager or a CSP chair may take the action 'appoint-chair' (appoint the independent chair).",
        ['csp-manager', 'csp-chair'],
      );
      await forbidden(
        panelP,
        B,
        'request-information',
        { agency: 'cheshire-police', description: 'Fictional IMR', dueOn: '2026-03-01' },
        "Only a CSP manager or the review's independent chair may take the action 'request-information' (ask an agency for its imr or chronology).",
        ['csp-manager', 'independent-chair'],
      );
      await forbidden(
        chairY,
        C,
        'sign-off',
        { decision: 'approve', board: 'csp', on: '2026-02-02' },
        "Only a board member may take the action 'sign-off' (record a board's sign-off).",
        ['board-member'],
      );
      await forbidden(
        board,
        C,
        'submit-to-home-office',
        { submittedOn: '2026-02-02' },
        "Only a CSP manager or the review's independent chair may take the action 'submit-to-home-office' (submit the review to the home office quality assurance panel).",
        ['csp-manager', 'independent-chair'],
      );
    });
  });

  it('audits each read: GET /api/reviews/:id writes review.viewed with the reader as actor', async () => {
    const before = await trail(manager, B);
    const lastSeq = before[before.length - 1].seq;

    await api.get(panelP, `/api/reviews/${B}`).expect(200);
    await api.get(chairZ, `/api/reviews/${B}`).expect(404);
    await api.get(chairX, `/api/reviews/${B}`).expect(200);

    const after = await trail(manager, B);
    const added = after.filter((e) => e.seq > lastSeq).map((e) => ({ action: e.action, actorId: e.actorId, reviewId: e.reviewId }));
    // A read of the trail records itself once read, so the manager's first read shows up now.
    expect(added).toEqual([
      { action: 'review.audit-viewed', actorId: manager.id, reviewId: B },
      { action: 'review.viewed', actorId: panelP.id, reviewId: B },
      { action: 'review.viewed', actorId: chairX.id, reviewId: B },
    ]);
    // A refused read leaves no trace on the review it could not see.
    expect(after.filter((e) => e.actorId === chairZ.id)).toEqual([]);

    // The reader can find their own read in the trail too.
    await api.get(board, `/api/reviews/${C}`).expect(200);
    const boardTrail = await trail(board, C);
    const viewed = boardTrail.filter((e) => e.action === 'review.viewed');
    expect(viewed[viewed.length - 1]).toMatchObject({ action: 'review.viewed', actorId: board.id, reviewId: C });
  });

  it('gives a newly appointed chair sight of B, and only B', async () => {
    expect((await api.get(chairW, '/api/reviews').expect(200)).body).toMatchObject({ items: [], total: 0 });
    await api.get(chairW, `/api/reviews/${B}`).expect(404);
    const appointed = await act(cspChair, B, 'appoint-chair', { userId: chairW.id, appointedOn: '2026-02-02' });
    expect(appointed.chair).toMatchObject({ userId: chairW.id, appointedOn: '2026-02-02' });

    const list = (await api.get(chairW, '/api/reviews?pageSize=100').expect(200)).body;
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([B]);
    expect(list.total).toBe(1);
    expect((await api.get(chairW, `/api/reviews/${B}`).expect(200)).body.id).toBe(B);
    await api.get(chairW, `/api/reviews/${B}/audit`).expect(200);
    await api.get(chairW, `/api/reviews/${A}`).expect(404);
    await api.get(chairW, `/api/reviews/${C}`).expect(404);
    const deadlines = (await api.get(chairW, '/api/deadlines?pageSize=100').expect(200)).body;
    expect(sorted(deadlines.items.map((d: DeadlineItem) => `${d.review.id}:${d.key}`))).toEqual(sorted(deadlineKeys[B]));
    // The new chair acts as B's chair.
    const requested = await act(chairW, B, 'request-information', { agency: 'cheshire-police', description: 'Fictional chronology', dueOn: '2026-03-02' });
    expect(requested.stage).toBe('information');

    // The chair replaced no longer chairs B, so no longer sees it.
    expect((await api.get(chairX, '/api/reviews').expect(200)).body).toMatchObject({ items: [], total: 0 });
    await api.get(chairX, `/api/reviews/${B}`).expect(404);
    await api.action(chairX, B, 'request-information', { agency: 'cheshire-police', description: 'Fictional', dueOn: '2026-03-02' }).expect(404);
    // The panel member still sits on B's panel.
    await api.get(panelP, `/api/reviews/${B}`).expect(200);
  });

  it('keeps a review visible to board members after it leaves the sign-off stage', async () => {
    await act(board, C, 'sign-off', { decision: 'approve', board: 'csp', on: '2026-02-02' });
    await act(board, C, 'sign-off', { decision: 'approve', board: 'dab', on: '2026-02-02' });
    let review = await act(manager, C, 'submit-to-home-office', { submittedOn: '2026-02-02' });
    expect(review.stage).toBe('home-office-qa');
    let list = (await api.get(board, '/api/reviews?pageSize=100').expect(200)).body;
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([C]);
    expect(list.total).toBe(1);
    expect((await api.get(board, `/api/reviews/${C}`).expect(200)).body.stage).toBe('home-office-qa');

    review = await act(manager, C, 'record-qa-outcome', { outcome: 'approved', receivedOn: '2026-02-02' });
    expect(review.stage).toBe('publication');
    list = (await api.get(board, '/api/reviews?pageSize=100').expect(200)).body;
    expect(list.items.map((r: { id: string }) => r.id)).toEqual([C]);
    expect((await api.get(board, `/api/reviews/${C}`).expect(200)).body.stage).toBe('publication');
    // A and B have never reached sign-off.
    await api.get(board, `/api/reviews/${A}`).expect(404);
    await api.get(board, `/api/reviews/${B}`).expect(404);
  });

  describe('administration and authentication', () => {
    const nonAdmins = ['manager', 'cspChair', 'auditor', 'chairX', 'panelP', 'board', 'actionOwner'];

    it('lets only the administrator create users and see them in full; those who appoint see names, roles and agencies', async () => {
      const appointers = ['manager', 'cspChair', 'chairX'];
      for (const who of nonAdmins) {
        const list = await api.get(users[who], '/api/users');
        if (appointers.includes(who)) {
          // The people picker (issue 17.2): never an email.
          expect(list.status).toBe(200);
          for (const person of list.body.items) expect(Object.keys(person).sort()).toEqual(['agency', 'id', 'name', 'roles']);
        } else {
          expect(list.status).toBe(403);
          expect(list.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(list.body).toMatchObject({
            status: 403,
            title: 'Not allowed',
            requiredRoles: ['csp-manager', 'csp-chair', 'independent-chair', 'administrator'],
          });
        }
        const email = `made-by-${who.toLowerCase()}@test.example`;
        const create = await api.post(users[who], '/api/users', { email, name: 'Fictional Person', password: PASSWORD, roles: ['csp-manager'] }).expect(403);
        expect(create.body).toMatchObject({ status: 403, requiredRoles: ['administrator'] });
        await api.http().post('/api/auth/token').send({ email, password: PASSWORD }).expect(401);
      }
      const all = (await api.get(admin, '/api/users?pageSize=100').expect(200)).body;
      expect(all.items.some((u: { email: string }) => u.email.startsWith('made-by-'))).toBe(false);
      expect(all.items.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([manager.id, panelP.id, board.id]));
    });

    it('lets only the administrator verify the audit chain', async () => {
      for (const who of nonAdmins) {
        const res = await api.get(users[who], '/api/audit/verify').expect(403);
        expect(res.body).toMatchObject({ status: 403, title: 'Not allowed', requiredRoles: ['administrator'] });
      }
      const verified = await api.get(admin, '/api/audit/verify').expect(200);
      expect(verified.body).toMatchObject({ ok: true, firstBrokenSeq: null });
    });

    const routes: Array<['get' | 'post', string]> = [
      ['get', '/api/reviews'],
      ['post', '/api/reviews'],
      ['get', '/api/reviews/{A}'],
      ['get', '/api/reviews/{A}/audit'],
      ['post', '/api/reviews/{A}/actions/decide'],
      ['get', '/api/deadlines'],
      ['get', '/api/users'],
      ['post', '/api/users'],
      ['get', '/api/users/me'],
      ['get', '/api/audit/verify'],
      ['get', '/api/agencies'],
      ['get', '/api/rulesets'],
    ];

    it('answers 401 problem+json to every route without a token', async () => {
      for (const [method, template] of routes) {
        const path = template.replace('{A}', A);
        const res = await api
          .http()
          [method](path)
          .send(method === 'post' ? {} : undefined);
        expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 401 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({
          type: 'urn:dhr-reviews:problem:not-signed-in',
          code: 'not-signed-in',
          title: 'Not signed in',
          status: 401,
          detail: 'Send a bearer token: POST /api/auth/token gives one.',
          instance: path,
        });
      }
      // Only signing in is open.
      const signedIn = await api.http().post('/api/auth/token').send({ email: manager.email, password: PASSWORD }).expect(200);
      expect(typeof signedIn.body.accessToken).toBe('string');
    });

    it('answers 401 to a bad token', async () => {
      const [header, payload, signature] = manager.token.split('.');
      const tampered = `${header}.${payload}.${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      const forged = `${header}.${Buffer.from(JSON.stringify({ sub: admin.id })).toString('base64url')}.${signature}`;
      for (const authorization of ['Bearer not-a-token', `Bearer ${tampered}`, `Bearer ${forged}`]) {
        for (const [method, template] of routes) {
          const path = template.replace('{A}', A);
          const res = await api
            .http()
            [method](path)
            .set('Authorization', authorization)
            .send(method === 'post' ? {} : undefined);
          expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 401 });
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.body).toMatchObject({
            status: 401,
            title: 'Not signed in',
            detail: 'The bearer token is not valid or has expired; ask POST /api/auth/token for a new one.',
          });
        }
      }
      // A token that is not a bearer token is no better.
      const basic = await api
        .http()
        .get('/api/reviews')
        .set('Authorization', `Basic ${Buffer.from(`${manager.email}:${PASSWORD}`).toString('base64')}`)
        .expect(401);
      expect(basic.body).toMatchObject({ status: 401, code: 'not-signed-in', detail: 'Send a bearer token: POST /api/auth/token gives one.' });
    });
  });
});
