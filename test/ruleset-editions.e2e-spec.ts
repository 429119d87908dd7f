import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ActionRegistry } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { notification, TestApi, TestUser } from './support/test-app';

const FIXTURES = join(__dirname, 'fixtures', 'rulesets');
const testEdition = JSON.parse(readFileSync(join(FIXTURES, 'dhr-test-edition.json'), 'utf8'));
const due = (review: { deadlines: { key: string; dueOn: string }[] }, key: string) => review.deadlines.find((d) => d.key === key)?.dueOn;

describe('Ruleset editions', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser;
  let before: { id: string };

  beforeAll(async () => {
    // A new edition arrives as data: a JSON file in RULESETS_DIR, no code changed.
    process.env.RULESETS_DIR = FIXTURES;
    api = await TestApi.start({ today: '2026-02-02' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
  });
  afterAll(async () => {
    delete process.env.RULESETS_DIR;
    await api.stop();
  });

  it('installs the editions that ship and those dropped into RULESETS_DIR', async () => {
    const listed = (await api.get(manager, '/api/rulesets').expect(200)).body.map((r: { key: string }) => r.key);
    expect(listed).toEqual(['dardr-2024-draft-v4', 'dhr-2016-v4', 'dhr-test-edition', 'owhr-2023-v4']);
    const types = (await api.get(admin, '/api/admin/review-types').expect(200)).body;
    // The fixture says it is the default and was installed last, so new reviews open under it.
    expect(types).toEqual([
      {
        type: 'DHR',
        enabled: true,
        defaultRuleset: 'dhr-test-edition',
        name: 'Domestic Homicide Review (test edition)',
        editions: ['dardr-2024-draft-v4', 'dhr-2016-v4', 'dhr-test-edition'],
        editionDetails: [
          {
            key: 'dardr-2024-draft-v4',
            name: 'Domestic Abuse Related Death Review',
            inForce: false,
            status: expect.stringMatching(/^Draft, not in force/),
            supersededBy: null,
          },
          { key: 'dhr-2016-v4', name: 'Domestic Homicide Review', inForce: true, status: null, supersededBy: null },
          { key: 'dhr-test-edition', name: 'Domestic Homicide Review (test edition)', inForce: true, status: null, supersededBy: null },
        ],
      },
      // OWHRs ship switched off: the duty applies only in the pilot areas (SI 2023/227).
      {
        type: 'OWHR',
        enabled: false,
        defaultRuleset: 'owhr-2023-v4',
        name: 'Offensive Weapons Homicide Review',
        editions: ['owhr-2023-v4'],
        editionDetails: [{ key: 'owhr-2023-v4', name: 'Offensive Weapons Homicide Review', inForce: true, status: null, supersededBy: null }],
      },
    ]);
  });

  it('opens new reviews under the edition an administrator chooses, while open reviews keep theirs', async () => {
    before = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31' })).expect(201)).body;
    expect(before).toMatchObject({ ruleset: 'dhr-test-edition' });
    expect(due(before as never, 'decision')).toBe('2026-03-31'); // the fixture's two months

    await api
      .http()
      .put('/api/admin/review-types/DHR')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ defaultRuleset: 'dardr-2024-draft-v4' })
      .expect(403);
    const chosen = await api
      .http()
      .put('/api/admin/review-types/DHR')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ defaultRuleset: 'dardr-2024-draft-v4' })
      .expect(200);
    expect(chosen.body).toMatchObject({ type: 'DHR', enabled: true, defaultRuleset: 'dardr-2024-draft-v4', name: 'Domestic Abuse Related Death Review' });

    // The draft follows the Domestic Abuse Act 2021 definition: personally connected, both aged 16 or over.
    const household = (await api.post(manager, '/api/reviews', notification({ suspectRelationship: 'household-member' })).expect(201)).body;
    expect(household.criteriaWarnings.map((w: { key: string }) => w.key)).toEqual(['suspect-16-or-over', 'personally-connected']);
    const after = (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31', suspectRelationship: 'former-partner', suspectAgeAtDeath: 44 }))
        .expect(201)
    ).body;
    expect(after.criteriaWarnings).toEqual([]);
    expect(after).toMatchObject({ ruleset: 'dardr-2024-draft-v4', typeName: 'Domestic Abuse Related Death Review' });
    expect(after.reference).toMatch(/^DHR-2026-\d{3}$/); // one sequence per partnership and year, whatever the edition
    const decide = { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Criteria met.' };
    const old = (await api.action(cspChair, before.id, 'decide', decide).expect(200)).body;
    const fresh = (await api.action(cspChair, after.id, 'decide', decide).expect(200)).body;
    expect(old.ruleset).toBe('dhr-test-edition');
    expect(due(old, 'review')).toBe('2026-11-02'); // nine months, as the fixture says
    expect(due(fresh, 'review')).toBe('2027-02-02'); // twelve months under the 2024 draft guidance

    const rulesets = (await api.get(manager, '/api/rulesets').expect(200)).body;
    const dardr = rulesets.find((r: { key: string }) => r.key === 'dardr-2024-draft-v4');
    expect(dardr.actions['submit-to-home-office'].opens).toEqual([{ deadline: 'commissioner-copy', from: 'submittedOn', days: 7 }]);
    expect(Object.keys(dardr.actions)).toContain('record-commissioner-copy');
    // The copy to the Commissioner is the law for every DHR now (DVCVA 2004 s.9(3B)-(3C)), not only under the draft.
    const dhr = rulesets.find((r: { key: string }) => r.key === 'dhr-2016-v4');
    expect(dhr.actions['record-qa-outcome'].outcomes.approved.opens).toEqual([{ deadline: 'commissioner-copy', from: 'receivedOn', days: 7 }]);
    expect(Object.keys(dhr.actions)).toContain('record-commissioner-copy');
  });

  it('refuses new reviews of a type the partnership has switched off, and names a bad choice', async () => {
    const bad = await api
      .http()
      .put('/api/admin/review-types/DHR')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ defaultRuleset: 'owhr-2023-v4' })
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'defaultRuleset' })]);
    await api.http().put('/api/admin/review-types/ABC').set('Authorization', `Bearer ${admin.token}`).send({ enabled: true }).expect(404);

    await api.http().put('/api/admin/review-types/DHR').set('Authorization', `Bearer ${admin.token}`).send({ enabled: false }).expect(200);
    const refused = await api.post(manager, '/api/reviews', notification()).expect(409);
    expect(refused.body.detail).toMatch(/does not run Domestic Abuse Related Death Reviews \(DHR\)/);
    // Open reviews carry on.
    await api.action(manager, before.id, 'record-home-office-notice', { sentOn: '2026-02-02' }).expect(200);
    await api.http().put('/api/admin/review-types/DHR').set('Authorization', `Bearer ${admin.token}`).send({ enabled: true }).expect(200);
    await api.post(manager, '/api/reviews', notification()).expect(201);
    const trail = await api.db.query(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'review-type.configured'`);
    expect(trail.rows[0].n).toBe(3);
  });

  it('refuses to change an edition already in use', async () => {
    const changed = { ...testEdition, deadlines: { ...testEdition.deadlines, decision: { ...testEdition.deadlines.decision, basis: 'Quietly changed' } } };
    await expect(api.asSystem(() => api.app.get(RulesetsService).install([changed], api.app.get(ActionRegistry).vocabulary()))).rejects.toThrow(
      /differs from the edition already in use/,
    );
  });

  it('refuses an edition that names an action the product cannot carry out', async () => {
    const bad = {
      ...testEdition,
      key: 'dhr-bad-edition',
      actions: { ...testEdition.actions, levitate: { label: 'Levitate', stages: ['decision'], roles: ['csp-chair'] } },
    };
    await expect(api.asSystem(() => api.app.get(RulesetsService).install([bad], api.app.get(ActionRegistry).vocabulary()))).rejects.toThrow(
      /the product has no action 'levitate'/,
    );
    const listed = (await api.get(manager, '/api/rulesets').expect(200)).body.map((r: { key: string }) => r.key);
    expect(listed).not.toContain('dhr-bad-edition');
  });
});
