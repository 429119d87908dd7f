import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { Browser } from 'playwright-core';
import { Journey, launchChromium, signIn } from './support/browser';
import { uploadReport } from './support/scenarios';
import { SmtpSink } from './support/smtp-sink';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';

jest.setTimeout(180_000);

/**
 * Issue 16.3: panel meetings. A meeting scheduled invites the chair and each panel member by a
 * mail with a calendar file (read here by ical.js from what a real SMTP server received); moved,
 * the same UID comes again at SEQUENCE 1; cancelled, METHOD:CANCEL. Attendance, minutes, and
 * actions chased to their owner by the reminder engine. All of it fictional.
 */
const TODAY = '2026-02-10';

interface Calendar {
  method: string;
  uid: string;
  sequence: number;
  status: string;
  start: Date;
  end: Date;
  startIsUtc: boolean;
  attendees: string[];
  organizer: string;
  summary: string;
}

function parseCalendar(text: string): Calendar {
  const root = new ICAL.Component(ICAL.parse(text));
  const vevent = root.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  return {
    method: String(root.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    status: String(vevent.getFirstPropertyValue('status')),
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    startIsUtc: event.startDate.zone?.tzid === 'UTC',
    attendees: event.attendees.map((a) => String(a.getFirstValue()).replace(/^mailto:/i, '')),
    organizer: String(vevent.getFirstPropertyValue('organizer')),
    summary: event.summary,
  };
}

const icsOf = (mail: ParsedMail): Calendar => {
  const file = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!file) throw new Error(`no calendar file in "${mail.subject}"`);
  return parseCalendar(file.content.toString('utf8'));
};

