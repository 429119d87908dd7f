import { uploadReport } from './support/scenarios';
import { notification, TestApi, TestUser } from './support/test-app';

type Deadline = { key: string; dueOn: string; status: string; completedOn: string | null; overdue: boolean };
type Review = {
  id: string;
  reference: string;
  stage: string;
  status: string;
  deadlines: Deadline[];
  notices: unknown[];
  links: unknown[];
  [k: string]: unknown;
};
const deadline = (review: Review, key: string) => {
  const found = review.deadlines.find((d) => d.key === key);
  if (!found) throw new Error(`no deadline ${key} in ${JSON.stringify(review.deadlines.map((d) => d.key))}`);
  return found;
};

/** A death an OWHR is for: an adult, an offensive weapon, a suspect who is no relation. */
const owhr = (overrides: Record<string, unknown> = {}) =>
  notification({
    type: 'OWHR',
    notifiedOn: '2026-01-31',
    dateOfDeath: '2026-01-29',
    victim: { pseudonym: 'Adult W', ageAtDeath: 24, sex: 'male' },
    offensiveWeaponInvolved: true,
    suspectRelationship: 'acquaintance',
    placeOfDeath: 'A park in the town centre',
    ...overrides,
  });

/** What PCSCA 2022 s.28 asks the partners to confirm as the report goes to the Secretary of State. */
const s28 = {
  recommendationOwnersInformed: true,
  exclusionsConsidered: true,
  exclusionsNote: 'The home address of a witness was left out at the police partner’s request.',
};

