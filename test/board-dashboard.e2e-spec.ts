import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { reviewAtSignOffWithAction } from './support/scenarios';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

/**
 * The board dashboard's figures are counted in SQL: the same figures for a seeded case as the
 * browser test reads, and the same number of statements however many reviews there are.
 *
 * | review | notified | on 2 March 2026 | overdue |
 * | DHR-2026-001 Adult P | 5 Jan | sign-off, the board has not signed off | Home Office notice; action 1a (due 20 Feb) |
 * | DHR-2026-002 Adult Q | 10 Jan | decision | decision (due 10 Feb) |
 * | then five more like Adult Q |
 */
describe('Board dashboard counted in SQL', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, cspMember: TestUser;

  const notify = async (pseudonym: string, notifiedOn: string) => {
    api.clock.setDate(notifiedOn);
    return (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn, dateOfDeath: '2026-01-02', victim: { pseudonym, ageAtDeath: 40, sex: 'female' } }))
        .expect(201)
    ).body.id as string;
  };
  const counted = (html: string, id: string) => Number(new RegExp(`id="${id}"><span[^>]*>(\\d+)<`).exec(html)?.[1]);
  /** The dashboard as this person's page, and how many SQL statements the api sent for it. */
  const dashboard = async (client: WebClient) => {
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const res = await client.get('/boards/csp');
      expect(res.status).toBe(200);
      return { html: res.text, statements: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-01-05' });
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chair');
    chair = await api.user(['independent-chair'], undefined, 'Indira Independent');
    cspMember = await api.boardMember(['csp'], 'Bailey Board');
    await api.setBoard('csp', { chairUserId: cspMember.id, quorum: 1 });

    const p = await notify('Adult P', '2026-01-05');
    await reviewAtSignOffWithAction(api, { manager, cspChair, chair }, p);
    await notify('Adult Q', '2026-01-10');
    api.clock.setDate('2026-03-02');
  });
  afterAll(() => api.stop());

  it('shows each figure for the seeded case, as each person may see it, in statements that do not grow with the reviews', async () => {
    const member = new WebClient(api);
    await member.signIn(cspMember.email, PASSWORD);
    const csp = new WebClient(api);
    await csp.signIn(manager.email, PASSWORD);

    const asMember = await dashboard(member);
    expect(counted(asMember.html, 'count-in-progress')).toBe(1);
    expect(counted(asMember.html, 'count-waiting')).toBe(1);
    expect(counted(asMember.html, 'count-overdue-deadlines')).toBe(2);
    expect(counted(asMember.html, 'count-overdue-actions')).toBe(1);
    const text = pageText(asMember.html);
    expect(text).toMatch(/Sign-off 1/);
    expect(text).toMatch(/DHR-2026-001 Adult P 0 0 1/); // waiting: approved 0, rejected 0, quorum 1
    expect(text).toContain('Fictional: train housing officers.');
    expect(text).not.toContain('DHR-2026-002');

    const before = await dashboard(csp);
    expect(counted(before.html, 'count-in-progress')).toBe(2);
    expect(counted(before.html, 'count-overdue-deadlines')).toBe(3);

    for (let i = 0; i < 5; i += 1) await notify(`Adult R${i}`, '2026-01-12');
    api.clock.setDate('2026-03-02');
    const after = await dashboard(csp);
    expect(counted(after.html, 'count-in-progress')).toBe(7);
    expect(counted(after.html, 'count-overdue-deadlines')).toBe(8);
    expect(counted(after.html, 'count-waiting')).toBe(1);
    expect(after.statements).toBe(before.statements);
    // A board member's view is the same statements with another visibility condition.
    expect((await dashboard(member)).statements).toBe(asMember.statements);
  });
});
