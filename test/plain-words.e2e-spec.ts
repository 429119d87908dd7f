import { reviewAtSignOffWithAction } from './support/scenarios';
import { ADMIN, notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/**
 * What a person reads is in plain words (issue 17.3): no ISO dates, no enum or field codes, no
 * library phrases. These are the codes the product uses that must never show on a page as they are.
 */
const CODES = [
  // stages, statuses and outcomes
  'set-up',
  'home-office-qa',
  'not-held',
  'approved-with-changes',
  'not-started',
  'in-progress',
  'criminal-proceedings',
  'family-request',
  // roles, agencies and boards as codes
  'csp-manager',
  'csp-chair',
  'independent-chair',
  'panel-member',
  'board-member',
  'agency-action-owner',
  'cheshire-police',
  // deadline keys, action names, recommendation levels and themes
  'home-office-notice',
  'information-request',
  'commissioner-copy',
  'request-information',
  'agree-terms-of-reference',
  'domestic-abuse-vawg',
  // mail kinds
  'deadline-reminder',
  'deadline-escalation',
];
const FIELD_CODES =
  /\b(notifiedOn|dateOfDeath|decidedOn|dueOn|requestedOn|receivedOn|appointedOn|agreedOn|startedOn|expectedEndOn|owningAgency|userId|requestId)\b/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const QUARTER_CODE = /\b\d{4}-Q[1-4]\b/;
const LIBRARY_PHRASES = /must be longer than or equal to|must be shorter than or equal to|must be a UUID|should not be empty/;

/** The parts of a page's text that are not plain words, with a little context each. */
function codesIn(text: string): string[] {
  const found: string[] = [];
  const around = (index: number, length: number) => text.slice(Math.max(0, index - 40), index + length + 40);
  for (const pattern of [ISO_DATE, QUARTER_CODE, FIELD_CODES, LIBRARY_PHRASES]) {
    const global = new RegExp(pattern.source, 'g');
    for (const match of text.matchAll(global)) found.push(around(match.index!, match[0].length));
  }
  for (const code of CODES) {
    const pattern = new RegExp(`(?<![\\w/.-])${code}(?![\\w-])`, 'g');
    for (const match of text.matchAll(pattern)) found.push(around(match.index!, code.length));
  }
  return found;
}

jest.setTimeout(180_000);
describe('Plain words on every page a person reads (issue 17.3)', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser, chair: TestUser, panel: TestUser, owner: TestUser, board: TestUser;
  let reviewId = '';
  let pausedId = '';

  const pages = async (user: TestUser, paths: string[]) => {
    const web = new WebClient(api);
    await web.signIn(user.email, user === admin ? ADMIN.password : PASSWORD, paths[0]);
    const leaks: Record<string, string[]> = {};
    for (const path of paths) {
      const res = await web.get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      // The page's visible text only: an id in a link or a value in a form is not read.
      // (An email address is an address, whatever it holds.)
      const text = pageText(res.text.replace(/<(input|option|a|form|button|meta|link|select)\b[^>]*>/g, (tag) => `<${tag.split(/\s/)[0].slice(1)}>`));
      const found = codesIn(text.replace(/\S+@\S+/g, 'an-address'));
      if (found.length) leaks[path] = found;
    }
    return leaks;
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-01-05' });
    admin = await api.admin();
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    panel = await api.user(['panel-member'], 'cheshire-police', 'Pat Police');
    owner = await api.user(['agency-action-owner'], 'housing', 'Harper Housing');
    board = await api.boardMember(['csp'], 'Bailey Board');
    reviewId = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-05', dateOfDeath: '2026-01-02' })).expect(201)).body.id;
    await reviewAtSignOffWithAction(api, { manager, cspChair, chair }, reviewId);
    // A second review, paused for a trial with an information request out and a meeting set.
    pausedId = (
      await api
        .post(
          manager,
          '/api/reviews',
          notification({ notifiedOn: '2026-01-10', dateOfDeath: '2026-01-08', victim: { pseudonym: 'Adult B', ageAtDeath: 30, sex: 'male' } }),
        )
        .expect(201)
    ).body.id;
    await api.action(cspChair, pausedId, 'decide', { outcome: 'hold', decidedOn: '2026-01-20', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.action(manager, pausedId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-01-21' }).expect(200);
    await api.action(chair, pausedId, 'add-panel-member', { userId: panel.id, agency: 'cheshire-police' }).expect(200);
    await api.action(chair, pausedId, 'agree-terms-of-reference', { agreedOn: '2026-01-22' }).expect(200);
    // A meeting set: its invitations are in the outbox, for the administrators' mail page.
    await api
      .action(chair, pausedId, 'schedule-panel-meeting', {
        date: '2026-02-20',
        startTime: '10:00',
        endTime: '11:30',
        place: 'Fictional: Room 4',
        agenda: 'Fictional: IMRs.',
      })
      .expect(200);
    await api
      .action(chair, pausedId, 'request-information', { agency: 'cheshire-police', description: 'An IMR', dueOn: '2026-02-05', requestedOn: '2026-01-23' })
      .expect(200);
    await api
      .action(chair, pausedId, 'record-proceeding', { kind: 'criminal-trial', body: 'Chester Crown Court', expectedConclusionOn: '2026-06-30' })
      .expect(200);
    await api.action(cspChair, pausedId, 'pause', { category: 'criminal-proceedings', reason: 'Fictional: the trial.', startedOn: '2026-02-01' }).expect(200);
  });
  afterAll(() => api.stop());

  it('says dates, stages, roles, outcomes and kinds in words on the pages of those who run reviews', async () => {
    const leaks = await pages(manager, [
      '/my-work',
      '/reviews',
      `/reviews/${reviewId}`,
      `/reviews/${reviewId}/record`,
      `/reviews/${pausedId}`,
      `/reviews/${pausedId}/proceedings`,
      `/reviews/${pausedId}/meetings`,
      `/reviews/${pausedId}/family`,
      '/boards',
    ]);
    expect(leaks).toEqual({});
  });

  it('says them in words for the chair, the panel, the action owner and the board', async () => {
    expect(await pages(chair, ['/my-work', `/reviews/${reviewId}`, `/reviews/${pausedId}`])).toEqual({});
    expect(await pages(panel, ['/my-work', `/reviews/${pausedId}`, `/reviews/${pausedId}/agency`])).toEqual({});
    expect(await pages(owner, ['/my-work', '/actions'])).toEqual({});
    expect(await pages(board, ['/my-work', '/sign-off', `/reviews/${reviewId}`])).toEqual({});
  });

  it('says them in words on the administration pages', async () => {
    expect(
      await pages(admin, [
        '/admin/users',
        '/admin/reminders',
        '/admin/mail',
        '/admin/mail?status=withdrawn',
        '/admin/retention',
        '/admin/disposal',
        '/admin/imports',
      ]),
    ).toEqual({});
  });
});