describe('Offensive Weapons Homicide Reviews', () => {
  let api: TestApi;
  let admin: TestUser, manager: TestUser, cspChair: TestUser, chair: TestUser, police: TestUser, council: TestUser, icb: TestUser, panel: TestUser;

  const act = async (user: TestUser, id: string, action: string, body: object, today?: string): Promise<Review> => {
    if (today) api.clock.setDate(today);
    const res = await api.action(user, id, action, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const open = async (body: object, today = '2026-02-01'): Promise<Review> => {
    api.clock.setDate(today);
    const res = await api.post(manager, '/api/reviews', body);
    if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const read = async (id: string): Promise<Review> => (await api.get(manager, `/api/reviews/${id}`).expect(200)).body;

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-02-01' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    police = await api.user(['review-partner'], 'cheshire-police');
    council = await api.user(['review-partner'], 'halton-borough-council');
    icb = await api.user(['review-partner'], 'nhs-cheshire-and-merseyside');
    panel = await api.user(['panel-member'], 'cheshire-police');
  });
  afterAll(() => api.stop());

  it('is refused until an administrator switches the type on for the partnership', async () => {
    const refused = await api.post(manager, '/api/reviews', owhr()).expect(409);
    expect(refused.body.detail).toContain('does not run Offensive Weapons Homicide Reviews');
    expect(await api.db.query('SELECT count(*)::int AS n FROM deaths')).toMatchObject({ rows: [{ n: 0 }] });
    await api.http().put('/api/admin/review-types/OWHR').set('Authorization', `Bearer ${admin.token}`).send({ enabled: true }).expect(200);
  });

  it('runs from awareness to publication, with the Secretary of State told within a month and of each decision', async () => {
    // Awareness: the first notice to the Secretary of State is due one calendar month later (s.27).
    let review = await open(owhr());
    const id = review.id;
    expect(review).toMatchObject({
      reference: 'OWHR-2026-001',
      type: 'OWHR',
      typeName: 'Offensive Weapons Homicide Review',
      ruleset: 'owhr-2023-v4',
      stage: 'decision',
      criteriaWarnings: [],
    });
    expect(review.death).toMatchObject({ offensiveWeaponInvolved: true, suspectRelationship: 'acquaintance', placeOfDeath: 'A park in the town centre' });
    expect(deadline(review, 'sos-notice')).toMatchObject({ dueOn: '2026-02-28', status: 'open' });
    expect(review.reviewPartners).toEqual([
      expect.objectContaining({ partner: 'police', userId: null, decision: null }),
      expect.objectContaining({ partner: 'local-authority', userId: null }),
      expect.objectContaining({ partner: 'integrated-care-board', userId: null }),
    ]);

    // Not decided within the month: the notice says so, and meets the clock.
    review = await act(manager, id, 'notify-secretary-of-state', { sentOn: '2026-02-20' }, '2026-02-20');
    expect(review.notices).toEqual([{ kind: 'initial', outcome: 'not-yet-decided', deadline: 'sos-notice', dueOn: '2026-02-28', sentOn: '2026-02-20' }]);
    expect(deadline(review, 'sos-notice')).toMatchObject({ status: 'met', completedOn: '2026-02-20' });
    const nothingDue = await api.action(manager, id, 'notify-secretary-of-state', { sentOn: '2026-02-20' }).expect(409);
    expect(nothingDue.body.detail).toBe('No notice to the Secretary of State is due for this review.');

    // The decision: under a duty. The review's clock starts, and a further notice falls due.
    const wrongOutcome = await api.action(cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-03-10', rationale: 'x' }).expect(400);
    expect(wrongOutcome.body.errors).toEqual([
      expect.objectContaining({ field: 'outcome', message: expect.stringContaining('under-a-duty, not-under-a-duty') }),
    ]);
    review = await act(
      cspChair,
      id,
      'decide',
      { outcome: 'under-a-duty', decidedOn: '2026-03-10', rationale: 'A knife was used; the victim was known to two partners.' },
      '2026-03-10',
    );
    expect(review).toMatchObject({ stage: 'set-up', decision: { outcome: 'under-a-duty', decidedOn: '2026-03-10' } });
    expect(deadline(review, 'review')).toMatchObject({ dueOn: '2027-03-10', status: 'open' });
    expect(deadline(review, 'sos-decision-notice')).toMatchObject({ dueOn: '2026-04-10', status: 'open' });
    review = await act(manager, id, 'notify-secretary-of-state', { sentOn: '2026-03-12' }, '2026-03-12');
    expect(review.notices).toEqual([
      expect.objectContaining({ kind: 'initial', outcome: 'not-yet-decided' }),
      { kind: 'decision', outcome: 'under-a-duty', deadline: 'sos-decision-notice', dueOn: '2026-04-10', sentOn: '2026-03-12' },
    ]);

    // Set-up: the chair, and the three review partners with the people who speak for them.
    review = await act(manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-03-12' });
    const notAPartner = await api.action(manager, id, 'add-review-partner', { partner: 'fire-service', userId: police.id }).expect(400);
    expect(notAPartner.body.errors[0]).toMatchObject({ field: 'partner', message: 'must be one of: police, local-authority, integrated-care-board' });
    const notARepresentative = await api.action(manager, id, 'add-review-partner', { partner: 'police', userId: panel.id }).expect(400);
    expect(notARepresentative.body.errors[0]).toMatchObject({ field: 'userId', message: 'the user is not a review partner representative' });
    await act(manager, id, 'add-review-partner', { partner: 'police', userId: police.id });
    await act(manager, id, 'add-review-partner', { partner: 'local-authority', userId: council.id });
    review = await act(manager, id, 'add-review-partner', { partner: 'integrated-care-board', userId: icb.id });
    expect(review.reviewPartners).toEqual([
      expect.objectContaining({ partner: 'police', userId: police.id, agencyName: 'Cheshire Police' }),
      expect.objectContaining({ partner: 'local-authority', userId: council.id, agencyName: 'Halton Borough Council' }),
      expect.objectContaining({ partner: 'integrated-care-board', userId: icb.id, agencyName: 'NHS Cheshire and Merseyside' }),
    ]);
    // A representative sees the review they speak on, and no other.
    expect((await api.get(police, '/api/reviews').expect(200)).body.items.map((r: Review) => r.id)).toEqual([id]);

    await act(chair, id, 'agree-terms-of-reference', { agreedOn: '2026-03-20' }, '2026-03-20');
    await act(chair, id, 'complete-information', { on: '2026-06-01' }, '2026-06-01');
    const report = await uploadReport(api, chair, id);
    review = await act(chair, id, 'complete-draft', { on: '2026-09-01' }, '2026-09-01');
    expect(review.stage).toBe('sign-off');
    expect((review.draftUnderSignOff as { overviewReport: unknown }).overviewReport).toMatchObject({
      documentId: report.id,
      version: 1,
      sha256: report.versions[0].sha256,
    });

    // Sign-off by all three review partners, each by the person who speaks for it.
    api.clock.setDate('2026-09-02');
    const early = await api.action(manager, id, 'submit-to-secretary-of-state', { submittedOn: '2026-09-02', ...s28 }).expect(409);
    expect(early.body).toMatchObject({ guard: 'partner-sign-offs-complete', waitingFor: ['police', 'local-authority', 'integrated-care-board'] });
    await api.action(police, id, 'partner-sign-off', { decision: 'approve', partner: 'local-authority', on: '2026-09-02' }).expect(403);
    await api.action(manager, id, 'partner-sign-off', { decision: 'approve', partner: 'police', on: '2026-09-02' }).expect(403);
    await act(police, id, 'partner-sign-off', { decision: 'approve', partner: 'police', on: '2026-09-02' }, '2026-09-02');
    const noReason = await api.action(council, id, 'partner-sign-off', { partner: 'local-authority', on: '2026-09-02', decision: 'reject' }).expect(400);
    expect(noReason.body.errors[0].field).toBe('comment');
    await act(council, id, 'partner-sign-off', {
      partner: 'local-authority',
      on: '2026-09-02',
      decision: 'reject',
      comment: 'Section 4 needs the housing chronology.',
    });
    await act(icb, id, 'partner-sign-off', { decision: 'approve', partner: 'integrated-care-board', on: '2026-09-03' }, '2026-09-03');
    const waiting = await api.action(manager, id, 'submit-to-secretary-of-state', { submittedOn: '2026-09-03', ...s28 }).expect(409);
    expect(waiting.body.waitingFor).toEqual(['local-authority']);
    review = await act(council, id, 'partner-sign-off', { decision: 'approve', partner: 'local-authority', on: '2026-09-10' }, '2026-09-10');
    expect(review.reviewPartners).toEqual([
      expect.objectContaining({ partner: 'police', decision: 'approve', signedOn: '2026-09-02' }),
      expect.objectContaining({ partner: 'local-authority', decision: 'approve', signedOn: '2026-09-10' }),
      expect.objectContaining({ partner: 'integrated-care-board', decision: 'approve', signedOn: '2026-09-03' }),
    ]);
    // Each partner's vote records the report version, and its hash, it was cast on.
    expect((review.reviewPartners as { castOn: unknown }[]).map((p) => p.castOn)).toEqual([
      review.draftUnderSignOff,
      review.draftUnderSignOff,
      review.draftUnderSignOff,
    ]);

    // The report goes to the Secretary of State, who publishes it; the product records both.
    review = await act(manager, id, 'submit-to-secretary-of-state', { submittedOn: '2026-09-11', ...s28 }, '2026-09-11');
    expect(review.stage).toBe('secretary-of-state');
    expect(deadline(review, 'review')).toMatchObject({ status: 'met', completedOn: '2026-09-11' });
    review = await act(manager, id, 'record-family-told-of-publication', { toldOn: '2026-11-01' }, '2026-11-01');
    review = await act(
      manager,
      id,
      'publish',
      { publishedOn: '2026-11-02', url: 'https://www.gov.uk/government/publications/fictional-owhr-report' },
      '2026-11-02',
    );
    expect(review).toMatchObject({ stage: 'monitoring', status: 'open' });
    expect(review.stages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'secretary-of-state', status: 'completed' }),
        expect.objectContaining({ key: 'monitoring', status: 'current' }),
      ]),
    );
  });

  it('shows the Secretary of State notice as missed once its month passes, and the first notice reports a decision taken before it', async () => {
    // The period of one month beginning with the day of awareness (s.27(8)): 30 April → 29 May.
    const late = await open(owhr({ notifiedOn: '2026-04-30', dateOfDeath: '2026-04-28' }), '2026-04-30');
    expect(deadline(late, 'sos-notice')).toMatchObject({ dueOn: '2026-05-29', status: 'open' });
    api.clock.setDate('2026-06-02');
    let review = await read(late.id);
    expect(deadline(review, 'sos-notice')).toMatchObject({ status: 'missed', overdue: true });
    const overdue = (await api.get(manager, `/api/deadlines?status=missed&reviewId=${late.id}`).expect(200)).body.items;
    expect(overdue.map((d: Deadline) => d.key)).toEqual(['sos-notice']);

    // Decided before anyone wrote: the first notice reports the decision, and no further notice is owed (s.27(3)).
    review = await act(cspChair, late.id, 'decide', {
      outcome: 'not-under-a-duty',
      decidedOn: '2026-06-02',
      rationale: 'No partner held relevant information.',
    });
    expect(review).toMatchObject({ stage: 'closed', status: 'closed' });
    expect(review.deadlines.map((d) => d.key)).not.toContain('sos-decision-notice');
    review = await act(manager, late.id, 'notify-secretary-of-state', { sentOn: '2026-06-03' }, '2026-06-03');
    expect(review.notices).toEqual([{ kind: 'initial', outcome: 'not-under-a-duty', deadline: 'sos-notice', dueOn: '2026-05-29', sentOn: '2026-06-03' }]);
    expect(deadline(review, 'sos-notice')).toMatchObject({ status: 'missed', completedOn: '2026-06-03', overdue: false });
  });

  it('reverses a decision either way, with its own notice, reopening or closing the review', async () => {
    let review = await open(owhr({ notifiedOn: '2026-05-04', dateOfDeath: '2026-05-01' }), '2026-05-04');
    review = await act(
      cspChair,
      review.id,
      'decide',
      { outcome: 'not-under-a-duty', decidedOn: '2026-05-10', rationale: 'No relevant information.' },
      '2026-05-10',
    );
    expect(review.status).toBe('closed');
    review = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2026-05-12' }, '2026-05-12');
    expect(review.notices).toEqual([expect.objectContaining({ kind: 'initial', outcome: 'not-under-a-duty', sentOn: '2026-05-12' })]);
    api.clock.setDate('2026-05-20');
    const same = await api
      .action(cspChair, review.id, 'reverse-decision', { outcome: 'not-under-a-duty', decidedOn: '2026-05-20', rationale: 'x' })
      .expect(409);
    expect(same.body.detail).toBe("The decision is already 'not-under-a-duty'.");

    review = await act(
      cspChair,
      review.id,
      'reverse-decision',
      { outcome: 'under-a-duty', decidedOn: '2026-05-20', rationale: 'The health board held records after all.' },
      '2026-05-20',
    );
    expect(review).toMatchObject({ stage: 'set-up', status: 'open', decision: { outcome: 'under-a-duty', decidedOn: '2026-05-20' } });
    expect(deadline(review, 'review')).toMatchObject({ dueOn: '2027-05-20', status: 'open' });
    expect(deadline(review, 'sos-reversal-notice')).toMatchObject({ dueOn: '2026-06-20', status: 'open' });

    review = await act(
      cspChair,
      review.id,
      'reverse-decision',
      { outcome: 'not-under-a-duty', decidedOn: '2026-05-25', rationale: 'The records were about someone else.' },
      '2026-05-25',
    );
    expect(review).toMatchObject({ stage: 'closed', status: 'closed' });
    // The twelve-month clock stops as no longer needed: neither met nor missed, and never chased.
    expect(deadline(review, 'review')).toMatchObject({ status: 'cancelled', completedOn: '2026-05-25' });
    review = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2026-05-26' }, '2026-05-26');
    expect(review.notices).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'reversal', outcome: 'not-under-a-duty', sentOn: '2026-05-26' })]));
  });

  it('warns of the criteria, which the decision must acknowledge to go ahead', async () => {
    let review = await open(
      owhr({
        notifiedOn: '2026-06-01',
        dateOfDeath: '2026-05-30',
        victim: { pseudonym: 'Young Adult Y', ageAtDeath: 17, sex: 'female' },
        offensiveWeaponInvolved: undefined,
      }),
      '2026-06-01',
    );
    expect(review.criteriaWarnings).toEqual([
      { key: 'victim-18-or-over', warning: expect.stringContaining('under 18') },
      { key: 'offensive-weapon', warning: expect.stringContaining('offensive weapon') },
    ]);
    api.clock.setDate('2026-06-02');
    const blocked = await api
      .action(cspChair, review.id, 'decide', { outcome: 'under-a-duty', decidedOn: '2026-06-02', rationale: 'x', acknowledgedWarnings: ['victim-18-or-over'] })
      .expect(409);
    expect(blocked.body.warnings).toEqual([expect.objectContaining({ key: 'offensive-weapon' })]);
    review = await act(
      cspChair,
      review.id,
      'decide',
      {
        outcome: 'under-a-duty',
        decidedOn: '2026-06-02',
        rationale: 'Turned 18 on the day of death per the coroner; a blade was found nearby.',
        acknowledgedWarnings: ['victim-18-or-over', 'offensive-weapon'],
      },
      '2026-06-02',
    );
    expect(review.stage).toBe('set-up');
    const audit = (await api.get(manager, `/api/reviews/${review.id}/audit?pageSize=100`).expect(200)).body.items;
    expect(audit.find((e: { action: string }) => e.action === 'review.action.decide').changes.details.acknowledgedWarnings).toEqual([
      'victim-18-or-over',
      'offensive-weapon',
    ]);
  });

  describe('precedence (PCSCA 2022 s.26)', () => {
    const deathsCount = async () => (await api.db.query('SELECT count(*)::int AS n FROM deaths')).rows[0].n;

    it('refuses an OWHR for a death that has a DHR, citing the rule', async () => {
      const dhr = await open(
        notification({ notifiedOn: '2026-02-01', dateOfDeath: '2026-01-30', victim: { pseudonym: 'Adult P', ageAtDeath: 33, sex: 'female' } }),
        '2026-02-01',
      );
      const refused = await api
        .post(
          manager,
          '/api/reviews',
          owhr({
            deathId: dhr.death && (dhr.death as { id: string }).id,
            dateOfDeath: undefined,
            victim: undefined,
            offensiveWeaponInvolved: undefined,
            suspectRelationship: undefined,
            placeOfDeath: undefined,
            notifiedOn: '2026-02-01',
          }),
        )
        .expect(409);
      expect(refused.body.detail).toContain('An Offensive Weapons Homicide Review cannot be opened for this death');
      expect(refused.body.detail).toContain(`it has a DHR (${dhr.reference})`);
      expect(refused.body.rule).toContain('PCSCA 2022 s.26');
    });

    it('refuses an OWHR where the suspect is a partner, former partner, relative or household member, and writes nothing', async () => {
      for (const relationship of ['partner', 'former-partner', 'relative', 'household-member']) {
        const before = await deathsCount();
        const refused = await api.post(manager, '/api/reviews', owhr({ suspectRelationship: relationship })).expect(409);
        expect(refused.body.reasons).toEqual([expect.stringContaining(`recorded as the victim's ${relationship.replace('-', ' ')}`)]);
        expect(await deathsCount()).toBe(before);
      }
    });

    it('refuses an OWHR for a death linked to a Safeguarding Adults Review or a child death review', async () => {
      const death = (
        await api
          .post(manager, '/api/deaths', {
            dateOfDeath: '2026-01-15',
            victim: { pseudonym: 'Adult S', ageAtDeath: 70, sex: 'male' },
            offensiveWeaponInvolved: true,
          })
          .expect(201)
      ).body;
      await api
        .post(manager, `/api/deaths/${death.id}/links`, { kind: 'SAR', externalReference: 'HSAB-SAR-2026-02', runBy: 'Halton Safeguarding Adults Board' })
        .expect(201);
      const refused = await api
        .post(manager, '/api/reviews', {
          type: 'OWHR',
          notifiedOn: '2026-02-01',
          deathId: death.id,
          notifyingAgency: 'cheshire-police',
          circumstances: 'Fictional.',
        })
        .expect(409);
      expect(refused.body.reasons).toEqual(['it is linked to a SAR (HSAB-SAR-2026-02)']);
    });

    it('lets an OWHR go ahead once a DHR of the death was decided against', async () => {
      const dhr = await open(
        notification({
          notifiedOn: '2026-02-01',
          dateOfDeath: '2026-01-31',
          victim: { pseudonym: 'Adult N', ageAtDeath: 29, sex: 'male' },
          offensiveWeaponInvolved: true,
        }),
        '2026-02-01',
      );
      await act(cspChair, dhr.id, 'decide', { outcome: 'not-held', decidedOn: '2026-02-05', rationale: 'No domestic relationship.' }, '2026-02-05');
      const deathId = (dhr.death as { id: string }).id;
      const allowed = await api
        .post(manager, '/api/reviews', { type: 'OWHR', notifiedOn: '2026-02-05', deathId, notifyingAgency: 'cheshire-police', circumstances: 'Fictional.' })
        .expect(201);
      expect(allowed.body.death.id).toBe(deathId);
    });

    it('discontinues an open OWHR when a DHR is opened for the death, makes the discontinuance notice due, and links the two', async () => {
      let review = await open(
        owhr({ notifiedOn: '2026-03-02', dateOfDeath: '2026-03-01', victim: { pseudonym: 'Adult D', ageAtDeath: 45, sex: 'female' } }),
        '2026-03-02',
      );
      review = await act(cspChair, review.id, 'decide', { outcome: 'under-a-duty', decidedOn: '2026-03-05', rationale: 'Knife crime.' }, '2026-03-05');
      const deathId = (review.death as { id: string }).id;
      // The suspect turns out to be her former partner: the death is recorded so, and a DHR opened.
      await api
        .http()
        .patch(`/api/deaths/${deathId}`)
        .set('Authorization', `Bearer ${manager.token}`)
        .send({ suspectRelationship: 'former-partner' })
        .expect(200);
      api.clock.setDate('2026-03-09');
      const dhr = (
        await api
          .post(manager, '/api/reviews', { type: 'DHR', notifiedOn: '2026-03-09', deathId, notifyingAgency: 'cheshire-police', circumstances: 'Fictional.' })
          .expect(201)
      ).body;

      const displaced = await read(review.id);
      expect(displaced).toMatchObject({ stage: 'discontinued', status: 'closed' });
      expect(deadline(displaced, 'sos-discontinuance-notice')).toMatchObject({ dueOn: '2026-04-09', status: 'open' });
      expect(deadline(displaced, 'review')).toMatchObject({ status: 'cancelled' });
      expect(displaced.links).toEqual([expect.objectContaining({ kind: 'DHR', reviewId: dhr.id, reference: dhr.reference, side: 'made-there' })]);
      expect(dhr.links).toEqual([expect.objectContaining({ kind: 'OWHR', reviewId: review.id, reference: review.reference, side: 'made-here' })]);
      const audit = (await api.get(manager, `/api/reviews/${review.id}/audit?pageSize=100`).expect(200)).body.items;
      const entry = audit.find((e: { action: string }) => e.action === 'review.action.discontinue');
      expect(entry.changes.details).toMatchObject({ displacedBy: dhr.id, reason: expect.stringContaining('PCSCA 2022 s.26') });

      // The discontinuance is told to the Secretary of State like any other notice.
      const told = await act(manager, review.id, 'notify-secretary-of-state', { sentOn: '2026-03-10' }, '2026-03-10');
      expect(told.notices).toEqual(
        expect.arrayContaining([
          { kind: 'discontinuance', outcome: 'discontinued', deadline: 'sos-discontinuance-notice', dueOn: '2026-04-09', sentOn: '2026-03-10' },
        ]),
      );
      // And a second OWHR for the death is now refused: it has a DHR.
      await api
        .post(manager, '/api/reviews', { type: 'OWHR', notifiedOn: '2026-03-10', deathId, notifyingAgency: 'cheshire-police', circumstances: 'Fictional.' })
        .expect(409);
    });
  });

  it('numbers OWHRs apart from DHRs', async () => {
    const references = (await api.get(manager, '/api/reviews?type=OWHR&sort=reference&pageSize=100').expect(200)).body.items.map((r: Review) => r.reference);
    expect(references[0]).toBe('OWHR-2026-001');
    expect(references.every((ref: string) => /^OWHR-2026-\d{3}$/.test(ref))).toBe(true);
    expect(new Set(references).size).toBe(references.length);
  });
});
