import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { Tenancy } from '@app/database';
import { PartnershipsService } from '@app/partnerships';
import { SmtpSink } from './support/smtp-sink';
import { notification, TestApi, TestUser } from './support/test-app';
import { TestWorker } from './support/test-worker';

/** Whose each row of a table is, as SQL on the table's row `t` (read as the superuser). */
const OWNER: Record<string, string> = {
  partnerships: 't.id',
  deadline_extensions: '(SELECT r.partnership_id FROM deadlines d JOIN reviews r ON r.id = d.review_id WHERE d.id = t.deadline_id)',
  reminder_log: '(SELECT r.partnership_id FROM deadlines d JOIN reviews r ON r.id = d.review_id WHERE d.id = t.deadline_id)',
  reminder_schedule: '(SELECT r.partnership_id FROM deadlines d JOIN reviews r ON r.id = d.review_id WHERE d.id = t.deadline_id)',
  action_updates: '(SELECT r.partnership_id FROM recommendation_actions a JOIN reviews r ON r.id = a.review_id WHERE a.id = t.action_id)',
  board_members: '(SELECT b.partnership_id FROM boards b WHERE b.id = t.board_id)',
  board_checkpoints: '(SELECT b.partnership_id FROM boards b WHERE b.id = t.board_id)',
};
/** Not any one partnership's: every partnership reads them. */
const SHARED_TABLES = ['partnerships', 'rulesets'];
/** Tables the application may add to but never read: entries on their way into the audit chain. */
const WRITE_ONLY_TABLES = ['audit_journal'];

/**
 * Two partnerships in one installation: nothing of one may show through any endpoint of the
 * other. (Partnerships other than the first are made here directly; the product will create
 * them through its own administration later.)
 */
