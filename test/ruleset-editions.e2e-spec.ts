import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTION_NAMES } from '@app/reviews';
import { ROLES } from '@app/access';
import { RulesetsService } from '@app/rulesets';
import { notification, TestApi, TestUser } from './support/test-app';

const testEdition = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'dhr-test-edition.json'), 'utf8'));

describe('Ruleset editions', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-02' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
  });
  afterAll(() => api.stop());

  it('opens new reviews under the current edition while open reviews keep the one they were opened under', async () => {
    const before = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31' })).expect(201)).body;
    expect(before.ruleset).toBe('dhr-2016');

    // A new edition arrives as data: no code changes, only a document.
    await api.app.get(RulesetsService).install([testEdition], ACTION_NAMES, new Set(ROLES));
    const listed = (await api.get(manager, '/api/rulesets').expect(200)).body.map((r: { key: string }) => r.key);
    expect(listed).toEqual(['dhr-2016', 'dhr-test-edition']);

    const after = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31' })).expect(201)).body;
    expect(after).toMatchObject({ ruleset: 'dhr-test-edition', typeName: 'Domestic Homicide Review (test edition)' });
    expect(after.deadlines[0]).toMatchObject({ key: 'decision', dueOn: '2026-03-31' }); // two months
    expect(after.reference).toBe('DHR-2026-002'); // one sequence per partnership and year, whatever the edition

    const decide = { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Criteria met.' };
    const old = (await api.action(cspChair, before.id, 'decide', decide).expect(200)).body;
    const fresh = (await api.action(cspChair, after.id, 'decide', decide).expect(200)).body;
    expect(old.ruleset).toBe('dhr-2016');
    expect(old.deadlines.find((d: { key: string }) => d.key === 'decision').dueOn).toBe('2026-02-28');
    expect(old.deadlines.find((d: { key: string }) => d.key === 'review').dueOn).toBe('2026-08-02'); // six months
    expect(fresh.deadlines.find((d: { key: string }) => d.key === 'review').dueOn).toBe('2026-11-02'); // nine months
  });

  it('refuses to change an edition already in use', async () => {
    const changed = { ...testEdition, deadlines: { ...testEdition.deadlines, decision: { label: 'Decide', basis: 'Quietly changed', chase: ['csp-chair'] } } };
    await expect(api.app.get(RulesetsService).install([changed], ACTION_NAMES, new Set(ROLES))).rejects.toThrow(/differs from the edition already in use/);
  });

  it('refuses an edition that names an action the product cannot carry out', async () => {
    const bad = { ...testEdition, key: 'dhr-bad-edition', actions: { ...testEdition.actions, levitate: { label: 'Levitate', stages: ['decision'], roles: ['csp-chair'] } } };
    await expect(api.app.get(RulesetsService).install([bad], ACTION_NAMES, new Set(ROLES))).rejects.toThrow(/the product has no action 'levitate'/);
    const listed = (await api.get(manager, '/api/rulesets').expect(200)).body.map((r: { key: string }) => r.key);
    expect(listed).not.toContain('dhr-bad-edition');
  });
});
