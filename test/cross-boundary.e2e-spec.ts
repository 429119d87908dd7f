import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PartnershipsService } from '@app/partnerships';
import { SmtpSink } from './support/smtp-sink';
import { notification, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';

/**
 * Work that crosses a boundary: a review another partnership contributes people to, a death
 * recorded once with several reviews of it (one a Safeguarding Adults Review run in the product),
 * joint reviews linked from both sides, and the victim's real name, which must stay behind the
 * one endpoint that returns it.
 */

// A SAR edition of our own, so that a DHR and a SAR of one death can both be open in the product.
// (Not test/fixtures/rulesets: another test asserts exactly which rulesets that folder installs.)
const SAR_RULESETS = join(__dirname, 'fixtures', 'rulesets-sar');

// Fictional protected names: they must never leave death_identities.
const REAL_NAME = 'Fictional Name Realperson';
const OTHER_REAL_NAME = 'Fictional Othername Realperson';
const PROTECTED = /Realperson/i;

type Item = { id: string };
const ids = (items: Item[]) => items.map((i) => i.id);

describe('Across boundaries: contributing partnerships, deaths and joint reviews', () => {
  let api: TestApi;
  let worker: TestWorker | undefined;
  let sink: SmtpSink | undefined;
  let contributing: { id: string; name: string }, unrelated: { id: string; name: string };
  // The lead partnership (the first, Safer Halton) and its people.
  let manager: TestUser, cspChair: TestUser, auditor: TestUser, leadChair: TestUser;
  // People of the partnership that contributes to one of the lead's reviews.
  let theirManager: TestUser, theirPanel: TestUser, theirChair: TestUser;
  // A panel member of a partnership that contributes to nothing.
  let strangerPanel: TestUser;
  // Adult K's death (with a real name recorded), its DHR and its SAR; Adult L's DHR (another
  // death, lead-only); Adult M's death, recorded with no name and no review.
  let deathK: { id: string }, deathM: { id: string };
  let dhr: { id: string; reference: string }, sar: { id: string; reference: string }, otherReview: { id: string; reference: string };
  let deathL: string;

  const moveTo = (partnershipId: string, user: TestUser, agencyCode?: string) => api.moveUser(user, partnershipId, agencyCode);

  const reviewOf = async (user: TestUser, id: string) => (await api.get(user, `/api/reviews/${id}`).expect(200)).body;

  beforeAll(async () => {
    process.env.RULESETS_DIR = SAR_RULESETS;
    api = await TestApi.start({ today: '2026-03-02' });
    const partnerships = api.app.get(PartnershipsService);
    // The contributing partnership has agencies of its own, with codes the lead does not use.
    contributing = await api.asSystem(() =>
      partnerships.ensurePartnership('Fictional Contributing Partnership', 'Fictional Contributing Domestic Abuse Board', [
        { code: 'fictional-police', name: 'Fictional Police' },
        { code: 'fictional-council', name: 'Fictional Council' },
      ]),
    );
    unrelated = await api.asSystem(() =>
      partnerships.ensurePartnership('Fictional Unrelated Partnership', 'Fictional Unrelated Domestic Abuse Board', [
        { code: 'unrelated-police', name: 'Unrelated Police' },
      ]),
    );

    manager = await api.user(['csp-manager'], undefined, 'Morgan Lead-Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Lead-Chair');
    auditor = await api.user(['auditor'], undefined, 'Avery Auditor');
    leadChair = await api.user(['independent-chair'], undefined, 'Indigo Lead-Independent');
    theirManager = await moveTo(contributing.id, await api.user(['csp-manager'], undefined, 'Toby Their-Manager'));
    theirPanel = await moveTo(contributing.id, await api.user(['panel-member'], 'cheshire-police', 'Pat Their-Panel'), 'fictional-police');
    theirChair = await moveTo(contributing.id, await api.user(['independent-chair'], undefined, 'Chris Their-Chair'));
    strangerPanel = await moveTo(unrelated.id, await api.user(['panel-member'], 'cheshire-police', 'Sam Stranger'), 'unrelated-police');

    // Adult K: the death is recorded first, with the real name, then reviewed twice.
    deathK = (
      await api
        .post(manager, '/api/deaths', {
          dateOfDeath: '2026-02-14',
          placeOfDeath: 'A fictional flat near the boundary of the two areas',
          victim: { pseudonym: 'Adult K', ageAtDeath: 34, sex: 'female', name: REAL_NAME },
          suspectRelationship: 'unknown',
        })
        .expect(201)
    ).body;
    const onK = {
      notifiedOn: '2026-02-20',
      notifyingAgency: 'cheshire-police',
      circumstances: 'Fictional circumstances: Adult K was found at home.',
      deathId: deathK.id,
    };
    dhr = (await api.post(manager, '/api/reviews', { type: 'DHR', ...onK }).expect(201)).body;
    sar = (await api.post(manager, '/api/reviews', { type: 'SAR', ...onK, notifiedOn: '2026-02-22' }).expect(201)).body;
    await api.action(cspChair, dhr.id, 'decide', { outcome: 'hold', decidedOn: '2026-02-24', rationale: 'Criteria met.' }).expect(200);

    // Adult L: a lead-only DHR, its death recorded with the review (a real name given there too),
    // driven on to drafting with a recommendation and an action.
    otherReview = (
      await api
        .post(manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult L', ageAtDeath: 52, sex: 'male', name: OTHER_REAL_NAME } }))
        .expect(201)
    ).body;
    deathL = (await reviewOf(manager, otherReview.id)).death.id;
    await api.action(cspChair, otherReview.id, 'decide', { outcome: 'hold', decidedOn: '2026-02-10', rationale: 'Criteria met.' }).expect(200);
    await api.action(manager, otherReview.id, 'appoint-chair', { userId: leadChair.id, appointedOn: '2026-02-11' }).expect(200);
    await api.action(leadChair, otherReview.id, 'agree-terms-of-reference', { agreedOn: '2026-02-12' }).expect(200);
    await api.action(leadChair, otherReview.id, 'complete-information', { on: '2026-02-20' }).expect(200);
    const rec = (
      await api
        .post(leadChair, `/api/reviews/${otherReview.id}/recommendations`, {
          text: 'Lead-only.',
          level: 'local',
          owningAgency: 'cheshire-police',
          themes: ['hate-crime'],
          outcome: 'Lead-only.',
        })
        .expect(201)
    ).body;
    await api
      .post(leadChair, `/api/reviews/${otherReview.id}/recommendations/${rec.id}/actions`, {
        description: 'Lead-only action.',
        owningAgency: 'cheshire-police',
        dueOn: '2026-04-01',
      })
      .expect(201);

    // Adult M: recorded, no name, no review yet.
    deathM = (await api.post(cspChair, '/api/deaths', { dateOfDeath: '2026-02-27', victim: { pseudonym: 'Adult M', ageAtDeath: 70, sex: 'male' } }).expect(201))
      .body;
  });

  afterAll(async () => {
    delete process.env.RULESETS_DIR;
    await worker?.stop();
    await api.stop();
    await sink?.stop();
  });

  describe('contributing partnerships', () => {
    it('lists every partnership by id and name, to choose a contributor from', async () => {
      const listed = (await api.get(manager, '/api/partnerships').expect(200)).body;
      expect(listed).toEqual([
        { id: contributing.id, name: 'Fictional Contributing Partnership' },
        { id: unrelated.id, name: 'Fictional Unrelated Partnership' },
        { id: expect.any(String), name: 'Safer Halton Partnership' },
      ]);
    });

    it('refuses to appoint another partnership’s people until it contributes, and lets only the lead’s CSP manager or chair add it', async () => {
      // Not yet a contributor: their panel member and chair cannot be appointed.
      const early = await api.action(manager, dhr.id, 'add-panel-member', { userId: theirPanel.id, agency: 'fictional-police' }).expect(400);
      expect(early.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
      expect((await api.action(manager, dhr.id, 'appoint-chair', { userId: theirChair.id, appointedOn: '2026-02-25' }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'userId' }),
      ]);

      // Who may not add a contributor: the other partnership's manager cannot even see the review;
      // the lead's auditor sees it but may not change it.
      await api.post(theirManager, `/api/reviews/${dhr.id}/contributors`, { partnershipId: contributing.id }).expect(404);
      await api.post(auditor, `/api/reviews/${dhr.id}/contributors`, { partnershipId: contributing.id }).expect(403);
      // Bad choices are named.
      const lead = (await api.get(manager, '/api/partnerships').expect(200)).body.find((p: { name: string }) => p.name === 'Safer Halton Partnership');
      expect((await api.post(manager, `/api/reviews/${dhr.id}/contributors`, { partnershipId: lead.id }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'partnershipId' }),
      ]);
      expect(
        (await api.post(manager, `/api/reviews/${dhr.id}/contributors`, { partnershipId: '00000000-0000-4000-8000-000000000000' }).expect(400)).body.errors,
      ).toEqual([expect.objectContaining({ field: 'partnershipId' })]);

      const added = (await api.post(manager, `/api/reviews/${dhr.id}/contributors`, { partnershipId: contributing.id }).expect(201)).body;
      expect(added.contributors).toEqual([{ partnershipId: contributing.id, name: 'Fictional Contributing Partnership', addedAt: expect.any(String) }]);
      await api.post(cspChair, `/api/reviews/${dhr.id}/contributors`, { partnershipId: contributing.id }).expect(409);
      const trail = (await api.get(manager, `/api/reviews/${dhr.id}/audit?pageSize=100`).expect(200)).body.items;
      expect(trail).toEqual(
        expect.arrayContaining([expect.objectContaining({ action: 'review.contributor-added', changes: { partnershipId: contributing.id } })]),
      );
    });

    it('appoints a contributor’s people, with an agency of their own partnership, and never a non-contributor’s', async () => {
      // A panel member represents an agency of their own partnership: the lead's agency codes mean nothing there.
      const wrongAgency = await api.action(manager, dhr.id, 'add-panel-member', { userId: theirPanel.id, agency: 'cheshire-police' }).expect(400);
      expect(wrongAgency.body.errors).toEqual([expect.objectContaining({ field: 'agency' })]);
      await api.action(manager, dhr.id, 'add-panel-member', { userId: theirPanel.id, agency: 'fictional-police' }).expect(200);
      const review = (await api.action(manager, dhr.id, 'appoint-chair', { userId: theirChair.id, appointedOn: '2026-02-25' }).expect(200)).body;
      expect(review.chair).toEqual({ userId: theirChair.id, name: 'Chris Their-Chair', appointedOn: '2026-02-25' });
      expect(review.panel).toEqual([{ userId: theirPanel.id, name: 'Pat Their-Panel', agency: expect.any(String), agencyName: 'Fictional Police' }]);

      // A partnership that does not contribute: its people are refused, naming userId.
      const refused = await api.action(manager, dhr.id, 'add-panel-member', { userId: strangerPanel.id, agency: 'unrelated-police' }).expect(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'userId' })]);
      // Nor can the contributor's people be appointed to the lead's other reviews, which it does not contribute to.
      expect(
        (await api.action(manager, otherReview.id, 'appoint-chair', { userId: theirChair.id, appointedOn: '2026-02-26' }).expect(400)).body.errors,
      ).toEqual([expect.objectContaining({ field: 'userId' })]);
      // The appointed chair from the contributor may act on this review, but cannot add partnerships to it.
      await api.post(theirChair, `/api/reviews/${dhr.id}/contributors`, { partnershipId: unrelated.id }).expect(403);
    });

    it('shows an appointed contributor exactly that review: its list entry, view, audit trail, deadlines and death', async () => {
      for (const appointee of [theirPanel, theirChair]) {
        const list = (await api.get(appointee, '/api/reviews?pageSize=100').expect(200)).body;
        expect(ids(list.items)).toEqual([dhr.id]);
        expect(list.total).toBe(1);
        const view = await reviewOf(appointee, dhr.id);
        expect(view).toMatchObject({
          reference: dhr.reference,
          victim: { pseudonym: 'Adult K' },
          contributors: [expect.objectContaining({ partnershipId: contributing.id })],
        });
        const trail = (await api.get(appointee, `/api/reviews/${dhr.id}/audit?pageSize=100`).expect(200)).body;
        expect(trail.total).toBeGreaterThan(0);
        expect(trail.items.every((e: { reviewId: string }) => e.reviewId === dhr.id)).toBe(true);

        const deadlines = (await api.get(appointee, '/api/deadlines?pageSize=100').expect(200)).body.items;
        expect(deadlines.length).toBeGreaterThan(0);
        expect(new Set(deadlines.map((d: { review: Item }) => d.review.id))).toEqual(new Set([dhr.id]));
        expect((await api.get(appointee, `/api/deadlines?reviewId=${otherReview.id}`).expect(200)).body.total).toBe(0);

        // The death of that review, and only its reviews the appointee may see (not the SAR).
        const deaths = (await api.get(appointee, '/api/deaths?pageSize=100').expect(200)).body;
        expect(deaths).toMatchObject({ total: 1, page: 1, items: [{ id: deathK.id, victimPseudonym: 'Adult K', reviews: [dhr.reference] }] });
        const death = (await api.get(appointee, `/api/deaths/${deathK.id}`).expect(200)).body;
        expect(death.reviews.map((r: Item) => r.id)).toEqual([dhr.id]);
        expect(death.identityRecorded).toBe(false); // not theirs to know
        // They may see the death, not the victim's name.
        await api.get(appointee, `/api/deaths/${deathK.id}/identity`).expect(403);
      }
    });

    it('shows an appointed contributor nothing else of the lead’s', async () => {
      for (const appointee of [theirPanel, theirChair]) {
        for (const other of [otherReview.id, sar.id]) {
          await api.get(appointee, `/api/reviews/${other}`).expect(404);
          await api.get(appointee, `/api/reviews/${other}/audit`).expect(404);
          await api.get(appointee, `/api/reviews/${other}/recommendations`).expect(404);
        }
        for (const death of [deathL, deathM.id]) await api.get(appointee, `/api/deaths/${death}`).expect(404);
        // The lead's action plan (on Adult L's review) is not theirs, in the list or by id.
        const actions = (await api.get(appointee, '/api/actions?pageSize=100').expect(200)).body;
        expect(actions.items).toEqual([]);
        const leadAction = (await api.get(manager, '/api/actions?pageSize=100').expect(200)).body.items.find(
          (a: { description: string }) => a.description === 'Lead-only action.',
        );
        await api.get(appointee, `/api/actions/${leadAction.id}`).expect(404);
        // Boards are their own partnership's; the lead's are not reachable even by id.
        const boards = (await api.get(appointee, '/api/boards').expect(200)).body;
        expect(boards.map((b: { name: string }) => b.name)).toEqual([
          'Fictional Contributing Partnership board',
          'Fictional Contributing Domestic Abuse Board',
        ]);
        const leadBoard = (await api.get(manager, '/api/boards').expect(200)).body[0];
        await api.get(appointee, `/api/boards/${leadBoard.id}`).expect(404);
        await api.get(appointee, `/api/boards/${leadBoard.id}/audit`).expect(404);
        await api.get(appointee, `/api/boards/${leadBoard.id}/report?quarter=2026-Q1`).expect(404);
        // They act only through their appointment, and only on this review.
        await api.action(appointee, otherReview.id, 'pause', { reason: 'x', startedOn: '2026-03-01' }).expect(404);
        await api.post(appointee, '/api/deaths', { dateOfDeath: '2026-02-01', victim: { pseudonym: 'Adult Z', ageAtDeath: 30, sex: 'male' } }).expect(403);
      }
      // Below the services, the database draws the same line: scoped to the contributing
      // partnership, an unfiltered query finds the shared review and its death among the lead's.
      const sql = (text: string) => api.app.get(DataSource).query(text);
      await api.asPartnership(contributing.id, async () => {
        const leads = await sql(`SELECT id, death_id FROM reviews WHERE partnership_id <> '${contributing.id}'`);
        expect(leads).toEqual([{ id: dhr.id, death_id: deathK.id }]);
        expect((await sql(`SELECT id FROM deaths WHERE partnership_id <> '${contributing.id}'`)).map((d: { id: string }) => d.id)).toEqual([deathK.id]);
        expect(await sql(`SELECT death_id FROM death_identities`)).toEqual([]);
      });
    });

    it('shows the contributor’s own CSP manager, who is not appointed, nothing of the lead’s review or death', async () => {
      const seen = JSON.stringify([
        (await api.get(theirManager, '/api/reviews?pageSize=100').expect(200)).body,
        (await api.get(theirManager, '/api/deadlines?pageSize=100').expect(200)).body,
        (await api.get(theirManager, '/api/actions?pageSize=100').expect(200)).body,
        (await api.get(theirManager, '/api/deaths?pageSize=100').expect(200)).body,
        (await api.get(theirManager, '/api/boards/csp/audit?pageSize=100').expect(200)).body,
      ]);
      for (const secret of [dhr.id, sar.id, deathK.id, 'Adult K', dhr.reference]) expect(seen).not.toContain(secret);
      await api.get(theirManager, `/api/reviews/${dhr.id}`).expect(404);
      await api.get(theirManager, `/api/reviews/${dhr.id}/audit`).expect(404);
      await api.get(theirManager, `/api/deaths/${deathK.id}`).expect(404);
      await api.get(theirManager, `/api/deaths/${deathK.id}/identity`).expect(404);
      await api.http().patch(`/api/deaths/${deathK.id}`).set('Authorization', `Bearer ${theirManager.token}`).send({ suspectedSuicide: true }).expect(404);
      // A death another partnership recorded cannot be reviewed from here either.
      const borrowed = await api
        .post(theirManager, '/api/reviews', {
          type: 'DHR',
          notifiedOn: '2026-02-25',
          notifyingAgency: 'fictional-police',
          circumstances: 'Fictional.',
          deathId: deathK.id,
        })
        .expect(400);
      expect(borrowed.body.errors).toEqual([expect.objectContaining({ field: 'deathId' })]);
      expect(JSON.stringify(borrowed.body)).not.toContain('Adult K');
    });
  });

  describe('deaths', () => {
    it('records a death once, reviews it by deathId, and refuses facts given alongside deathId', async () => {
      const death = (await api.get(manager, `/api/deaths/${deathK.id}`).expect(200)).body;
      expect(death).toMatchObject({
        id: deathK.id,
        dateOfDeath: '2026-02-14',
        placeOfDeath: 'A fictional flat near the boundary of the two areas',
        victim: { pseudonym: 'Adult K', ageAtDeath: 34, sex: 'female' },
        suspectRelationship: 'unknown',
        suspectedSuicide: false,
        identityRecorded: true,
      });
      // Both reviews of Adult K hang off the one death. (The test clock stands still, so they were
      // created at the same instant: compare without order.)
      expect(death.reviews).toHaveLength(2);
      expect(death.reviews).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: dhr.id, type: 'DHR', reference: dhr.reference }),
          expect.objectContaining({ id: sar.id, type: 'SAR', reference: 'SAR-2026-001' }),
        ]),
      );
      expect((await reviewOf(manager, sar.id)).death.id).toBe(deathK.id);
      expect(sar.reference).toBe('SAR-2026-001');

      const base = { type: 'DHR', notifiedOn: '2026-02-28', notifyingAgency: 'cheshire-police', circumstances: 'Fictional.', deathId: deathM.id };
      const withDate = await api.post(manager, '/api/reviews', { ...base, dateOfDeath: '2026-02-27' }).expect(400);
      expect(withDate.body.errors).toEqual([expect.objectContaining({ field: 'dateOfDeath' })]);
      const withVictim = await api
        .post(manager, '/api/reviews', { ...base, victim: { pseudonym: 'Adult M', ageAtDeath: 70, sex: 'male', name: REAL_NAME } })
        .expect(400);
      expect(withVictim.body.errors).toEqual([expect.objectContaining({ field: 'victim' })]);
      expect(JSON.stringify(withVictim.body)).not.toMatch(PROTECTED);
      // Nothing was opened by the refused requests.
      expect((await api.get(manager, `/api/deaths/${deathM.id}`).expect(200)).body.reviews).toEqual([]);

      const page = (await api.get(manager, '/api/deaths?pageSize=2').expect(200)).body;
      expect(page).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(ids(page.items)).toEqual([deathM.id, deathK.id]); // most recent death first
      expect(page.items[1]).toEqual({
        id: deathK.id,
        dateOfDeath: '2026-02-14',
        victimPseudonym: 'Adult K',
        reviews: expect.arrayContaining([dhr.reference, sar.reference]),
      });
      expect(page.items[1].reviews).toHaveLength(2);
    });

    it('changes a death’s facts through PATCH, for the CSP manager and chair only', async () => {
      const patch = (user: TestUser, body: object) => api.http().patch(`/api/deaths/${deathK.id}`).set('Authorization', `Bearer ${user.token}`).send(body);
      const changed = (await patch(cspChair, { suspectRelationship: 'former-partner', offensiveWeaponInvolved: false }).expect(200)).body;
      expect(changed).toMatchObject({
        suspectRelationship: 'former-partner',
        offensiveWeaponInvolved: false,
        placeOfDeath: 'A fictional flat near the boundary of the two areas',
      });
      expect((await reviewOf(manager, dhr.id)).death).toMatchObject({ suspectRelationship: 'former-partner', offensiveWeaponInvolved: false });
      await patch(auditor, { suspectedSuicide: true }).expect(403);
      await patch(theirChair, { suspectedSuicide: true }).expect(403);
      // The facts are the death's personal data: stored sealed under the death's own key (so disposal
      // can destroy them), and read in place through the trail.
      const updated = await api.db.query(`SELECT changes FROM audit_entries WHERE action = 'death.updated'`);
      expect(updated.rows).toEqual([{ changes: { deathId: deathK.id, sealed: expect.objectContaining({ of: deathK.id, fields: ['before', 'after'] }) } }]);
      const trail = (await api.get(manager, '/api/boards/csp/audit?pageSize=100').expect(200)).body.items;
      expect(trail.filter((e: { action: string }) => e.action === 'death.updated').map((e: { changes: unknown }) => e.changes)).toEqual([
        expect.objectContaining({
          deathId: deathK.id,
          before: expect.objectContaining({ suspectRelationship: 'unknown' }),
          after: expect.objectContaining({ suspectRelationship: 'former-partner' }),
        }),
      ]);
    });

    it('gives the victim’s real name to the lead’s CSP manager and chair only, auditing each read', async () => {
      expect((await api.get(manager, `/api/deaths/${deathK.id}/identity`).expect(200)).body).toEqual({ deathId: deathK.id, victimName: REAL_NAME });
      expect((await api.get(cspChair, `/api/deaths/${deathL}/identity`).expect(200)).body).toEqual({ deathId: deathL, victimName: OTHER_REAL_NAME });
      // The auditor sees every death of the partnership, but not the name.
      expect((await api.get(auditor, `/api/deaths/${deathK.id}`).expect(200)).body.identityRecorded).toBe(true);
      await api.get(auditor, `/api/deaths/${deathK.id}/identity`).expect(403);
      await api.get(leadChair, `/api/deaths/${deathL}/identity`).expect(403); // chairs Adult L's review
      // No name recorded: nothing to give.
      expect((await api.get(manager, `/api/deaths/${deathM.id}`).expect(200)).body.identityRecorded).toBe(false);
      await api.get(manager, `/api/deaths/${deathM.id}/identity`).expect(404);
      await api.post(auditor, '/api/deaths', { dateOfDeath: '2026-02-01', victim: { pseudonym: 'Adult Z', ageAtDeath: 30, sex: 'male' } }).expect(403);

      const reads = await api.db.query(`SELECT actor_id, changes FROM audit_entries WHERE action = 'death.identity-viewed' ORDER BY seq`);
      expect(reads.rows).toEqual([
        { actor_id: manager.id, changes: { deathId: deathK.id } },
        { actor_id: cspChair.id, changes: { deathId: deathL } },
      ]);
    });
  });

  describe('joint reviews', () => {
    it('records a joint review run outside the product, naming what is missing or wrong', async () => {
      const link = (body: object) => api.post(manager, `/api/reviews/${dhr.id}/links`, body);
      expect((await link({ kind: 'CSPR', runBy: 'Fictional Safeguarding Children Partnership' }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'externalReference' }),
      ]);
      expect((await link({ kind: 'SAR', externalReference: 'SAR-FICT-2026-01' }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'runBy' }),
      ]);
      // Shared panel members must sit on this review's panel: the CSP manager does not.
      const stranger = await link({
        kind: 'CDR',
        externalReference: 'CDR-FICT-7',
        runBy: 'Fictional Child Death Overview Panel',
        sharedPanelMembers: [theirPanel.id, manager.id],
      }).expect(400);
      expect(stranger.body.errors).toEqual([expect.objectContaining({ field: 'sharedPanelMembers', message: expect.stringContaining(manager.id) })]);
      await link({ kind: 'ABC', externalReference: 'x', runBy: 'y' }).expect(400);
      // Only the lead's managers and chairs, or this review's chair, link reviews.
      await api
        .post(theirPanel, `/api/reviews/${dhr.id}/links`, { kind: 'CDR', externalReference: 'CDR-FICT-7', runBy: 'Fictional Child Death Overview Panel' })
        .expect(403);

      const review = (
        await link({
          kind: 'CDR',
          externalReference: 'CDR-FICT-7',
          runBy: 'Fictional Child Death Overview Panel',
          sharedPanelMembers: [theirPanel.id],
          note: 'Run jointly.',
        }).expect(201)
      ).body;
      expect(review.links).toEqual([
        {
          id: expect.any(String),
          kind: 'CDR',
          externalReference: 'CDR-FICT-7',
          runBy: 'Fictional Child Death Overview Panel',
          reviewId: null,
          reference: null,
          sharedPanelMembers: [theirPanel.id],
          note: 'Run jointly.',
          side: 'made-here',
          createdAt: expect.any(String),
        },
      ]);
      // Recorded against the DHR, not the death: the SAR of the same death does not carry it.
      expect((await reviewOf(manager, sar.id)).links).toEqual([]);
    });

    it('links a DHR and a SAR of the same death in the product, the link showing on both', async () => {
      const link = (from: string, body: object) => api.post(manager, `/api/reviews/${from}/links`, body);
      // Reviews of different deaths cannot be linked; the kind must be the linked review's type.
      expect((await link(dhr.id, { kind: 'DHR', linkedReviewId: otherReview.id }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'linkedReviewId' }),
      ]);
      expect((await link(dhr.id, { kind: 'OWHR', linkedReviewId: sar.id }).expect(400)).body.errors).toEqual([expect.objectContaining({ field: 'kind' })]);
      expect((await link(dhr.id, { kind: 'DHR', linkedReviewId: dhr.id }).expect(400)).body.errors).toEqual([
        expect.objectContaining({ field: 'linkedReviewId' }),
      ]);

      const fromDhr = (await link(dhr.id, { kind: 'SAR', linkedReviewId: sar.id, note: 'One panel, two reports.' }).expect(201)).body;
      const made = fromDhr.links.find((l: { kind: string }) => l.kind === 'SAR');
      expect(made).toMatchObject({
        side: 'made-here',
        reviewId: sar.id,
        reference: 'SAR-2026-001',
        externalReference: null,
        runBy: null,
        note: 'One panel, two reports.',
      });

      const sarView = await reviewOf(manager, sar.id);
      expect(sarView.links).toEqual([
        expect.objectContaining({ id: made.id, kind: 'DHR', side: 'made-there', reviewId: dhr.id, reference: dhr.reference, note: 'One panel, two reports.' }),
      ]);
      // One link, not two: linking again from either side is refused.
      await link(sar.id, { kind: 'DHR', linkedReviewId: dhr.id }).expect(409);
      await link(dhr.id, { kind: 'SAR', linkedReviewId: sar.id }).expect(409);

      const death = (await api.get(manager, `/api/deaths/${deathK.id}`).expect(200)).body;
      expect(death.links.map((l: { kind: string; reference: string | null }) => [l.kind, l.reference]).sort()).toEqual([
        ['CDR', null],
        ['SAR', 'SAR-2026-001'],
      ]);
      const trail = (await api.get(manager, `/api/reviews/${dhr.id}/audit?pageSize=100`).expect(200)).body.items;
      expect(
        trail
          .filter((e: { action: string }) => e.action === 'review.linked')
          .map((e: { changes: { link: { linkedReviewId: string | null } } }) => e.changes.link.linkedReviewId),
      ).toEqual([null, sar.id]);
    });

    it('records a joint review against a death that has no review of ours yet', async () => {
      const death = (
        await api
          .post(manager, `/api/deaths/${deathM.id}/links`, { kind: 'SAR', externalReference: 'SAR-FICT-2026-02', runBy: 'Fictional Safeguarding Adults Board' })
          .expect(201)
      ).body;
      expect(death.links).toEqual([
        expect.objectContaining({
          kind: 'SAR',
          externalReference: 'SAR-FICT-2026-02',
          runBy: 'Fictional Safeguarding Adults Board',
          side: 'death',
          reviewId: null,
        }),
      ]);
      expect(
        (
          await api
            .post(manager, `/api/deaths/${deathM.id}/links`, {
              kind: 'SAR',
              externalReference: 'SAR-FICT-2026-03',
              runBy: 'x',
              sharedPanelMembers: [theirPanel.id],
            })
            .expect(400)
        ).body.errors,
      ).toEqual([expect.objectContaining({ field: 'sharedPanelMembers' })]);
      await api.post(auditor, `/api/deaths/${deathM.id}/links`, { kind: 'SAR', externalReference: 'SAR-FICT-2026-04', runBy: 'x' }).expect(403);
    });

    it('does not hand an appointed contributor the id of a linked review they may not see', async () => {
      // LinkView.reviewId is documented as "the other review, where it is in the product and the
      // caller may see it". The contributor's panel member sits on the DHR only: the SAR is 404
      // to them, so its id must not reach them through the DHR's links or the death's.
      await api.get(theirPanel, `/api/reviews/${sar.id}`).expect(404);
      const dhrLinks = (await reviewOf(theirPanel, dhr.id)).links;
      const toSar = dhrLinks.find((l: { kind: string }) => l.kind === 'SAR');
      // They learn that a SAR runs alongside, but neither its id nor its reference.
      expect(toSar).toMatchObject({ side: 'made-here', kind: 'SAR', reviewId: null, reference: null });
      const leadsView = (await reviewOf(manager, dhr.id)).links.find((l: { kind: string }) => l.kind === 'SAR');
      expect(leadsView).toMatchObject({ reviewId: sar.id, reference: 'SAR-2026-001' });
      const deathLinks = (await api.get(theirPanel, `/api/deaths/${deathK.id}`).expect(200)).body.links;
      expect(JSON.stringify(deathLinks)).not.toContain(sar.id);
    });
  });

  describe('the protected name', () => {
    it('never shows the real name in reviews, deaths, audit trails, exports or the outbox', async () => {
      // Mail about these reviews goes out: reminders from the worker, at 09:00 on the day the
      // Home Office notice for Adult K's DHR falls due (decided 24 Feb, 7 days).
      sink = await SmtpSink.start();
      worker = await TestWorker.start(api, sink.url);
      api.clock.set('2026-03-03T09:05:00Z');
      await worker.reconcileAndSettle();

      const readers = [manager, cspChair, auditor, leadChair, theirPanel, theirChair];
      const seen: unknown[] = [];
      for (const user of readers) {
        seen.push((await api.get(user, '/api/reviews?pageSize=100').expect(200)).body);
        seen.push((await api.get(user, '/api/deaths?pageSize=100').expect(200)).body);
        for (const review of [dhr, sar, otherReview]) {
          const view = await api.get(user, `/api/reviews/${review.id}`);
          if (view.status !== 200) continue;
          seen.push(view.body, (await api.get(user, `/api/reviews/${review.id}/audit?pageSize=100`).expect(200)).body);
        }
        for (const death of [deathK.id, deathL, deathM.id]) {
          const view = await api.get(user, `/api/deaths/${death}`);
          if (view.status === 200) seen.push(view.body);
        }
      }
      for (const review of [dhr, otherReview]) {
        seen.push((await api.get(manager, `/api/reviews/${review.id}/export`).expect(200)).body);
        seen.push((await api.get(manager, `/api/reviews/${review.id}/export?format=html`).expect(200)).text);
      }
      const text = JSON.stringify(seen);
      expect(text).toContain('Adult K'); // the pseudonym is what they read
      expect(text).not.toMatch(PROTECTED);

      // Behind the api's back: the whole audit chain and every mail written.
      const audit = await api.db.query(`SELECT a::text AS row FROM audit_entries a`);
      expect(audit.rows.length).toBeGreaterThan(20);
      expect(audit.rows.filter((r) => PROTECTED.test(r.row))).toEqual([]);
      const created = (await api.get(manager, `/api/reviews/${otherReview.id}/audit?pageSize=100`).expect(200)).body.items.find(
        (e: { action: string }) => e.action === 'review.created',
      );
      expect(created.changes.death).toMatchObject({ identityRecorded: true, recorded: expect.objectContaining({ victimPseudonym: 'Adult L' }) });
      const outbox = await api.db.query(`SELECT o::text AS row, review_id FROM outbox_messages o`);
      expect(outbox.rows.filter((r) => r.review_id === dhr.id).length).toBeGreaterThan(0); // mail about Adult K did go out
      expect(outbox.rows.filter((r) => PROTECTED.test(r.row))).toEqual([]);
      expect(sink.messages.filter((m) => PROTECTED.test(`${m.subject} ${m.text} ${m.html}`))).toEqual([]);

      // The name is held, but in no table in clear: encrypted in death_identities (libs/identity-vault), read back through the api.
      const tables = (
        await api.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)
      ).rows.map((r) => r.table_name as string);
      const holding: string[] = [];
      for (const table of tables) {
        const found = await api.db.query(`SELECT count(*)::int AS n FROM "${table}" t WHERE t::text ~* 'Realperson'`);
        if (found.rows[0].n > 0) holding.push(table);
      }
      expect(holding).toEqual([]);
      expect((await api.db.query(`SELECT count(*)::int AS n FROM death_identities WHERE victim_name_sealed LIKE 'v1:%'`)).rows[0].n).toBeGreaterThan(0);
    });
  });
});
