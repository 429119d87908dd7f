import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FamilyConsents, FamilyContactModule } from './fixtures/capability/family-contact.module';
import { notification, TestApi, TestUser } from './support/test-app';

/**
 * An action is one module: a capability outside libs/reviews registers an action and a guard by
 * being imported, a ruleset (data) says when it may be taken and which clock it starts, and it
 * is then taken over HTTP through the same pipeline as every other action.
 */
describe('Actions registered by a capability outside libs/reviews', () => {
  let api: TestApi;
  let folder: string;
  let manager: TestUser, cspChair: TestUser, panelMember: TestUser;
  let reviewId: string;

  beforeAll(async () => {
    const edition = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'rulesets', 'dhr-test-edition.json'), 'utf8'));
    edition.key = 'dhr-family-edition';
    edition.name = 'Domestic Homicide Review (family test edition)';
    edition.actions['record-family-contact'] = {
      label: 'Record a contact with the family',
      stages: ['set-up', 'information'],
      roles: ['csp-manager', 'independent-chair'],
      effectiveDate: 'on',
      guards: ['family-agreed'],
      opens: [{ deadline: 'family-follow-up', from: 'on', days: 14 }],
    };
    edition.deadlines['family-follow-up'] = {
      label: 'Follow up with the family',
      basis: '14 days from each contact',
      source: [{ kind: 'local-practice', cite: 'Fictional, for the test: a follow-up within 14 days of each contact' }],
      chase: ['independent-chair'],
    };
    edition.guardSources['family-agreed'] = [{ kind: 'local-practice', cite: 'Fictional, for the test: the family agreed to contact' }];
    folder = mkdtempSync(join(tmpdir(), 'rulesets-family-'));
    writeFileSync(join(folder, 'dhr-family-edition.json'), JSON.stringify(edition, null, 2));
    process.env.RULESETS_DIR = folder;
    api = await TestApi.start({ today: '2026-02-02', imports: [FamilyContactModule] });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    panelMember = await api.user(['panel-member'], 'cheshire-police');
    const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-31' })).expect(201)).body;
    expect(review.ruleset).toBe('dhr-family-edition');
    reviewId = review.id;
    await api
      .action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-01', rationale: 'Fictional: a former partner is suspected.' })
      .expect(200);
  });
  afterAll(async () => {
    delete process.env.RULESETS_DIR;
    rmSync(folder, { recursive: true, force: true });
    await api.stop();
  });

  it("refuses the action while its guard holds it back, naming the guard's code", async () => {
    const review = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body;
    expect(review.availableActions).not.toContain('record-family-contact');
    const refused = await api.action(manager, reviewId, 'record-family-contact', { on: '2026-02-02', method: 'phone', summary: 'Called.' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'guard-failed', type: 'urn:dhr-reviews:problem:guard-failed', guard: 'family-agreed' });
  });

  it('validates its body by its own class, naming the field, and refuses a role the ruleset does not allow', async () => {
    api.app.get(FamilyConsents).agreed.add(reviewId);
    const bad = await api.action(manager, reviewId, 'record-family-contact', { on: '2026-02-02', method: 'pigeon', summary: 'Called.' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'invalid-input', errors: [{ field: 'method', message: 'must be letter, phone or visit' }] });
    // The CSP chair sees the review, but the ruleset gives this action to the manager and the independent chair.
    const notYours = await api.action(cspChair, reviewId, 'record-family-contact', { on: '2026-02-02', method: 'phone', summary: 'Called.' }).expect(403);
    expect(notYours.body).toMatchObject({ code: 'not-allowed', allowedRoles: ['csp-manager', 'independent-chair'] });
    // A panel member not on this review's panel cannot see it at all.
    const unseen = await api.action(panelMember, reviewId, 'record-family-contact', { on: '2026-02-02', method: 'phone', summary: 'Called.' }).expect(404);
    expect(unseen.body.code).toBe('not-found');
  });

  it("takes the action, with the ruleset's clock started and the audit entry written", async () => {
    const done = await api
      .action(manager, reviewId, 'record-family-contact', { on: '2026-02-02', method: 'visit', summary: 'Explained the terms of reference.' })
      .expect(200);
    expect(done.body.availableActions).toContain('record-family-contact');
    expect(done.body.deadlines).toContainEqual(expect.objectContaining({ key: 'family-follow-up', label: 'Follow up with the family', dueOn: '2026-02-16' }));
    const trail = (await api.get(manager, `/api/reviews/${reviewId}/audit?pageSize=100`).expect(200)).body.items;
    const entry = trail.find((e: { action: string }) => e.action === 'review.action.record-family-contact');
    expect(entry.changes.details).toEqual({ method: 'visit' });
    expect(entry.changes.input).toMatchObject({ on: '2026-02-02', method: 'visit' });
  });

  it('documents each action as an operation of its own, with its body, what it does and who may take it', async () => {
    const doc = (await api.http().get('/api/docs-json').expect(200)).body;
    expect(doc.paths['/api/reviews/{id}/actions/{action}']).toBeUndefined();
    const family = doc.paths['/api/reviews/{id}/actions/record-family-contact'].post;
    expect(family.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/FamilyContactBody' });
    expect(doc.components.schemas.FamilyContactBody.properties.method.enum).toEqual(['letter', 'phone', 'visit']);
    expect(family.description).toContain("Records a contact with the victim's family");
    expect(family.description).toContain('**dhr-family-edition**');
    const draft = doc.paths['/api/reviews/{id}/actions/complete-draft'].post;
    expect(draft.summary).toBe('Complete the overview report, executive summary and action plan');
    expect(draft.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CompleteDraftBody' });
    expect(Object.keys(doc.components.schemas.CompleteDraftBody.properties)).toEqual(
      expect.arrayContaining(['on', 'unansweredReason', 'overviewReport', 'overviewReportVersion', 'executiveSummary', 'executiveSummaryVersion']),
    );
    expect(draft.description).toMatch(/\*\*dhr-2016-v4\*\* \(Domestic Homicide Review\): an independent review chair; at drafting/);
    expect(draft.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'If-Match', 'Prefer']));
  });
});
