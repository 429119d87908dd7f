import request from 'supertest';
import { SmtpSink } from './support/smtp-sink';
import { notification, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';

describe('Running the reminders', () => {
  let api: TestApi;
  let sink: SmtpSink;
  let admin: TestUser, manager: TestUser;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    api = await TestApi.start({ today: '2026-06-01' });
    admin = await api.admin();
    manager = await api.user(['csp-manager']);
    await api.user(['csp-chair']); // the decision reminders go to the CSP chair as well
  });
  afterAll(async () => {
    await api.stop();
    await sink.stop();
  });

  it('lets an administrator change when reminders go, and reschedules every timer to match', async () => {
    const defaults = (await api.get(admin, '/api/admin/reminder-settings').expect(200)).body;
    expect(defaults).toEqual({ offsetsDays: [28, 14, 7, 1, 0], sendTime: '09:00', escalationEveryDays: 7 });
    await api.http().put('/api/admin/reminder-settings').set('Authorization', `Bearer ${manager.token}`).send(defaults).expect(403);
    const bad = await api
      .http()
      .put('/api/admin/reminder-settings')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ offsetsDays: [-1], sendTime: '25:00', escalationEveryDays: 0 })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['escalationEveryDays', 'offsetsDays', 'sendTime']);

    const worker = await TestWorker.start(api, sink.url);
    try {
      api.clock.set('2026-06-01T10:00:00Z');
      const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-06-01', dateOfDeath: '2026-05-30' })).expect(201)).body;
      await worker.settle();
      const deadlineId = (await api.db.query(`SELECT id FROM deadlines WHERE review_id = $1`, [review.id])).rows[0].id;
      expect(await worker.queue('reminders').getJob(`remind.${deadlineId}.2026-07-01.before-28`)).toBeDefined();

      const updated = await api
        .http()
        .put('/api/admin/reminder-settings')
        .set('Authorization', `Bearer ${admin.token}`)
        .send({ offsetsDays: [3, 10], sendTime: '08:30', escalationEveryDays: 2 })
        .expect(200);
      expect(updated.body).toEqual({ offsetsDays: [10, 3], sendTime: '08:30', escalationEveryDays: 2 });
      await worker.settle();
      expect(await worker.queue('reminders').getJob(`remind.${deadlineId}.2026-07-01.before-28`)).toBeUndefined();
      expect(await (await worker.queue('reminders').getJob(`remind.${deadlineId}.2026-07-01.before-10`))?.getState()).toBe('delayed');

      api.clock.set('2026-06-19T07:31:00Z'); // 08:31 on 19 June: ten working days... the 21st is a Sunday, so Friday 19th
      await worker.reconcileAndSettle();
      expect(sink.to(manager.email).map((m) => m.subject)).toEqual([
        `${review.reference}: Decide whether to hold a review is due in 12 days (Wednesday 1 July 2026)`,
      ]);
      const trail = (await api.get(admin, '/api/audit/verify').expect(200)).body;
      expect(trail.ok).toBe(true);
      const entry = (await api.db.query(`SELECT changes FROM audit_entries WHERE action = 'reminder-settings.updated'`)).rows[0];
      expect(entry.changes.after).toEqual({ offsetsDays: [10, 3], sendTime: '08:30', escalationEveryDays: 2 });
    } finally {
      await worker.stop();
      await api.http().put('/api/admin/reminder-settings').set('Authorization', `Bearer ${admin.token}`).send(defaults).expect(200);
    }
  });

  it('finishes the mail in hand when the worker shuts down', async () => {
    const worker = await TestWorker.start(api, sink.url);
    sink.clear();
    sink.delayMs = 1500;
    try {
      api.clock.set('2026-08-03T10:00:00Z');
      const review = (await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-08-03', dateOfDeath: '2026-08-01' })).expect(201)).body;
      await worker.settle();
      api.clock.set('2026-08-06T08:30:00Z'); // the first reminder's moment: 28 days before 3 September
      await worker.engine.reconcile();
      // Wait until the mail is in hand (claimed and going out), then stop the worker at once.
      for (let i = 0; i < 200; i += 1) {
        const sending = (await api.db.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE review_id = $1 AND status = 'sending'`, [review.id])).rows[0]
          .n;
        if (sending > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await worker.stop();
      const rows = (await api.db.query(`SELECT status FROM outbox_messages WHERE review_id = $1`, [review.id])).rows;
      expect(rows.length).toBe(2);
      expect(rows.filter((r) => r.status === 'sent').length).toBeGreaterThanOrEqual(1);
      expect(rows.every((r) => r.status === 'sent' || r.status === 'pending')).toBe(true); // none left half-sent
      expect(sink.messages.filter((m) => m.subject?.startsWith(review.reference)).length).toBe(rows.filter((r) => r.status === 'sent').length);
    } finally {
      sink.delayMs = 0;
    }
  });

  it('reports each queue on the worker’s /health', async () => {
    const worker = await TestWorker.start(api, sink.url);
    try {
      await worker.settle();
      const health = (await request(worker.app.getHttpServer()).get('/health').expect(200)).body;
      const open = (await api.db.query(`SELECT count(*)::int AS n FROM reminder_schedule`)).rows[0].n;
      expect(health.details.queues.status).toBe('up');
      expect(health.details.queues.reminders.delayed).toBe(open);
      expect(health.details.queues.mail).toEqual(expect.objectContaining({ waiting: 0, active: 0, failed: 0 }));
    } finally {
      await worker.stop();
    }
  });
});
