/**
 * The national-scale benchmark: the api under load against the data `npm run seed:scale` made,
 * each figure beside a bare-Node baseline measured in the same run, plus audit verification,
 * reminder reconcile, mail delivery and the api's peak memory. Prints one table and writes it as
 * JSON under bench/results/.
 */
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { verifierConnectionsTo, verifyStoredAuditChain } from '@app/audit';
import { SCALE_PASSWORD } from '../scripts/seed-scale';

const HELP = `Usage: npm run bench -- [options]

Runs against a database that \`npm run seed:scale\` filled (the same --database-url). Builds and
starts the api, and the floor: a bare Node http + pg server (bench/baseline-server.ts) giving the
same answers with the same guarantees by the least work (one connection, one named statement for
each read with its audit entry, two for the write);
loads each with autocannon (32 connections, a warm-up, then the measured run), api first, then
the baseline; then verifies the whole audit chain, and runs \`npm run bench:reminders\` for the
reconcile and mail figures. Prints a table and writes bench/results/api.json.

The reads are as the first partnership's CSP manager; the write is by the CSP managers of the
first 32 partnerships at once, on their own reviews at the information stage, asking for the
short answer (Prefer: return=minimal) that the baseline gives. The writes stay in the database,
and the next run's lists read them too: for figures comparable with docs/performance.md, drop the
database and seed it again first (the run says how many earlier writes it found).

  --database-url <url>   the seeded database (default DATABASE_URL, else postgres://postgres@127.0.0.1:5432/dhr)
  --duration <s>         measured seconds per run (default 15)
  --warmup <s>           warm-up seconds before each (default 5)
  --rounds <n>           load each request this many times, api and floor in turn, and report
                         the round whose ratio is the median, the lower middle of an even number
                         (default 1; figures move by up to a fifth from run to run on a shared
                         2-core machine)
  --connections <n>      concurrent connections (default 32)
  --deadlines <n>        open deadlines for the reconcile figure (default 100000)
  --mails <n>            mails for the delivery figure (default 10000)
  --out <file>           where the JSON goes (default bench/results/api.json)
  --help                 this text`;

/** What the write load asks for: how this run's writes (and any earlier run's) are told apart. */
const BENCH_WRITE_DESCRIPTION = 'Fictional chronology (benchmark).';

/** How many partnerships' case officers write at once in the write load. */
const WRITING_PARTNERSHIPS = 32;
const log = (line = '') => process.stdout.write(`${line}\n`);

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      connections: { type: 'string' },
      deadlines: { type: 'string' },
      mails: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  const whole = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} must be a whole number of 1 or more; got ${text}`);
    return Number(text);
  };
  return {
    help: values.help ?? false,
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dhr',
    duration: whole('duration', values.duration, 15),
    warmup: whole('warmup', values.warmup, 5),
    rounds: whole('rounds', values.rounds, 1),
    connections: whole('connections', values.connections, 32),
    deadlines: whole('deadlines', values.deadlines, 100_000),
    mails: whole('mails', values.mails, 10_000),
    out: values.out ?? join(__dirname, 'results', 'api.json'),
  };
}

interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** Loads one URL for the warm-up, then measures; latency percentiles from every response. */
/** One request of a load: each goes to its own path as its own person, as many people at once would. */
interface Target {
  path: string;
  token: string;
}

async function load(
  target: { url: string; method?: 'GET' | 'POST'; body?: () => string; token: string; targets?: Target[]; headers?: Record<string, string> },
  seconds: number,
  warmup: number,
  connections: number,
): Promise<LoadFigures> {
  const run = (duration: number, histogram?: hdr.Histogram) =>
    new Promise<autocannon.Result>((resolve, reject) => {
      let next = 0;
      const instance = autocannon(
        {
          url: target.url,
          connections,
          duration,
          method: target.method ?? 'GET',
          headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', ...target.headers },
          requests: [
            {
              setupRequest: (request) => {
                const one = target.targets ? target.targets[next++ % target.targets.length] : undefined;
                return {
                  ...request,
                  ...(one ? { path: one.path, headers: { ...request.headers, authorization: `Bearer ${one.token}` } } : {}),
                  ...(target.body ? { body: target.body() } : {}),
                };
              },
            },
          ],
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
      if (histogram) instance.on('response', (_client, _status, _bytes, responseTime) => histogram.recordValue(Math.max(1, Math.round(responseTime * 1000))));
    });
  await run(warmup);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const result = await run(seconds, histogram);
  const ms = (percentile: number) => Math.round(histogram.getValueAtPercentile(percentile) / 10) / 100;
  return {
    requestsPerSecond: Math.round(result['2xx'] / seconds),
    p50: ms(50),
    p95: ms(95),
    p99: ms(99),
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function waitForHttp(url: string, child: ChildProcess, name: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${name} did not answer at ${url}`);
}

function peakMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  if (opts.help) {
    log(HELP);
    return;
  }
  const db = new Client({ connectionString: opts.databaseUrl });
  await db.connect();
  const children: ChildProcess[] = [];
  try {
    const manager = (await db.query(`SELECT id, partnership_id FROM users WHERE email = 'manager@scale-001.example'`)).rows[0];
    if (!manager) throw new Error(`No seeded data in ${opts.databaseUrl}: run npm run seed:scale -- --database-url ${opts.databaseUrl} first`);
    const scale = (
      await db.query(
        `SELECT (SELECT count(*) FROM partnerships) AS partnerships, (SELECT count(*) FROM reviews) AS reviews, (SELECT count(*) FROM audit_entries) AS audit, (SELECT count(*) FROM deadlines WHERE completed_on IS NULL) AS open`,
      )
    ).rows[0];
    log(`Data: ${scale.partnerships} partnerships, ${scale.reviews} reviews, ${scale.open} open deadlines, ${scale.audit} audit entries`);
    // Each run's writes stay: thousands of requests and deadlines on the first partnerships' reviews,
    // which the next run's lists then read. Figures are comparable only on a fresh seed.
    const earlierWrites = Number(
      (await db.query(`SELECT count(*) AS n FROM information_requests WHERE description = $1`, [BENCH_WRITE_DESCRIPTION])).rows[0].n,
    );
    if (earlierWrites > 0) {
      log(
        `Note: ${earlierWrites} information requests here were written by earlier runs of this benchmark, so the lists read more than a fresh seed holds; for figures comparable with docs/performance.md, drop the database and seed it again.`,
      );
    }
    const reviews = (
      await db.query(`SELECT id FROM reviews WHERE partnership_id = $1 AND stage = 'information' AND status = 'open' ORDER BY id`, [manager.partnership_id])
    ).rows.map((r) => r.id as string);
    if (!reviews.length) throw new Error('The first seeded partnership has no open review at the information stage to measure');

    log('Building the api...');
    execFileSync('npx', ['nest', 'build', 'api'], { stdio: 'ignore' });
    const secret = randomBytes(32).toString('hex');
    const apiPort = 3960;
    const basePort = 3961;
    const env = {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      JWT_SECRET: secret,
      PORT: String(apiPort),
      SEED_DEMO: 'false',
      QUEUE_PREFIX: 'bench-api',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      // The seeded case officers sign in with passwords alone: the bench measures requests, not the second factor.
      TOTP_REQUIRED_ROLES: 'none',
    };
    // Started as `npm run start:api` and the Dockerfile start it, heap cap included.
    const api = spawn('node', ['--max-old-space-size=192', 'dist/apps/api/main.js'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(api);
    const baseline = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'baseline-server.ts'), String(basePort)],
      { env, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    children.push(baseline);
    await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`, api, 'the api');
    await waitForHttp(`http://127.0.0.1:${basePort}/`, baseline, 'the baseline');
    const signIn = async (email: string) => {
      const res = await fetch(`http://127.0.0.1:${apiPort}/api/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: SCALE_PASSWORD }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const token = await signIn('manager@scale-001.example');
    // The writes come from the case officers of many partnerships at once, as they would across
    // the country, each asking for information on their own reviews at the information stage.
    const writers = (
      await db.query(
        `SELECT u.email, array_agg(r.id ORDER BY r.id) AS reviews FROM users u
         JOIN reviews r ON r.partnership_id = u.partnership_id AND r.stage = 'information' AND r.status = 'open' AND r.id <> $1
         WHERE u.email LIKE 'manager@scale-%' GROUP BY u.email ORDER BY u.email LIMIT $2`,
        [reviews[0], WRITING_PARTNERSHIPS],
      )
    ).rows as { email: string; reviews: string[] }[];
    const writeTargets: Target[] = [];
    if (!writers.length) throw new Error('No seeded partnership has an open review at the information stage to write to');
    for (const writer of writers) {
      const writerToken = await signIn(writer.email);
      for (const id of writer.reviews) writeTargets.push({ path: `/api/reviews/${id}/actions/request-information`, token: writerToken });
    }

    const dueBefore = new Date(Date.now() + 28 * 86_400_000).toISOString().slice(0, 10);
    const dueOn = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    // The read is of a review the writes leave alone, so it stays the size a real review is.
    const cases = [
      { name: 'GET /api/reviews/:id (audited read)', path: `/api/reviews/${reviews[0]}` },
      { name: 'GET /api/reviews?stage=information&overdue=true', path: '/api/reviews?stage=information&overdue=true' },
      { name: `GET /api/deadlines?status=open&dueBefore=…`, path: `/api/deadlines?status=open&dueBefore=${dueBefore}` },
      {
        name: 'POST /api/reviews/:id/actions/request-information',
        path: writeTargets[0].path,
        method: 'POST' as const,
        targets: writeTargets,
        // Answered with the new stage and version, not the whole review, as the baseline answers.
        headers: { prefer: 'return=minimal' },
        body: () => JSON.stringify({ agency: 'cheshire-police', description: BENCH_WRITE_DESCRIPTION, dueOn }),
      },
    ];
    const http: { request: string; api: LoadFigures; baseline: LoadFigures; ratio: number; roundRatios: number[] }[] = [];
    for (const c of cases) {
      // Each round loads the api, then the floor; with several, the round whose ratio is the median
      // is reported whole, so the api's and the floor's figures always come from the same round.
      const rounds: { api: LoadFigures; baseline: LoadFigures; ratio: number }[] = [];
      for (let round = 1; round <= opts.rounds; round++) {
        log(`Loading ${c.name}${opts.rounds > 1 ? ` (round ${round} of ${opts.rounds})` : ''}...`);
        const ours = await load(
          { url: `http://127.0.0.1:${apiPort}${c.path}`, token, method: c.method, body: c.body, targets: c.targets, headers: c.headers },
          opts.duration,
          opts.warmup,
          opts.connections,
        );
        const floor = await load(
          { url: `http://127.0.0.1:${basePort}${c.path}`, token, method: c.method, body: c.body, targets: c.targets, headers: c.headers },
          opts.duration,
          opts.warmup,
          opts.connections,
        );
        const ratio = floor.requestsPerSecond ? Math.round((ours.requestsPerSecond / floor.requestsPerSecond) * 100) / 100 : 0;
        rounds.push({ api: ours, baseline: floor, ratio });
      }
      const median = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor((rounds.length - 1) / 2)];
      if (rounds.length > 1) log(`  ratios by round: ${rounds.map((r) => r.ratio).join(', ')}; reported: ${median.ratio}`);
      http.push({ request: c.name, ...median, roundRatios: rounds.map((r) => r.ratio) });
    }
    const apiPeakMb = peakMemoryMb(api.pid!);

    log('Query plans of the list queries (as the application role, scoped to the partnership):');
    const plans: Record<string, string[]> = {};
    const asApp = new Client({ connectionString: opts.databaseUrl, options: '-c role=dhr_app' });
    await asApp.connect();
    await asApp.query(`SELECT set_config('app.scope', 'partnership', false), set_config('app.partnership_id', $1, false)`, [manager.partnership_id]);
    const today = new Date().toISOString().slice(0, 10);
    const listSql: Record<string, [string, unknown[]]> = {
      reviews: [
        `SELECT r.id, r.reference, dth.victim_pseudonym, count(*) OVER () AS total_count FROM reviews r JOIN deaths dth ON dth.id = r.death_id WHERE r.partnership_id = $1 AND r.stage = 'information'
           AND EXISTS (SELECT 1 FROM deadlines d WHERE d.review_id = r.id AND d.completed_on IS NULL AND r.status <> 'paused' AND d.due_on < $2) ORDER BY r.notified_on DESC, r.id LIMIT 20`,
        [manager.partnership_id, today],
      ],
      deadlines: [
        `SELECT d.id, d.due_on, r.reference, count(*) OVER () AS total_count FROM deadlines d JOIN reviews r ON r.id = d.review_id WHERE r.partnership_id = $1 AND d.completed_on IS NULL AND NOT d.cancelled AND r.status <> 'paused'
           AND d.due_on >= $2 AND d.due_on < $3 ORDER BY d.due_on, d.id LIMIT 20`,
        [manager.partnership_id, today, dueBefore],
      ],
    };
    for (const [name, [sql, parameters]] of Object.entries(listSql)) {
      plans[name] = (await asApp.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}`, parameters)).rows.map((row) => row['QUERY PLAN'] as string);
      log(`  ${name}:`);
      for (const line of plans[name]) log(`    ${line}`);
    }
    await asApp.end();

    // Each phase starts on a settled server: the loads' writes flushed to disk first, and the audit
    // entries they added (tens of thousands, against a few hundred a day in use) vacuumed, as
    // autovacuum leaves a table that has caught up. The first read of freshly written rows sets
    // their hint bits: measured here, it cut the figure by half after a three-round load.
    await db.query('CHECKPOINT');
    const freshAuditEntries = Number(
      (await db.query(`SELECT n_ins_since_vacuum AS n FROM pg_stat_user_tables WHERE relname = 'audit_entries'`)).rows[0]?.n ?? 0,
    );
    await db.query('VACUUM (ANALYZE) audit_entries');
    log('Verifying the whole audit chain...');
    const started = process.hrtime.bigint();
    const verification = await verifyStoredAuditChain(verifierConnectionsTo(opts.databaseUrl));
    const verifySeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const audit = {
      entries: verification.entries,
      intact: verification.ok,
      seconds: Math.round(verifySeconds * 100) / 100,
      perSecond: Math.round(verification.entries / verifySeconds),
      /** Entries written since the table was last vacuumed, vacuumed before the verification. */
      vacuumedFirst: freshAuditEntries,
    };

    for (const child of children) child.kill('SIGTERM');
    await db.query('CHECKPOINT');
    log('Reconcile and mail (npm run bench:reminders)...');
    // Beside this run's own figures, so a small run (CI's) never overwrites the full-size ones.
    const remindersOut = join(dirname(opts.out), opts.out.endsWith('api.json') ? 'reminders.json' : `${basename(opts.out, '.json')}-reminders.json`);
    execFileSync(
      'npm',
      ['run', '--silent', 'bench:reminders', '--', '--deadlines', String(opts.deadlines), '--mails', String(opts.mails), '--out', remindersOut],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const reminders = JSON.parse(readFileSync(remindersOut, 'utf8'));

    const figures = {
      at: new Date().toISOString(),
      machine: { cores: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      settings: { duration: opts.duration, warmup: opts.warmup, connections: opts.connections, rounds: opts.rounds },
      data: {
        partnerships: Number(scale.partnerships),
        reviews: Number(scale.reviews),
        openDeadlines: Number(scale.open),
        auditEntries: Number(scale.audit),
        earlierBenchWrites: earlierWrites,
      },
      http,
      apiPeakMemoryMb: apiPeakMb,
      auditVerify: audit,
      reconcile: reminders.reconcile,
      mail: reminders.mail,
      plans,
    };
    mkdirSync(join(opts.out, '..'), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(figures, null, 2)}\n`);

    log();
    log('| request | api req/s | p50 ms | p95 ms | p99 ms | baseline req/s | p95 ms | api/baseline | non-2xx |');
    log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of http) {
      log(
        `| ${row.request} | ${row.api.requestsPerSecond} | ${row.api.p50} | ${row.api.p95} | ${row.api.p99} | ${row.baseline.requestsPerSecond} | ${row.baseline.p95} | ${row.ratio} | ${row.api.non2xx + row.api.errors} |`,
      );
    }
    log();
    log('| measure | figure |');
    log('| --- | ---: |');
    log(
      `| audit verification (${audit.entries} entries, ${audit.intact ? 'intact' : 'BROKEN'}; ${audit.vacuumedFirst} new since the last vacuum, vacuumed first) | ${audit.perSecond} entries/s |`,
    );
    log(`| reconcile ${reminders.reconcile.deadlines} open deadlines into an empty Redis | ${reminders.reconcile.seconds} s |`);
    log(`| deliver ${reminders.mail.mails} mails to a local SMTP sink | ${reminders.mail.perSecond} mails/s |`);
    log(`| api peak memory (VmHWM) | ${apiPeakMb} MB |`);
    log();
    log(`Written to ${opts.out}`);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await db.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
