import { SmtpSink } from './support/smtp-sink';
import { notification, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';
import { until } from './support/until';

/** 09:00 in London on a summer date, as UTC, plus a few minutes: the moment a reminder goes. */
const nineAm = (date: string) => `${date}T08:05:00Z`;

describe('Deadline reminders and escalations', () => {
  let api: TestApi;
  let worker: TestWorker;
  let sink: SmtpSink;
  let cspChair: TestUser, manager: TestUser, chair: TestUser, otherChair: TestUser, panel: TestUser;

  const subjects = (user: TestUser, reference: string) =>
    sink
      .to(user.email)
      .filter((m) => m.subject?.startsWith(reference))
      .map((m) => m.subject);
  const at = async (iso: string) => {
    api.clock.set(iso);
    await worker.reconcileAndSettle();
  };
  const open = async (overrides: Record<string, unknown>) => (await api.post(manager, '/api/reviews', notification(overrides)).expect(201)).body;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    api = await TestApi.start({ today: '2026-06-01' });
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chairperson');
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    chair = await api.user(['independent-chair'], undefined, 'Indigo Independent');
    otherChair = await api.user(['independent-chair'], undefined, 'Otto Other');
    panel = await api.user(['panel-member'], 'cheshire-police', 'Pat Panel');
    worker = await TestWorker.start(api, sink.url);
  });
  afterAll(async () => {
    await worker.stop();
    await api.stop();
    await sink.stop();
  });

  it('sends each reminder once, at 09:00 on its day, to the people the deadline chases', async () => {
    api.clock.set('2026-06-01T10:00:00Z');
    const review = await open({ notifiedOn: '2026-06-01', dateOfDeath: '2026-05-30' }); // decision due Wednesday 1 July
    await worker.reconcileAndSettle();
    expect(subjects(manager, review.reference)).toEqual([]);

    await at('2026-06-03T07:55:00Z'); // 08:55 in London: not yet
    expect(subjects(manager, review.reference)).toEqual([]);
    await at(nineAm('2026-06-03'));
    await at('2026-06-03T15:00:00Z'); // again later that day: nothing new
    await at(nineAm('2026-06-17'));
    await at(nineAm('2026-06-24'));
    await at(nineAm('2026-06-30'));
    await at(nineAm('2026-07-01'));
    await at('2026-07-01T16:00:00Z');

    const expected = [
      `${review.reference}: Decide whether to hold a review is due in 28 days (Wednesday 1 July 2026)`,
      `${review.reference}: Decide whether to hold a review is due in 14 days (Wednesday 1 July 2026)`,
      `${review.reference}: Decide whether to hold a review is due in 7 days (Wednesday 1 July 2026)`,
      `${review.reference}: Decide whether to hold a review is due tomorrow (Wednesday 1 July 2026)`,
      `${review.reference}: Decide whether to hold a review is due today (Wednesday 1 July 2026)`,
    ];
    expect(subjects(manager, review.reference)).toEqual(expected);
    expect(subjects(cspChair, review.reference)).toEqual(expected);
    expect(subjects(chair, review.reference)).toEqual([]); // no chair is chased for the decision
  });

  it('escalates the working day after the due date, to the CSP chair too, then weekly until met', async () => {
    api.clock.set('2026-06-01T10:00:00Z');
    const review = await open({ notifiedOn: '2026-06-01', dateOfDeath: '2026-05-30' });
    await at(nineAm('2026-07-01'));
    const before = subjects(manager, review.reference).length;
    await at(nineAm('2026-07-02')); // Thursday: the first escalation
    await at(nineAm('2026-07-08'));
    await at(nineAm('2026-07-09')); // a week on
    const escalations = subjects(manager, review.reference).slice(before);
    expect(escalations).toEqual([
      `${review.reference}: OVERDUE by 1 day — Decide whether to hold a review was due (Wednesday 1 July 2026)`,
      `${review.reference}: OVERDUE by 8 days — Decide whether to hold a review was due (Wednesday 1 July 2026)`,
    ]);
    expect(subjects(cspChair, review.reference).filter((s) => s?.includes('OVERDUE'))).toHaveLength(2);

    // Met: no more escalations.
    await api.action(cspChair, review.id, 'decide', { outcome: 'not-held', decidedOn: '2026-07-09', rationale: 'Not a domestic homicide.' }).expect(200);
    await worker.settle();
    await at(nineAm('2026-07-16'));
    expect(subjects(manager, review.reference).filter((s) => s?.includes('Decide whether') && s.includes('OVERDUE'))).toHaveLength(2);
  });

  it('moves a reminder off a bank holiday onto the working day before', async () => {
    api.clock.set('2026-03-09T12:00:00Z');
    const review = await open({ notifiedOn: '2026-03-07', dateOfDeath: '2026-03-05' }); // due Tuesday 7 April 2026
    await worker.reconcileAndSettle(); // 28 days before (10 March) is still to come
    await at('2026-03-10T09:05:00Z');
    await at('2026-03-24T09:05:00Z');
    await at('2026-03-31T08:05:00Z'); // 7 days before
    const sent = subjects(manager, review.reference).length;
    await at('2026-04-01T08:05:00Z'); // Wednesday: nothing
    expect(subjects(manager, review.reference)).toHaveLength(sent);
    // The day before is Easter Monday, and the Friday before it Good Friday: Thursday 2 April.
    await at('2026-04-02T08:05:00Z');
    expect(subjects(manager, review.reference).slice(sent)).toEqual([
      `${review.reference}: Decide whether to hold a review is due in 5 days (Tuesday 7 April 2026)`,
    ]);
    await at('2026-04-06T08:05:00Z'); // Easter Monday: nothing
    expect(subjects(manager, review.reference)).toHaveLength(sent + 1);
    await at('2026-04-07T08:05:00Z');
    expect(subjects(manager, review.reference)).toHaveLength(sent + 2);
  });

  it('catches up with one mail, not five, for a review logged late', async () => {
    // Notified 1 May, logged 29 May: 28, 14, 7 and 1 day(s) before a 1 June due date have all passed.
    api.clock.set('2026-05-29T11:00:00Z');
    const late = await open({ notifiedOn: '2026-05-01', dateOfDeath: '2026-04-28' });
    await worker.settle();
    await worker.reconcileAndSettle();
    expect(subjects(manager, late.reference)).toEqual([`${late.reference}: Decide whether to hold a review is due in 3 days (Monday 1 June 2026)`]);
    expect(subjects(cspChair, late.reference)).toHaveLength(1);

    // Logged after its due date: one escalation at once.
    const overdue = await open({ notifiedOn: '2026-04-10', dateOfDeath: '2026-04-08' }); // due 10 May
    await worker.settle();
    await worker.reconcileAndSettle();
    expect(subjects(manager, overdue.reference)).toEqual([
      `${overdue.reference}: OVERDUE by 19 days — Decide whether to hold a review was due (Sunday 10 May 2026)`,
    ]);
  });

  it("sends nothing about a paused review's own clocks, chases its statutory notice through the pause, and reschedules for the moved dates on resume", async () => {
    api.clock.set('2026-06-01T10:00:00Z');
    const review = await open({ notifiedOn: '2026-06-01', dateOfDeath: '2026-05-30' });
    await api.action(cspChair, review.id, 'decide', { outcome: 'hold', decidedOn: '2026-06-01', rationale: 'Criteria met.' }).expect(200);
    await api.action(manager, review.id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-06-01' }).expect(200);
    await api.action(chair, review.id, 'add-panel-member', { userId: panel.id, agency: 'cheshire-police' }).expect(200);
    await api.action(chair, review.id, 'agree-terms-of-reference', { agreedOn: '2026-06-01' }).expect(200);
    await api
      .action(chair, review.id, 'request-information', { agency: 'cheshire-police', description: 'IMR and chronology', dueOn: '2026-07-15' })
      .expect(200);
    await worker.settle();
    api.clock.set('2026-06-10T10:00:00Z');
    await api.action(cspChair, review.id, 'pause', { reason: 'Criminal trial.', startedOn: '2026-06-10', category: 'criminal-proceedings' }).expect(200);
    await worker.settle();

    const beforePause = subjects(manager, review.reference).length;
    for (const day of ['2026-06-17', '2026-07-01', '2026-07-08', '2026-07-15', '2026-07-16']) await at(nineAm(day));
    expect(subjects(panel, review.reference)).toEqual([]);
    // The Home Office notice (due 8 June) is not the review's own clock: no pause stops it, so it is still chased.
    const duringPause = subjects(manager, review.reference).slice(beforePause);
    expect(duringPause.length).toBeGreaterThan(0);
    expect(
      duringPause.every(
        (subject) => subject !== undefined && /OVERDUE by \d+ days — Tell the Home Office of the decision was due \(Monday 8 June 2026\)/.test(subject),
      ),
    ).toBe(true);

    // Resumed after 40 days: the request is now due 24 August, its first reminder on 27 July.
    api.clock.set('2026-07-20T10:00:00Z');
    const resumed = (await api.action(cspChair, review.id, 'resume', { on: '2026-07-20' }).expect(200)).body;
    expect(resumed.informationRequests[0].dueOn).toBe('2026-08-24');
    await worker.settle();
    await worker.reconcileAndSettle();
    expect(subjects(panel, review.reference)).toEqual([]);
    await at(nineAm('2026-07-27'));
    expect(subjects(panel, review.reference)).toEqual([`${review.reference}: Information from Cheshire Police is due in 28 days (Monday 24 August 2026)`]);
  });

  it('carries the correlation id of the change that caused a mail', async () => {
    api.clock.set('2026-05-29T11:00:00Z');
    const late = (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn: '2026-05-02', dateOfDeath: '2026-04-30' }))
        .set('X-Correlation-Id', 'log-late-notification-1')
        .expect(201)
    ).body;
    await worker.settle();
    const rows = (await api.db.query(`SELECT correlation_id FROM outbox_messages WHERE review_id = $1`, [late.id])).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.correlation_id === 'log-late-notification-1')).toBe(true);
    const mail = sink.to(manager.email).find((m) => m.subject?.startsWith(late.reference))!;
    expect(mail.headers.get('x-correlation-id')).toBe('log-late-notification-1');
  });

  it('reschedules for the new date when a deadline is extended', async () => {
    api.clock.set('2026-06-01T10:00:00Z');
    const review = await open({ notifiedOn: '2026-06-01', dateOfDeath: '2026-05-30' }); // decision due Wednesday 1 July
    await worker.settle();
    const deadlineId = (await api.db.query(`SELECT id FROM deadlines WHERE review_id = $1`, [review.id])).rows[0].id;
    await at(nineAm('2026-06-03'));
    expect(subjects(manager, review.reference)).toHaveLength(1);

    await api
      .action(cspChair, review.id, 'extend', { deadline: 'decision', newDueOn: '2026-07-31', reason: 'The police need longer to share what they hold.' })
      .expect(200);
    await worker.settle();
    // The api's signal reaches the worker after the commit (best effort, within a second; slower on a busy machine): wait for it.
    await until(
      'the old date’s reminder removed',
      async () => worker.queue('reminders').getJob(`remind.${deadlineId}.2026-07-01.before-14`),
      (job) => job === undefined,
    );
    await until(
      'the new date’s reminder set',
      async () => (await worker.queue('reminders').getJob(`remind.${deadlineId}.2026-07-31.before-28`))?.getState(),
      (state) => state === 'delayed',
    );
    await worker.settle();
    await at(nineAm('2026-06-17')); // the old date's 14-day reminder: nothing
    expect(subjects(manager, review.reference)).toHaveLength(1);
    await at(nineAm('2026-07-03')); // 28 days before 31 July
    expect(subjects(manager, review.reference).slice(1)).toEqual([
      `${review.reference}: Decide whether to hold a review is due in 28 days (Friday 31 July 2026)`,
    ]);
  });

  it('drops the pending reminders of a deadline once it is met', async () => {
    api.clock.set('2026-06-01T10:00:00Z');
    const review = await open({ notifiedOn: '2026-06-01', dateOfDeath: '2026-05-30' });
    await worker.settle();
    const deadlineId = (await api.db.query(`SELECT id FROM deadlines WHERE review_id = $1 AND key = 'decision'`, [review.id])).rows[0].id;
    const timer = `remind.${deadlineId}.2026-07-01.before-28`;
    expect(await (await worker.queue('reminders').getJob(timer))?.getState()).toBe('delayed');

    await api.action(cspChair, review.id, 'decide', { outcome: 'hold', decidedOn: '2026-06-01', rationale: 'Criteria met.' }).expect(200);
    await worker.settle();
    expect(await worker.queue('reminders').getJob(timer)).toBeUndefined();
    expect((await api.db.query('SELECT count(*)::int AS n FROM reminder_schedule WHERE deadline_id = $1', [deadlineId])).rows[0].n).toBe(0);
    await at(nineAm('2026-06-03'));
    expect(subjects(manager, review.reference).filter((s) => s?.includes('Decide whether'))).toEqual([]);
  });

  it('resolves recipients when the mail goes, so a new chair is chased, and writes a mail that names no one', async () => {
    api.clock.set('2026-06-01T10:00:00Z');
    const review = await open({ notifiedOn: '2026-06-01', dateOfDeath: '2026-05-30', victim: { pseudonym: 'Adult Q', ageAtDeath: 52, sex: 'male' } });
    await api.action(cspChair, review.id, 'decide', { outcome: 'hold', decidedOn: '2026-06-01', rationale: 'Criteria met.' }).expect(200); // review due 1 December
    await api.action(manager, review.id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-06-01' }).expect(200);
    await worker.settle();
    api.clock.set('2026-10-20T10:00:00Z');
    await api.action(manager, review.id, 'appoint-chair', { userId: otherChair.id, appointedOn: '2026-10-20' }).expect(200);
    await worker.settle();
    await at('2026-11-03T09:05:00Z'); // 28 days before 1 December

    const reviewSubject = (user: TestUser) => subjects(user, review.reference).filter((s) => s?.includes('Complete the review'));
    expect(reviewSubject(chair)).toEqual([]);
    expect(reviewSubject(otherChair)).toEqual([
      `${review.reference}: Complete the review and submit it to the Home Office is due in 28 days (Tuesday 1 December 2026)`,
    ]);
    expect(reviewSubject(manager)).toHaveLength(1); // copied
    expect(reviewSubject(cspChair)).toEqual([]); // not until it is overdue

    const mail = sink.to(otherChair.email).find((m) => m.subject?.includes('Complete the review'))!;
    expect(mail.text).toContain('Adult Q');
    expect(mail.text).toContain('Tuesday 1 December 2026');
    expect(mail.text).toContain('28 days left');
    expect(mail.text).toContain(`http://localhost:3000/reviews/${review.id}`);
    expect(mail.text).toContain("You receive this as the review's independent chair.");
    expect(mail.html).toContain(`<a href="http://localhost:3000/reviews/${review.id}">`);
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    expect(ics.filename).toBe(`${review.reference}-2026-12-01.ics`);
    expect(ics.content.toString()).toMatch(/DTSTART;VALUE=DATE:20261201/);
    // Staff names are not needed to chase anyone, and the victim is named only by pseudonym.
    for (const name of ['Otto Other', 'Indigo Independent', 'Morgan Manager', 'Casey Chairperson']) {
      expect(`${mail.subject} ${mail.text} ${mail.html} ${ics.content}`).not.toContain(name);
    }
    // Sent by a timer: the mail carries the timer's job id as its correlation id, in the row and the header.
    const row = (await api.db.query(`SELECT correlation_id FROM outbox_messages WHERE review_id = $1 AND recipient_id = $2`, [review.id, otherChair.id]))
      .rows[0];
    expect(row.correlation_id).toMatch(/^remind\..*\.2026-12-01\.before-28$/);
    expect(mail.headers.get('x-correlation-id')).toBe(row.correlation_id);
  });
});
