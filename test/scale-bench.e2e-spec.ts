import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { cloneTemplate, dropDatabase, testDatabaseUrl } from './support/databases';

/**
 * The scale seed and the benchmark, run small so they cannot rot: the full-size figures are
 * measured by running them (docs/performance.md), never asserted here.
 */
describe('The scale seed and the benchmark', () => {
  let name: string;
  let url: string;
  const npm = (args: string[]) => execFileSync('npm', ['run', '--silent', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const seed = () =>
    npm(['seed:scale', '--', '--partnerships', '3', '--reviews', '200', '--audit-entries', '4000', '--open-deadlines', '900', '--database-url', url]);

  beforeAll(async () => {
    name = await cloneTemplate();
    url = testDatabaseUrl(name);
  });
  afterAll(() => dropDatabase(name));

  it('seeds every stage, pauses, missed deadlines, plans and an unbroken chain, and adds nothing when run again', async () => {
    expect(npm(['seed:scale', '--', '--help'])).toContain('--open-deadlines');
    expect(seed()).toMatch(/Done in \d+ s: 200 reviews, 900 open deadlines, 4000 audit entries/);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const q = async (sql: string) => (await db.query(sql)).rows;
      expect((await q(`SELECT DISTINCT stage FROM reviews ORDER BY 1`)).map((r) => r.stage)).toEqual([
        'closed',
        'decision',
        'drafting',
        'home-office-qa',
        'information',
        'monitoring',
        'publication',
        'set-up',
        'sign-off',
      ]);
      const [spread] = await q(`SELECT
        (SELECT count(*) FROM partnerships WHERE name LIKE 'Scale Partnership%') AS partnerships,
        (SELECT count(*) FROM reviews WHERE status = 'paused') AS paused,
        (SELECT count(*) FROM review_pauses WHERE ended_on IS NULL) AS pauses,
        (SELECT count(*) FROM deadlines WHERE completed_on IS NULL AND due_on < CURRENT_DATE) AS missed,
        (SELECT count(*) FROM recommendations) AS recommendations,
        (SELECT count(*) FROM recommendation_actions) AS actions,
        (SELECT count(*) FROM information_requests) AS requests,
        (SELECT min(n) FROM (SELECT count(*) AS n FROM users GROUP BY partnership_id) u) AS fewest_users`);
      expect(spread.partnerships).toBe(3);
      expect(spread.paused).toBeGreaterThan(0);
      expect(spread.pauses).toBe(spread.paused);
      for (const figure of ['missed', 'recommendations', 'actions', 'requests']) expect(spread[figure]).toBeGreaterThan(0);
      expect(spread.fewest_users).toBeGreaterThanOrEqual(10);
      const before = await q(
        `SELECT (SELECT count(*) FROM reviews) AS reviews, (SELECT count(*) FROM audit_entries) AS audit, (SELECT count(*) FROM users) AS users`,
      );
      expect(seed()).toMatch(/200 reviews, 900 open deadlines, 4000 audit entries/);
      expect(
        await q(`SELECT (SELECT count(*) FROM reviews) AS reviews, (SELECT count(*) FROM audit_entries) AS audit, (SELECT count(*) FROM users) AS users`),
      ).toEqual(before);
    } finally {
      await db.end();
    }
    expect(npm(['audit:verify', '--', '--database-url', url])).toContain('4000 entries verified, unbroken');
  });

  it('measures every figure against the seeded data and writes them as JSON', () => {
    const out = join(tmpdir(), `${name}-bench.json`);
    const printed = npm([
      'bench',
      '--',
      '--database-url',
      url,
      '--duration',
      '1',
      '--warmup',
      '1',
      '--connections',
      '4',
      '--rounds',
      '2',
      '--deadlines',
      '200',
      '--mails',
      '20',
      '--out',
      out,
    ]);
    expect(printed).toContain('| request | api req/s');
    const figures = JSON.parse(readFileSync(out, 'utf8'));
    expect(figures.http.map((row: { request: string }) => row.request)).toEqual([
      'GET /api/reviews/:id (audited read)',
      'GET /api/reviews?stage=information&overdue=true',
      'GET /api/deadlines?status=open&dueBefore=…',
      'POST /api/reviews/:id/actions/request-information',
    ]);
    for (const row of figures.http) {
      expect(row.api.requestsPerSecond).toBeGreaterThan(0);
      expect(row.baseline.requestsPerSecond).toBeGreaterThan(0);
      // Two rounds each, and the one reported is one of them.
      expect(row.roundRatios).toHaveLength(2);
      expect(row.roundRatios).toContain(row.ratio);
      expect(row.api.non2xx + row.api.errors).toBe(0);
      expect(row.baseline.non2xx + row.baseline.errors).toBe(0);
    }
    expect(figures.auditVerify.intact).toBe(true);
    // The loads' own audit entries, vacuumed before the verification was timed.
    expect(figures.auditVerify.vacuumedFirst).toBeGreaterThan(0);
    expect(figures.reconcile.deadlines).toBe(200);
    expect(figures.mail.mails).toBe(20);
    expect(figures.apiPeakMemoryMb).toBeGreaterThan(0);
    expect(figures.plans.reviews.join('\n')).toMatch(/Index/);
    // The reminder figures went beside this run's own output, not over the committed full-size ones.
    const reminders = out.replace(/\.json$/, '-reminders.json');
    expect(JSON.parse(readFileSync(reminders, 'utf8')).reconcile.deadlines).toBe(200);
    rmSync(out);
    rmSync(reminders);
  });
});