describe('Panel meetings (issue 16.3)', () => {
  let api: TestApi;
  let worker: TestWorker;
  let sink: SmtpSink;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, police: TestUser, housing: TestUser, outsider: TestUser, boardMember: TestUser;
  let reviewId: string;
  let reference: string;
  let firstMeetingId: string;

  const mailsTo = (user: TestUser, subject: string) => sink.to(user.email).filter((m) => m.subject?.startsWith(reference) && m.subject.includes(subject));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the API's JSON, asserted on field by field
  type Json = Record<string, any>;
  const meetings = async (user: TestUser = manager) => (await api.get(user, `/api/reviews/${reviewId}/meetings`).expect(200)).body as Json[];
  const schedule = async (body: Record<string, unknown>, user: TestUser = chair) => {
    const before = new Set((await meetings()).map((m) => m.id));
    await api.action(user, reviewId, 'schedule-panel-meeting', body).expect(200);
    return (await meetings()).find((m) => !before.has(m.id))!;
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    api = await TestApi.start({ today: TODAY });
    manager = await api.user(['csp-manager'], undefined, 'Morgan Manager');
    cspChair = await api.user(['csp-chair'], undefined, 'Casey Chairperson');
    chair = await api.user(['independent-chair'], undefined, 'Indigo Independent');
    police = await api.user(['panel-member'], 'cheshire-police', 'Pat Panel');
    housing = await api.user(['panel-member'], 'housing', 'Hal Housing');
    outsider = await api.user(['panel-member'], 'housing', 'Otto Outside');
    boardMember = await api.boardMember(['csp'], 'Bailey Board');
    worker = await TestWorker.start(api, sink.url);
    const created = (await api.post(manager, '/api/reviews', notification()).expect(201)).body;
    reviewId = created.id;
    reference = created.reference;
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional: criteria met.' }).expect(200);
    await api.action(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-02' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: police.id, agency: 'cheshire-police' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: housing.id, agency: 'housing' }).expect(200);
    await api.action(chair, reviewId, 'agree-terms-of-reference', { agreedOn: '2026-02-03' }).expect(200);
    await worker.settle();
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await sink?.stop();
  });
  beforeEach(() => api.clock.setDate(TODAY));

  it('offers only scheduling until a meeting is scheduled: nothing to move, minute or complete, for the chair or a panel member', async () => {
    const chairs = (await api.get(chair, `/api/reviews/${reviewId}`).expect(200)).body.availableActions as string[];
    expect(chairs).toContain('schedule-panel-meeting');
    for (const name of [
      'move-panel-meeting',
      'cancel-panel-meeting',
      'record-meeting-attendance',
      'record-meeting-minutes',
      'add-meeting-action',
      'complete-meeting-action',
    ]) {
      expect(chairs).not.toContain(name);
    }
    expect((await api.get(police, `/api/reviews/${reviewId}`).expect(200)).body.availableActions).not.toContain('complete-meeting-action');
    const refused = (await api.action(chair, reviewId, 'cancel-panel-meeting', { meetingId: randomUUID(), reason: 'Fictional.' }).expect(409)).body;
    expect(refused).toMatchObject({ code: 'guard-failed', guard: 'panel-meeting-scheduled' });
  });

  it('schedules a meeting: the chair and each panel member get an invitation with an .ics that ical.js reads (REQUEST, SEQUENCE 0, 10:00 in London)', async () => {
    const meeting = await schedule({
      date: '2026-02-19',
      startTime: '10:00',
      endTime: '12:00',
      place: 'Fictional: Committee Room 2, Municipal Building',
      agenda: 'Fictional: 1. Terms of reference. 2. Chronologies. 3. Next steps.',
    });
    firstMeetingId = meeting.id;
    expect(meeting).toMatchObject({
      status: 'scheduled',
      date: '2026-02-19',
      startTime: '10:00',
      endTime: '12:00',
      when: 'Thursday 19 February 2026, 10:00am to 12:00pm',
      sequence: 0,
      uid: `panel-meeting-${meeting.id}@localhost`,
    });
    expect(meeting.invitees.map((i: { userId: string; invitedAs: string }) => [i.userId, i.invitedAs]).sort()).toEqual(
      [
        [chair.id, 'independent-chair'],
        [police.id, 'panel-member'],
        [housing.id, 'panel-member'],
      ].sort(),
    );
    await worker.settle();

    for (const person of [chair, police, housing]) {
      const [mail] = mailsTo(person, 'panel meeting invitation');
      expect(mail).toBeDefined();
      expect(mail.text).toContain('Thursday 19 February 2026, 10:00am to 12:00pm');
      expect(mail.text).toContain('Adult A');
      // Nobody's name is in the mail or its calendar file, only addresses.
      for (const name of ['Indigo', 'Pat Panel', 'Hal Housing', 'Morgan']) {
        expect(mail.text).not.toContain(name);
        expect(mail.attachments[0].content.toString('utf8')).not.toContain(name);
      }
      const ics = icsOf(mail);
      expect(ics).toMatchObject({
        method: 'REQUEST',
        uid: meeting.uid,
        sequence: 0,
        status: 'CONFIRMED',
        startIsUtc: true,
        summary: `${reference}: panel meeting`,
      });
      // 10:00 in London in February is 10:00 UTC (GMT).
      expect(ics.start.toISOString()).toBe('2026-02-19T10:00:00.000Z');
      expect(ics.end.toISOString()).toBe('2026-02-19T12:00:00.000Z');
      expect(ics.attendees.sort()).toEqual([chair.email, police.email, housing.email].sort());
      expect(ics.organizer.toLowerCase()).toBe('mailto:reviews@halton.example');
    }
    expect(mailsTo(manager, 'panel meeting')).toEqual([]);
    expect(mailsTo(outsider, 'panel meeting')).toEqual([]);

    // The current calendar file, over the API.
    const file = await api.get(police, `/api/reviews/${reviewId}/meetings/${meeting.id}/invitation.ics`).expect(200);
    expect(file.headers['content-type']).toContain('text/calendar');
    expect(parseCalendar(file.text)).toMatchObject({ method: 'REQUEST', uid: meeting.uid, sequence: 0 });

    // In the review's history and audit trail.
    const review = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body;
    expect(review.history.some((h: { action: string }) => h.action === 'schedule-panel-meeting')).toBe(true);
    const trail = (await api.get(manager, `/api/reviews/${reviewId}/audit?pageSize=100`).expect(200)).body.items as { action: string; actorId: string }[];
    expect(trail.find((e) => e.action === 'review.action.schedule-panel-meeting')?.actorId).toBe(chair.id);
  });

  it('moves the meeting: the same UID at SEQUENCE 1 with the new start, 2:00pm in London in summer time (13:00 UTC)', async () => {
    await api
      .action(manager, reviewId, 'move-panel-meeting', {
        meetingId: firstMeetingId,
        date: '2026-04-02',
        startTime: '14:00',
        durationMinutes: 90,
        link: 'https://meet.example/fictional-panel',
      })
      .expect(200);
    await worker.settle();
    const moved = (await api.get(chair, `/api/reviews/${reviewId}/meetings/${firstMeetingId}`).expect(200)).body;
    expect(moved).toMatchObject({ sequence: 1, date: '2026-04-02', startTime: '14:00', endTime: '15:30', link: 'https://meet.example/fictional-panel' });
    for (const person of [chair, police, housing]) {
      const [mail] = mailsTo(person, 'panel meeting moved');
      const ics = icsOf(mail);
      expect(ics).toMatchObject({ method: 'REQUEST', uid: `panel-meeting-${firstMeetingId}@localhost`, sequence: 1 });
      expect(ics.start.toISOString()).toBe('2026-04-02T13:00:00.000Z');
      expect(ics.end.toISOString()).toBe('2026-04-02T14:30:00.000Z');
      expect(mail.text).toContain('Thursday 2 April 2026, 2:00pm to 3:30pm');
    }
  });

  it('cancels the meeting: METHOD:CANCEL, STATUS:CANCELLED, the same UID at a higher SEQUENCE', async () => {
    await api.action(chair, reviewId, 'cancel-panel-meeting', { meetingId: firstMeetingId, reason: 'Fictional: the venue is closed.' }).expect(200);
    await worker.settle();
    for (const person of [chair, police, housing]) {
      const ics = icsOf(mailsTo(person, 'panel meeting cancelled')[0]);
      expect(ics).toMatchObject({ method: 'CANCEL', status: 'CANCELLED', uid: `panel-meeting-${firstMeetingId}@localhost`, sequence: 2 });
    }
    const file = await api.get(chair, `/api/reviews/${reviewId}/meetings/${firstMeetingId}/invitation.ics`).expect(200);
    expect(parseCalendar(file.text)).toMatchObject({ method: 'CANCEL', sequence: 2 });
    expect((await api.get(manager, `/api/reviews/${reviewId}/meetings/${firstMeetingId}`).expect(200)).body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Fictional: the venue is closed.',
    });
    // A cancelled meeting is not moved or cancelled again.
    await api
      .action(chair, reviewId, 'move-panel-meeting', { meetingId: firstMeetingId, date: '2026-04-09', startTime: '10:00', endTime: '11:00' })
      .expect(409);
    await api.action(chair, reviewId, 'cancel-panel-meeting', { meetingId: firstMeetingId, reason: 'Again.' }).expect(409);
  });

  it('refuses bad input with a 400 naming the field, and records nothing', async () => {
    const before = (await meetings()).length;
    const field = async (body: Record<string, unknown>) =>
      (await api.action(chair, reviewId, 'schedule-panel-meeting', body).expect(400)).body.errors.map((e: { field: string }) => e.field);
    const good = { date: '2026-02-20', startTime: '10:00', endTime: '11:00', place: 'Fictional: Room 1', agenda: 'Fictional agenda.' };
    expect(await field({ ...good, startTime: '25:00' })).toEqual(['startTime']);
    expect(await field({ ...good, startTime: '10am' })).toEqual(['startTime']);
    expect(await field({ ...good, date: '2026-02-30' })).toEqual(['date']);
    expect(await field({ ...good, date: '2026-02-09' })).toEqual(['date']); // in the past
    expect(await field({ ...good, endTime: '09:00' })).toEqual(['endTime']);
    expect(await field({ ...good, endTime: undefined })).toEqual(['endTime']);
    expect(await field({ ...good, place: undefined })).toEqual(['place']);
    expect(await field({ ...good, place: undefined, link: 'http://meet.example/x' })).toEqual(['link']);
    expect(await field({ ...good, agenda: '  ' })).toEqual(['agenda']);
    const problem = (await api.action(chair, reviewId, 'schedule-panel-meeting', { ...good, startTime: '7:5' }).expect(400)).body;
    expect(problem).toMatchObject({ code: 'invalid-input', errors: [{ field: 'startTime' }] });
    expect((await meetings()).length).toBe(before);
    // Only the chair and CSP managers schedule.
    expect((await api.action(police, reviewId, 'schedule-panel-meeting', good).expect(403)).body.code).toBe('not-allowed');
  });

  it('records attendance and minutes, shown on the meeting', async () => {
    const meeting = await schedule({ date: '2026-02-12', startTime: '10:00', endTime: '11:30', place: 'Fictional: Room 4', agenda: 'Fictional: IMRs due.' });
    // Not before it has started.
    await api.action(chair, reviewId, 'record-meeting-attendance', { meetingId: meeting.id, attended: [chair.id] }).expect(409);
    api.clock.set('2026-02-12T15:00:00Z');
    const wrong = await api.action(chair, reviewId, 'record-meeting-attendance', { meetingId: meeting.id, attended: [outsider.id] }).expect(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['attended']);
    await api
      .action(chair, reviewId, 'record-meeting-attendance', { meetingId: meeting.id, attended: [chair.id, police.id], apologies: [housing.id] })
      .expect(200);

    const missing = await api.action(chair, reviewId, 'record-meeting-minutes', { meetingId: meeting.id }).expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['text']);
    const notMinutes = await uploadReport(api, chair, reviewId, { kind: 'overview-report', title: 'Not minutes' });
    const badDoc = await api.action(chair, reviewId, 'record-meeting-minutes', { meetingId: meeting.id, documentId: notMinutes.id }).expect(400);
    expect(badDoc.body.errors.map((e: { field: string }) => e.field)).toEqual(['documentId']);
    const minutesDoc = await uploadReport(api, chair, reviewId, { kind: 'panel-minutes', title: 'Minutes, 12 February', text: 'Fictional minutes.\n' });
    await api
      .action(chair, reviewId, 'record-meeting-minutes', {
        meetingId: meeting.id,
        text: 'Fictional: the panel agreed to chase the GP practice.',
        documentId: minutesDoc.id,
      })
      .expect(200);

    const seen = (await api.get(police, `/api/reviews/${reviewId}/meetings/${meeting.id}`).expect(200)).body;
    const attendance = Object.fromEntries(seen.invitees.map((i: { userId: string; attendance: string }) => [i.userId, i.attendance]));
    expect(attendance).toEqual({ [chair.id]: 'attended', [police.id]: 'attended', [housing.id]: 'apologies' });
    expect(seen.minutes).toMatchObject({
      text: 'Fictional: the panel agreed to chase the GP practice.',
      documentId: minutesDoc.id,
      documentTitle: 'Minutes, 12 February',
    });
  });

  it('records an action from a meeting: its owner is chased by the reminder engine, then it is completed', async () => {
    const meeting = (await meetings()).find((m) => m.date === '2026-02-12')!;
    api.clock.set('2026-02-12T15:00:00Z');
    const notOnReview = await api
      .action(chair, reviewId, 'add-meeting-action', {
        meetingId: meeting.id,
        description: 'Fictional: chase the GP.',
        owner: outsider.id,
        dueOn: '2026-03-12',
      })
      .expect(400);
    expect(notOnReview.body).toMatchObject({ code: 'invalid-input', errors: [{ field: 'owner' }] });
    const past = await api
      .action(chair, reviewId, 'add-meeting-action', { meetingId: meeting.id, description: 'Fictional: chase the GP.', owner: police.id, dueOn: '2026-02-01' })
      .expect(400);
    expect(past.body.errors.map((e: { field: string }) => e.field)).toEqual(['dueOn']);
    await api
      .action(chair, reviewId, 'add-meeting-action', {
        meetingId: meeting.id,
        description: 'Fictional: chase the GP practice for its records.',
        owner: police.id,
        dueOn: '2026-03-12',
      })
      .expect(200);
    const action = (await api.get(manager, `/api/reviews/${reviewId}/meetings/${meeting.id}`).expect(200)).body.actions[0];
    expect(action).toMatchObject({
      ownerId: police.id,
      ownerName: 'Pat Panel',
      dueOn: '2026-03-12',
      completedOn: null,
      status: 'open',
      deadlineKey: `meeting-action:${action.id}`,
    });
    const deadline = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body.deadlines.find((d: { key: string }) => d.key === action.deadlineKey);
    expect(deadline).toMatchObject({ dueOn: '2026-03-12', label: 'Action from the panel meeting of 12 February 2026' });
    await worker.settle();

    // Chased like any deadline: 28 days before (the day it was set) and a week before it is due,
    // at 09:00 in London, the owner (and only the owner) is reminded.
    api.clock.set('2026-03-05T09:05:00Z');
    await worker.reconcileAndSettle();
    const subject = 'Action from the panel meeting of 12 February 2026';
    const reminders = mailsTo(police, subject);
    expect(reminders.map((m) => m.subject)).toEqual([
      `${reference}: ${subject} is due in 28 days (Thursday 12 March 2026)`,
      `${reference}: ${subject} is due in 7 days (Thursday 12 March 2026)`,
    ]);
    expect(reminders[1].text).toContain('the owner of this action from a panel meeting');
    expect(reminders[0].text).not.toContain('GP practice');
    for (const other of [chair, housing, manager]) expect(mailsTo(other, subject)).toEqual([]);

    // Another panel member may not complete it; its owner does.
    await api.action(housing, reviewId, 'complete-meeting-action', { actionId: action.id }).expect(403);
    await api.action(police, reviewId, 'complete-meeting-action', { actionId: action.id, on: '2026-03-06' }).expect(400);
    await api.action(police, reviewId, 'complete-meeting-action', { actionId: action.id }).expect(200);
    const done = (await api.get(manager, `/api/reviews/${reviewId}/meetings`).expect(200)).body.find((m: { id: string }) => m.id === meeting.id).actions[0];
    expect(done).toMatchObject({ completedOn: '2026-03-05', status: 'done' });
    const met = (await api.get(manager, `/api/reviews/${reviewId}`).expect(200)).body.deadlines.find((d: { key: string }) => d.key === action.deadlineKey);
    expect(met).toMatchObject({ completedOn: '2026-03-05', status: 'met' });
    // No more reminders once met.
    await worker.settle();
    api.clock.set('2026-03-11T09:05:00Z');
    await worker.reconcileAndSettle();
    expect(mailsTo(police, subject)).toHaveLength(2);
  });

  it('shows the meetings to the chair, panel and CSP roles; not to a board member as such, nor to a stranger', async () => {
    for (const user of [manager, cspChair, chair, police, housing]) expect((await meetings(user)).length).toBe(2);
    await api.get(outsider, `/api/reviews/${reviewId}/meetings`).expect(404);
    await api.get(boardMember, `/api/reviews/${reviewId}/meetings`).expect(404);
    await api.get(outsider, `/api/reviews/${reviewId}/meetings/${firstMeetingId}/invitation.ics`).expect(404);
  });

  it('shows the meetings page in a browser, linked from the review page, with no axe-core violations', async () => {
    await api.app.listen(0, '127.0.0.1');
    const url = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const journey = new Journey(join(tmpdir(), 'meetings-journey'), url);
      const { page, check } = await journey.person(browser, 'chair');
      await signIn(page, chair.email, PASSWORD);
      await page.goto(`/reviews/${reviewId}`);
      await page.getByRole('link', { name: 'Panel meetings' }).click();
      await page.waitForURL(`**/reviews/${reviewId}/meetings`);
      await check('meetings');
      const text = await page.locator('main').innerText();
      expect(text).toContain('Thursday 12 February 2026, 10:00am to 11:30am');
      expect(text).toContain('Thursday 2 April 2026, 2:00pm to 3:30pm');
      expect(text).toContain('Cancelled');
      expect(text).toContain('2 attended, 1 sent apologies, 0 absent');
      expect(text).toContain('Fictional: chase the GP practice for its records.');
      expect(text).toContain('Pat Panel');
      expect(text).toContain('12 March 2026');
      expect(await page.getByRole('link', { name: 'Schedule a panel meeting' }).getAttribute('href')).toBe(`/reviews/${reviewId}#schedule-panel-meeting`);
      // The form it links to is on the review page.
      await page.getByRole('link', { name: 'Schedule a panel meeting' }).click();
      await page.waitForURL(`**/reviews/${reviewId}#schedule-panel-meeting`);
      expect(await page.locator('form[action$="/actions/schedule-panel-meeting"]').count()).toBe(1);
      expect(journey.findings).toEqual([]);
    } finally {
      await browser?.close();
    }
  });
});