describe('Partnerships as tenants', () => {
  let api: TestApi;
  let mine: Record<string, TestUser>;
  let theirs: Record<string, TestUser>;
  let myReview: string, theirReview: string, theirReference: string;

  const moveTo = (partnershipId: string, user: TestUser, agencyCode?: string) => api.moveUser(user, partnershipId, agencyCode);

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-03-02' });
    const other = await api.asSystem(() =>
      api.app.get(PartnershipsService).ensurePartnership('Fictional Other Partnership', 'Fictional Other Domestic Abuse Board'),
    );
    const make = async (roles: string[], agency?: string) => api.user(roles, agency);
    mine = {
      admin: await api.admin(),
      manager: await make(['csp-manager']),
      cspChair: await make(['csp-chair']),
      auditor: await make(['auditor']),
      board: await api.boardMember(['csp', 'dab']),
      owner: await make(['agency-action-owner'], 'cheshire-police'),
    };
    theirs = {
      admin: await moveTo(other.id, await make(['administrator'])),
      manager: await moveTo(other.id, await make(['csp-manager'])),
      cspChair: await moveTo(other.id, await make(['csp-chair'])),
      chair: await moveTo(other.id, await make(['independent-chair'])),
      owner: await moveTo(other.id, await make(['agency-action-owner'], 'cheshire-police'), 'cheshire-police'),
    };
    // A review in each, theirs driven on to drafting with a recommendation and an action.
    myReview = (await api.post(mine.manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult Mine', ageAtDeath: 40, sex: 'female' } })).expect(201))
      .body.id;
    const review = (
      await api.post(theirs.manager, '/api/reviews', notification({ victim: { pseudonym: 'Adult Theirs', ageAtDeath: 40, sex: 'male' } })).expect(201)
    ).body;
    theirReview = review.id;
    theirReference = review.reference;
    expect(theirReference).toBe('DHR-2026-001'); // each partnership numbers its own reviews
    await api.action(theirs.cspChair, theirReview, 'decide', { outcome: 'hold', decidedOn: '2026-02-10', rationale: 'Criteria met.' }).expect(200);
    await api.action(theirs.manager, theirReview, 'appoint-chair', { userId: theirs.chair.id, appointedOn: '2026-02-11' }).expect(200);
    await api.action(theirs.chair, theirReview, 'agree-terms-of-reference', { agreedOn: '2026-02-12' }).expect(200);
    await api.action(theirs.chair, theirReview, 'complete-information', { on: '2026-02-20' }).expect(200);
    const rec = (
      await api
        .post(theirs.chair, `/api/reviews/${theirReview}/recommendations`, {
          text: 'Theirs.',
          level: 'local',
          owningAgency: 'cheshire-police',
          themes: ['hate-crime'],
          outcome: 'Theirs.',
        })
        .expect(201)
    ).body;
    await api
      .post(theirs.chair, `/api/reviews/${theirReview}/recommendations/${rec.id}/actions`, {
        description: 'Their action.',
        owningAgency: 'cheshire-police',
        dueOn: '2026-04-01',
      })
      .expect(201);
  });
  afterAll(() => api.stop());

  it('keeps each partnership’s reviews, deadlines, actions and audit trail to itself', async () => {
    for (const user of Object.values(mine)) {
      const text = JSON.stringify([
        (await api.get(user, '/api/reviews?pageSize=100').expect(200)).body,
        (await api.get(user, '/api/deadlines?pageSize=100').expect(200)).body,
        (await api.get(user, '/api/actions?pageSize=100').expect(200)).body,
      ]);
      expect(text).not.toContain(theirReview);
      expect(text).not.toContain('Adult Theirs');
      expect(text).not.toContain('Their action.');
      // Searching by their pseudonym or by the reference both partnerships use finds only mine.
      expect((await api.get(user, '/api/reviews?q=theirs').expect(200)).body.total).toBe(0);
      for (const item of (await api.get(user, `/api/reviews?q=${theirReference}`).expect(200)).body.items) expect(item.id).toBe(myReview);
      await api.get(user, `/api/reviews/${theirReview}`).expect(404);
      await api.get(user, `/api/reviews/${theirReview}/audit`).expect(404);
      await api.get(user, `/api/reviews/${theirReview}/recommendations`).expect(404);
      await api.get(user, `/api/reviews/${theirReview}/export`).expect(404);
      await api.action(user, theirReview, 'pause', { reason: 'x', startedOn: '2026-03-01' }).expect(404);
    }
    const theirAction = (await api.get(theirs.owner, '/api/actions').expect(200)).body.items[0].id;
    // Same agency code, other partnership: still not theirs to see or touch.
    await api.get(mine.owner, `/api/actions/${theirAction}`).expect(404);
    await api.post(mine.owner, `/api/actions/${theirAction}/updates`, { status: 'in-progress', on: '2026-03-02' }).expect(404);
    // And the other way round.
    expect((await api.get(theirs.manager, '/api/reviews?q=THEIRS').expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([theirReview]);
    expect((await api.get(mine.manager, '/api/reviews?q=adult%20mine').expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([myReview]);
    // Typed wildcards are plain characters.
    expect((await api.get(mine.manager, '/api/reviews?q=%25').expect(200)).body.total).toBe(0);
    expect((await api.get(mine.manager, '/api/reviews?q=Adult_Mine').expect(200)).body.total).toBe(0);
    const seen = (await api.get(theirs.manager, '/api/reviews').expect(200)).body;
    expect(seen.items.map((r: { id: string }) => r.id)).toEqual([theirReview]);
    await api.get(theirs.manager, `/api/reviews/${myReview}`).expect(404);
  });

  it('keeps users, agencies, boards, reminder settings and mail to each partnership', async () => {
    const users = (await api.get(mine.admin, '/api/users?pageSize=100').expect(200)).body.items.map((u: { id: string }) => u.id);
    for (const user of Object.values(theirs)) expect(users).not.toContain(user.id);
    const theirUsers = (await api.get(theirs.admin, '/api/users?pageSize=100').expect(200)).body.items.map((u: { id: string }) => u.id);
    expect(theirUsers.sort()).toEqual(
      Object.values(theirs)
        .map((u) => u.id)
        .sort(),
    );

    const agencies = (await api.get(mine.manager, '/api/agencies').expect(200)).body;
    const theirAgencies = (await api.get(theirs.manager, '/api/agencies').expect(200)).body;
    expect(new Set([...agencies, ...theirAgencies].map((a: { id: string }) => a.id)).size).toBe(agencies.length + theirAgencies.length);

    const boards = (await api.get(mine.manager, '/api/boards').expect(200)).body.map((b: { name: string }) => b.name);
    expect(boards).toEqual(['Safer Halton Partnership board', 'Halton Domestic Abuse Board']);
    expect((await api.get(theirs.manager, '/api/boards').expect(200)).body.map((b: { name: string }) => b.name)).toEqual([
      'Fictional Other Partnership board',
      'Fictional Other Domestic Abuse Board',
    ]);

    // Their administrator cannot reach my users or my board.
    await api.post(theirs.admin, '/api/boards/csp/members', { userId: mine.board.id }).expect(400);
    const outbox = (await api.get(theirs.admin, '/api/admin/outbox').expect(200)).body;
    expect(outbox.total).toBe(0);

    await api
      .http()
      .put('/api/admin/reminder-settings')
      .set('Authorization', `Bearer ${theirs.admin.token}`)
      .send({ offsetsDays: [5], sendTime: '10:00', escalationEveryDays: 3 })
      .expect(200);
    expect((await api.get(mine.admin, '/api/admin/reminder-settings').expect(200)).body).toEqual({
      offsetsDays: [28, 14, 7, 1, 0],
      sendTime: '09:00',
      escalationEveryDays: 7,
    });
    expect((await api.get(theirs.admin, '/api/admin/reminder-settings').expect(200)).body).toEqual({
      offsetsDays: [5],
      sendTime: '10:00',
      escalationEveryDays: 3,
    });
  });

  it('keeps each board’s audit view and quarterly report to its own partnership', async () => {
    const auditView = JSON.stringify((await api.get(mine.manager, '/api/boards/csp/audit?pageSize=100').expect(200)).body);
    expect(auditView).not.toContain(theirReview);
    const report = (await api.get(mine.manager, '/api/boards/csp/report?quarter=2026-Q1').expect(200)).body;
    expect(report.partnership).toBe('Safer Halton Partnership');
    expect(JSON.stringify(report)).not.toContain('Adult Theirs');
    const total = report.reviews.byStage.reduce((sum: number, s: { count: number }) => sum + s.count, 0);
    expect(total).toBe(1); // my one review, not theirs
  });

  describe('enforced by the database itself, whatever a query forgets', () => {
    let other: string;
    let mineId: string;
    let tables: string[];
    let ownerOf: Record<string, string>;
    // The api's own connection pool, exactly as its services use it.
    const appSql = (sql: string, parameters: unknown[] = []) => api.app.get(DataSource).query(sql, parameters);
    const tenancy = () => api.app.get(Tenancy);
    const count = async (table: string) => Number((await appSql(`SELECT count(*) AS n FROM ${table}`))[0].n);
    const ownedBy = async (table: string, partnershipId: string) =>
      Number((await api.db.query(`SELECT count(*) AS n FROM ${table} t WHERE ${ownerOf[table]} = $1`, [partnershipId])).rows[0].n);

    beforeAll(async () => {
      other = (await api.db.query('SELECT partnership_id FROM reviews WHERE id = $1', [theirReview])).rows[0].partnership_id;
      mineId = (await api.db.query('SELECT partnership_id FROM reviews WHERE id = $1', [myReview])).rows[0].partnership_id;
      tables = (await api.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)).rows.map(
        (r) => r.tablename,
      );
      const columns = (await api.db.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`)).rows;
      const has = (table: string, column: string) => columns.some((c) => c.table_name === table && c.column_name === column);
      ownerOf = Object.fromEntries(
        tables
          .filter((table) => table !== 'rulesets')
          .map((table) => [
            table,
            OWNER[table] ??
              (has(table, 'partnership_id')
                ? 't.partnership_id'
                : has(table, 'review_id')
                  ? '(SELECT r.partnership_id FROM reviews r WHERE r.id = t.review_id)'
                  : 'unknown'),
          ]),
      );
    });

    it('puts every table under row-level security for the application role', async () => {
      const unguarded = (
        await api.db.query(
          `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'migrations'
             AND (NOT c.relrowsecurity OR NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname))`,
        )
      ).rows;
      expect(unguarded).toEqual([]);
      // Every table's rows can be traced to a partnership, or are deliberately everyone's.
      expect(Object.entries(ownerOf).filter(([, owner]) => owner === 'unknown')).toEqual([]);
      expect(tables.length).toBeGreaterThan(30);
    });

    it('shows a connection nobody scoped no partnership’s rows at all', async () => {
      for (const table of tables.filter((t) => !SHARED_TABLES.includes(t) && !WRITE_ONLY_TABLES.includes(t))) {
        expect({ table, rows: await count(table) }).toEqual({ table, rows: 0 });
      }
      expect(await count('partnerships')).toBe(2);
    });

    it('shows a partnership exactly its own rows in every table, with no filter in the query', async () => {
      const leaked: string[] = [];
      const theirsHeld: string[] = [];
      await tenancy().forPartnership(mineId, async () => {
        for (const table of tables.filter((t) => !SHARED_TABLES.includes(t) && !WRITE_ONLY_TABLES.includes(t))) {
          if ((await ownedBy(table, other)) > 0) theirsHeld.push(table);
          if ((await count(table)) !== (await ownedBy(table, mineId))) leaked.push(table);
        }
      });
      expect(leaked).toEqual([]);
      // The comparison meant something: the other partnership has rows in all of these.
      expect(theirsHeld).toEqual(
        expect.arrayContaining([
          'agencies',
          'audit_entries',
          'boards',
          'deadlines',
          'deaths',
          'recommendation_actions',
          'recommendations',
          'review_events',
          'reviews',
          'users',
        ]),
      );
      // Its own rows it does see.
      await tenancy().forPartnership(mineId, async () => expect(await count('reviews')).toBe(1));
    });

    it('refuses to write into another partnership’s rows', async () => {
      const stage = (await api.db.query('SELECT stage FROM reviews WHERE id = $1', [theirReview])).rows[0].stage;
      await tenancy().forPartnership(mineId, async () => {
        await expect(appSql(`INSERT INTO agencies (partnership_id, code, name) VALUES ($1, 'planted', 'Planted')`, [other])).rejects.toMatchObject({
          code: '42501',
        });
        expect((await appSql(`UPDATE reviews SET stage = 'published' WHERE id = $1`, [theirReview]))[1]).toBe(0);
        expect((await appSql(`DELETE FROM review_events WHERE review_id = $1`, [theirReview]))[1]).toBe(0);
      });
      expect((await api.db.query('SELECT count(*) AS n FROM review_events WHERE review_id = $1', [theirReview])).rows[0].n).toBeGreaterThan(0);
      expect((await api.db.query('SELECT stage FROM reviews WHERE id = $1', [theirReview])).rows[0].stage).toBe(stage);
    });

    it('reads every view with the reader’s rights, so a view shows a partnership exactly its own rows too', async () => {
      const views = (
        await api.db.query(
          `SELECT c.relname, c.reloptions, has_table_privilege('dhr_app', c.oid, 'SELECT') AS app, has_table_privilege('dhr_system', c.oid, 'SELECT') AS system
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') ORDER BY 1`,
        )
      ).rows as { relname: string; reloptions: string[] | null; app: boolean; system: boolean }[];
      expect(views.length).toBeGreaterThan(10);
      // A view runs with its owner's rights (the migration runner, bound by no policy) unless it is security_invoker.
      expect(views.filter((v) => !(v.reloptions ?? []).includes('security_invoker=true') || !v.app || !v.system).map((v) => v.relname)).toEqual([]);
      const columns = (await api.db.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'`)).rows;
      const has = (view: string, column: string) => columns.some((c) => c.table_name === view && c.column_name === column);
      const viewOwner: Record<string, string> = {
        partnership_facts: 't.id',
        action_update_facts: OWNER.action_updates,
      };
      const leaked: string[] = [];
      const unknown: string[] = [];
      await tenancy().forPartnership(mineId, async () => {
        for (const { relname: view } of views) {
          const owner =
            viewOwner[view] ??
            (has(view, 'partnership_id')
              ? 't.partnership_id'
              : has(view, 'review_id')
                ? '(SELECT r.partnership_id FROM reviews r WHERE r.id = t.review_id)'
                : null);
          if (!owner) {
            unknown.push(view);
            continue;
          }
          if (view === 'partnership_facts') continue; // shared, like the partnerships table
          const mineHeld = Number((await api.db.query(`SELECT count(*) AS n FROM ${view} t WHERE ${owner} = $1`, [mineId])).rows[0].n);
          if ((await count(view)) !== mineHeld) leaked.push(view);
        }
      });
      expect({ leaked, unknown }).toEqual({ leaked: [], unknown: [] });
    });

    it('carries no scope over from one use of a pooled connection to the next', async () => {
      for (let round = 0; round < 3; round++) {
        await tenancy().forPartnership(other, async () => expect(await count('reviews')).toBe(1));
        expect(await count('reviews')).toBe(0);
        await tenancy().asSystem(async () => expect(await count('reviews')).toBe(2));
        expect(await count('deaths')).toBe(0);
      }
    });

    it('gives the system scope a role of its own with exactly the application role’s rights', async () => {
      const grants = async (role: string) =>
        (
          await api.db.query(
            `SELECT table_name || ':' || privilege_type AS grant FROM information_schema.role_table_grants WHERE grantee = $1 AND table_schema = 'public' ORDER BY 1`,
            [role],
          )
        ).rows.map((r) => r.grant as string);
      const app = await grants('dhr_app');
      const system = await grants('dhr_system');
      // The same rights everywhere but the audit trail: only the chainer (the system) appends to
      // the chain and empties the journal; the application adds to the journal and reads the chain.
      const trail = (g: string) => g.startsWith('audit_journal:') || g.startsWith('audit_entries:');
      expect(system.filter((g) => !trail(g))).toEqual(app.filter((g) => !trail(g)));
      expect(app.filter(trail)).toEqual(['audit_entries:SELECT', 'audit_journal:INSERT']);
      expect(system.filter(trail)).toEqual([
        'audit_entries:INSERT',
        'audit_entries:SELECT',
        'audit_journal:DELETE',
        'audit_journal:INSERT',
        'audit_journal:SELECT',
      ]);
      // Every table under row-level security lets the system role through, and only by its own policy.
      const missing = (
        await api.db.query(
          `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relrowsecurity
             AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = 'system_scope' AND p.roles = '{dhr_system}')`,
        )
      ).rows;
      expect(missing).toEqual([]);
    });

    it('keeps the audit journal write-only to the application, and empty once a request has answered', async () => {
      await tenancy().forPartnership(mineId, async () => {
        await expect(appSql('SELECT count(*) FROM audit_journal')).rejects.toMatchObject({ code: '42501' });
      });
      await api.get(mine.manager, `/api/reviews/${myReview}`).expect(200);
      expect((await api.db.query('SELECT count(*) AS n FROM audit_journal')).rows[0].n).toBe(0);
    });

    it('answers the tenancy rules from indexes: no query on a review’s rows scans the whole table', async () => {
      const plan = async (sql: string) =>
        tenancy().forPartnership(mineId, async () => {
          const dataSource = api.app.get(DataSource);
          const runner = dataSource.createQueryRunner();
          try {
            // With so few rows the planner would rightly scan; forbid it, and see what the rules allow.
            await runner.query('SET enable_seqscan = off');
            return ((await runner.query(`EXPLAIN ${sql}`)) as { 'QUERY PLAN': string }[]).map((row) => row['QUERY PLAN']).join('\n');
          } finally {
            await runner.query('RESET enable_seqscan');
            await runner.release();
          }
        });
      for (const sql of [
        'SELECT * FROM reviews',
        'SELECT * FROM deaths',
        `SELECT * FROM deadlines WHERE completed_on IS NULL`,
        `SELECT * FROM information_requests`,
        `SELECT * FROM audit_entries WHERE review_id = '${myReview}'`,
      ]) {
        expect({ sql, plan: await plan(sql) }).toEqual({
          sql,
          plan: expect.not.stringMatching(/Seq Scan on (reviews|deaths|deadlines|information_requests|audit_entries)\b/),
        });
      }
    });

    it('will not change scope inside a transaction already under way', async () => {
      const txHost = api.app.get(TransactionHost);
      await tenancy().forPartnership(mineId, () =>
        txHost.withTransaction(async () => {
          await expect(tenancy().asSystem(async () => count('reviews'))).rejects.toThrow(/cannot change inside a transaction/);
        }),
      );
    });

    it('lets the worker, which serves every partnership, see them all', async () => {
      const sink = await SmtpSink.start();
      const worker = await TestWorker.start(api, sink.url);
      try {
        const rows = await worker.app.get(DataSource).query('SELECT DISTINCT partnership_id FROM reviews');
        expect(rows.map((r: { partnership_id: string }) => r.partnership_id).sort()).toEqual([mineId, other].sort());
        // And does its work for both: the reminder timers of each partnership's deadlines.
        await worker.reconcileAndSettle();
        const timed = await api.db.query(
          'SELECT DISTINCT r.partnership_id FROM reminder_schedule s JOIN deadlines d ON d.id = s.deadline_id JOIN reviews r ON r.id = d.review_id',
        );
        expect(timed.rows.map((r: { partnership_id: string }) => r.partnership_id).sort()).toEqual([mineId, other].sort());
      } finally {
        await worker.stop();
        await sink.stop();
      }
    });
  });
});
