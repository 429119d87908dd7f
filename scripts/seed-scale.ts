/**
 * Fills a database with a national-scale load of fictional data: every Community Safety
 * Partnership in England and Wales and a decade of their reviews, for the benchmarks.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { addDays, addMonths, formatISO, subDays } from 'date-fns';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { ROLES } from '@app/access';
import { canonicalEntry, GENESIS_HASH, hashOfCanonical } from '@app/audit';
import { ClockModule } from '@app/common';
import { AppConfigModule } from '@app/config';
import { DatabaseModule, prepareDatabase, SYSTEM_SCOPE, Tenancy } from '@app/database';
import { PartnershipsModule, PartnershipsService } from '@app/partnerships';
import { BUNDLED_ACTION_NAMES, BUNDLED_RULESETS, RulesetsModule, RulesetsService } from '@app/rulesets';
import { hashPassword } from '@app/identity';

const HELP = `Usage: npm run seed:scale -- [options]

Seeds fictional partnerships, people, deaths, reviews in every stage (some paused, some with
missed deadlines), information requests, recommendations and action plans, and an unbroken audit
chain, for the benchmarks. Safe to run again: partnerships already seeded are left alone, and
the audit chain is only topped up to the number asked for.

  --partnerships <n>     partnerships (default 300)
  --reviews <n>          reviews across them (default 20000)
  --audit-entries <n>    audit entries in the chain in all (default 1000000)
  --open-deadlines <n>   open deadlines across the reviews (default 100000)
  --today <yyyy-mm-dd>   the day the data is seeded as of (default: today)
  --database-url <url>   the database (default DATABASE_URL, else postgres://postgres@127.0.0.1:5432/dhr);
                         created and migrated when missing
  --help                 this text

Every person in it is fictional, on .example addresses; each signs in with the password
"scale-demo-2026" (e.g. manager@scale-001.example).`;

export const SCALE_PASSWORD = 'scale-demo-2026';
const RULESET = 'dhr-2016-v4';
/** The stages a review may be in, with how many of each a partnership has, roughly, over a decade. */
const STAGE_SHARE: [string, number][] = [
  ['decision', 4],
  ['set-up', 5],
  ['information', 12],
  ['drafting', 9],
  ['sign-off', 5],
  ['home-office-qa', 5],
  ['publication', 4],
  ['monitoring', 16],
  ['closed', 40],
];
const STAGES = STAGE_SHARE.map(([stage]) => stage);
const ALL_STAGES = ['notification', ...STAGES];
/** How long, in days, a review in each stage has typically been open (from..to). */
const AGE_DAYS: Record<string, [number, number]> = {
  decision: [0, 30],
  'set-up': [25, 90],
  information: [60, 300],
  drafting: [150, 330],
  'sign-off': [180, 360],
  'home-office-qa': [210, 420],
  publication: [270, 480],
  monitoring: [300, 900],
  closed: [700, 3650],
};
const MOVED_BY: Record<string, string> = {
  'set-up': 'decide',
  information: 'agree-terms-of-reference',
  drafting: 'complete-information',
  'sign-off': 'complete-draft',
  'home-office-qa': 'submit-to-home-office',
  publication: 'record-qa-outcome',
  monitoring: 'publish',
  closed: 'close',
};
const AUDIT_ACTIONS = [
  'review.viewed',
  'review.viewed',
  'review.viewed',
  'deadline.listed',
  'review.request-information',
  'review.receive-information',
  'action.updated',
  'review.exported',
];
const BATCH = 2000;

export interface ScaleOptions {
  partnerships: number;
  reviews: number;
  auditEntries: number;
  openDeadlines: number;
  today: string;
  databaseUrl: string;
}

export function scaleOptions(argv: string[]): ScaleOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      partnerships: { type: 'string' },
      reviews: { type: 'string' },
      'audit-entries': { type: 'string' },
      'open-deadlines': { type: 'string' },
      today: { type: 'string' },
      'database-url': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const whole = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} must be a whole number of 1 or more; got ${text}`);
    return Number(text);
  };
  const today = values.today ?? formatISO(new Date(), { representation: 'date' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`--today must be a date as yyyy-mm-dd; got ${today}`);
  const options = {
    partnerships: whole('partnerships', values.partnerships, 300),
    reviews: whole('reviews', values.reviews, 20_000),
    auditEntries: whole('audit-entries', values['audit-entries'], 1_000_000),
    openDeadlines: whole('open-deadlines', values['open-deadlines'], 100_000),
    today,
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/dhr',
  };
  if (options.reviews < options.partnerships) throw new Error('--reviews must be at least --partnerships: every partnership gets a review or more');
  return options;
}

/** A small, fixed-seed random source, so two runs of the same size make the same spread. */
function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}
type Random = ReturnType<typeof randomSource>;

const day = (date: Date) => formatISO(date, { representation: 'date' });
const pad = (n: number, width = 3) => String(n).padStart(width, '0');

type Row = unknown[];
async function insert(db: Client, table: string, columns: string[], rows: Row[]): Promise<void> {
  const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
  for (let from = 0; from < rows.length; from += perStatement) {
    const chunk = rows.slice(from, from + perStatement);
    const parameters: unknown[] = [];
    const tuples = chunk.map(
      (row) =>
        `(${row
          .map((value) => {
            parameters.push(value);
            return `$${parameters.length}`;
          })
          .join(', ')})`,
    );
    await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, parameters);
  }
}

interface People {
  manager: string;
  cspChair: string;
  chairs: string[];
  panel: string[];
  board: string[];
  owner: string;
  admin: string;
  auditor: string;
}

@Module({ imports: [AppConfigModule, ClockModule, DatabaseModule.forRoot(SYSTEM_SCOPE), PartnershipsModule, RulesetsModule] })
class SeedModule {}

export async function seedScale(
  options: ScaleOptions,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<{ reviews: number; openDeadlines: number; auditEntries: number }> {
  await prepareDatabase(options.databaseUrl);
  process.env.DATABASE_URL = options.databaseUrl;
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error', 'warn'] });
  const db = new Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    await app.get(RulesetsService).install(BUNDLED_RULESETS, BUNDLED_ACTION_NAMES, new Set(ROLES));
    const passwordHash = await hashPassword(SCALE_PASSWORD);
    const today = new Date(`${options.today}T12:00:00Z`);
    const started = Date.now();
    for (let index = 1; index <= options.partnerships; index++) {
      const share = Math.floor(options.reviews / options.partnerships) + (index <= options.reviews % options.partnerships ? 1 : 0);
      const openShare = Math.floor(options.openDeadlines / options.partnerships) + (index <= options.openDeadlines % options.partnerships ? 1 : 0);
      const name = `Scale Partnership ${pad(index)} (fictional)`;
      const existing = await db.query('SELECT p.id FROM partnerships p WHERE p.name = $1 AND EXISTS (SELECT 1 FROM reviews r WHERE r.partnership_id = p.id)', [
        name,
      ]);
      if (existing.rowCount) continue;
      const partnership = await app
        .get(Tenancy)
        .asSystem(() => app.get(PartnershipsService).ensurePartnership(name, `Scale Domestic Abuse Board ${pad(index)} (fictional)`));
      await db.query('BEGIN');
      try {
        await seedPartnership(db, partnership.id, index, share, openShare, passwordHash, today, randomSource(index));
        await db.query('COMMIT');
      } catch (error) {
        await db.query('ROLLBACK');
        throw error;
      }
      if (index % 10 === 0 || index === options.partnerships) {
        log(`  partnerships ${index}/${options.partnerships} (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    }
    const auditEntries = await topUpAuditChain(db, options.auditEntries, today, log);
    // As after any bulk load: the planner's statistics, and the pages marked all-visible, as
    // autovacuum leaves a live table once it has caught up (a first read of freshly written rows
    // otherwise pays for setting their hint bits, which no steady-state read does).
    log('  vacuum and analyze...');
    await db.query('VACUUM (ANALYZE)');
    const counts = (await db.query(`SELECT (SELECT count(*) FROM reviews) AS reviews, (SELECT count(*) FROM deadlines WHERE completed_on IS NULL) AS open`))
      .rows[0];
    return { reviews: Number(counts.reviews), openDeadlines: Number(counts.open), auditEntries };
  } finally {
    await db.end();
    await app.close();
  }
}

async function seedPartnership(
  db: Client,
  partnershipId: string,
  index: number,
  reviewCount: number,
  openTarget: number,
  passwordHash: string,
  today: Date,
  random: Random,
): Promise<void> {
  const agencies = (await db.query('SELECT id, code, name FROM agencies WHERE partnership_id = $1 ORDER BY code', [partnershipId])).rows as {
    id: string;
    code: string;
    name: string;
  }[];
  const boards = (await db.query('SELECT id, key FROM boards WHERE partnership_id = $1', [partnershipId])).rows as { id: string; key: string }[];
  const themes = (await db.query('SELECT key FROM priorities WHERE partnership_id = $1 ORDER BY position', [partnershipId])).rows.map((r) => r.key as string);
  const domain = `scale-${pad(index)}.example`;

  const userRows: Row[] = [];
  const agencyOf = new Map<string, string | null>();
  const person = (local: string, label: string, roles: string[], agencyId: string | null = null) => {
    const id = randomUUID();
    agencyOf.set(id, agencyId);
    userRows.push([id, partnershipId, `${local}@${domain}`, `${label} (fictional)`, passwordHash, roles, agencyId]);
    return id;
  };
  const people: People = {
    manager: person('manager', 'CSP Manager', ['csp-manager']),
    cspChair: person('csp-chair', 'CSP Chair', ['csp-chair']),
    chairs: [1, 2, 3].map((n) => person(`chair-${n}`, `Independent Chair ${n}`, ['independent-chair'])),
    panel: [1, 2, 3, 4].map((n) => person(`panel-${n}`, `Panel Member ${n}`, ['panel-member'], agencies[n % agencies.length].id)),
    board: [1, 2, 3].map((n) => person(`board-${n}`, `Board Member ${n}`, ['board-member'])),
    owner: person('actions', 'Action Owner', ['agency-action-owner'], agencies[0].id),
    admin: person('admin', 'Administrator', ['administrator']),
    auditor: person('auditor', 'Auditor', ['auditor']),
  };
  await insert(db, 'users', ['id', 'partnership_id', 'email', 'name', 'password_hash', 'roles', 'agency_id'], userRows);
  await insert(
    db,
    'board_members',
    ['board_id', 'user_id', 'added_at'],
    boards.flatMap((board) => people.board.map((userId) => [board.id, userId, today])),
  );

  const deaths: Row[] = [];
  const reviews: Row[] = [];
  const deadlines: Row[] = [];
  const events: Row[] = [];
  const pauses: Row[] = [];
  const requests: Row[] = [];
  const recommendations: Row[] = [];
  const actions: Row[] = [];
  const panel: Row[] = [];
  const counters = new Map<number, number>();
  let open = 0;
  /** Reviews that can carry more open items (information requests or actions) to reach the target. */
  const itemHolders: { reviewId: string; stage: string; decidedOn: Date; recommendationId?: string }[] = [];

  const deadline = (reviewId: string, key: string, label: string, dueOn: Date, completedOn: Date | null) => {
    const id = randomUUID();
    // As the edition's pause rule says: a pause moves the review's own clocks, never a statutory notice.
    const movedByPause = ['review', 'information-request'].includes(key.split(':')[0]);
    deadlines.push([id, reviewId, key, label, day(dueOn), day(dueOn), completedOn ? day(completedOn) : null, today, movedByPause]);
    if (!completedOn) open += 1;
    return id;
  };
  const shares = STAGE_SHARE.reduce((sum, [, weight]) => sum + weight, 0);
  const stageFor = (n: number) => {
    // Every stage appears in every partnership with enough reviews; the rest follow the shares.
    if (n < STAGES.length && reviewCount >= STAGES.length) return STAGES[n];
    let pick = random.next() * shares;
    for (const [stage, weight] of STAGE_SHARE) if ((pick -= weight) < 0) return stage;
    return 'closed';
  };

  for (let n = 0; n < reviewCount; n++) {
    const stage = stageFor(n);
    const [low, high] = AGE_DAYS[stage];
    const notifiedOn = subDays(today, random.between(low, high));
    const year = notifiedOn.getUTCFullYear();
    const number = (counters.get(year) ?? 0) + 1;
    counters.set(year, number);
    const reviewId = randomUUID();
    const deathId = randomUUID();
    const stageIndex = ALL_STAGES.indexOf(stage);
    const reached = ALL_STAGES.slice(0, stageIndex + 1);
    const decided = stageIndex > ALL_STAGES.indexOf('decision');
    const decidedOn = addDays(notifiedOn, random.between(10, 28));
    // Each later stage entered a share of the way from the decision to today.
    const enteredOn = (s: string) => {
      const i = ALL_STAGES.indexOf(s);
      if (i <= 1) return notifiedOn;
      const span = Math.max(1, Math.round((today.getTime() - decidedOn.getTime()) / 86_400_000));
      return addDays(decidedOn, Math.round((span * (i - 2)) / Math.max(1, stageIndex - 1)));
    };
    const paused = stage !== 'closed' && random.next() < 0.06;
    const status = stage === 'closed' ? 'closed' : paused ? 'paused' : 'open';
    const chair = decided ? random.pick(people.chairs) : null;
    const pseudonym = `Adult ${pad(index)}-${pad(n + 1, 5)}`;
    const age = random.between(16, 89);
    deaths.push([
      deathId,
      partnershipId,
      day(subDays(notifiedOn, random.between(1, 20))),
      pseudonym,
      age,
      random.pick(['female', 'male']),
      random.next() < 0.3,
      random.pick(['partner', 'former-partner', 'relative', 'household-member']),
      today,
      today,
    ]);
    reviews.push([
      reviewId,
      partnershipId,
      `DHR-${year}-${pad(number)}`,
      'DHR',
      RULESET,
      stage,
      status,
      reached,
      day(enteredOn(stage)),
      ALL_STAGES.indexOf(stage) >= ALL_STAGES.indexOf('sign-off'),
      day(notifiedOn),
      random.pick(agencies).id,
      `Fictional circumstances of a fictional death (${pseudonym}).`,
      decided ? 'hold' : null,
      decided ? day(decidedOn) : null,
      decided ? 'Criteria met (fictional).' : null,
      chair,
      chair ? day(addDays(decidedOn, 7)) : null,
      people.manager,
      deathId,
    ]);
    for (let i = 2; i <= stageIndex; i++) {
      const to = ALL_STAGES[i];
      events.push([reviewId, MOVED_BY[to], day(enteredOn(to)), ALL_STAGES[i - 1], to, people.cspChair, today]);
    }
    deadline(reviewId, 'decision', 'Decide whether to hold a review', addMonths(notifiedOn, 1), decided ? decidedOn : null);
    if (decided) {
      // A few Home Office notices were never sent: missed, and still open.
      const missed = stage !== 'closed' && random.next() < 0.05;
      deadline(
        reviewId,
        'home-office-notice',
        'Tell the Home Office of the decision',
        addDays(decidedOn, 7),
        missed ? null : addDays(decidedOn, random.between(1, 9)),
      );
      const submitted = stageIndex >= ALL_STAGES.indexOf('home-office-qa');
      deadline(
        reviewId,
        'review',
        'Complete the review and submit it to the Home Office',
        addMonths(decidedOn, 6),
        submitted ? enteredOn('home-office-qa') : null,
      );
      for (const userId of people.panel.slice(0, random.between(2, 4))) panel.push([reviewId, userId, agencyOf.get(userId), addDays(decidedOn, 10)]);
    }
    if (paused)
      pauses.push([
        reviewId,
        random.pick(['criminal-proceedings', 'inquest', 'family-request', 'other']),
        'Fictional reason for the pause.',
        day(subDays(today, random.between(5, 120))),
        people.manager,
      ]);
    if (stageIndex >= ALL_STAGES.indexOf('information')) {
      const stillCollecting = stage === 'information';
      for (let r = 0; r < random.between(2, 5); r++) {
        const asked = addDays(enteredOn('information'), r * 3);
        const dueOn = addDays(asked, 28);
        const received = stillCollecting && random.next() < 0.5 ? null : addDays(asked, random.between(10, 40));
        const requestId = randomUUID();
        const agency = random.pick(agencies);
        const deadlineId = deadline(reviewId, `information-request:${requestId}`, `Information from ${agency.name}`, dueOn, received);
        requests.push([
          requestId,
          reviewId,
          agency.id,
          'Fictional chronology of contact.',
          deadlineId,
          people.manager,
          asked,
          day(asked),
          received ? day(received) : null,
        ]);
      }
      if (stillCollecting) itemHolders.push({ reviewId, stage, decidedOn });
    }
    if (stageIndex >= ALL_STAGES.indexOf('sign-off')) {
      for (let r = 1; r <= random.between(2, 4); r++) {
        const recommendationId = randomUUID();
        recommendations.push([
          recommendationId,
          reviewId,
          r,
          `Fictional recommendation ${r}.`,
          random.pick(['local', 'local', 'regional', 'national']),
          random.pick(agencies).id,
          [random.pick(themes)],
          'Fictional outcome.',
          people.manager,
          today,
          today,
        ]);
        for (let a = 0; a < random.between(1, 2); a++) {
          const dueOn = addDays(enteredOn('sign-off'), random.between(60, 400));
          const done = stage === 'closed' || (stage === 'monitoring' && random.next() < 0.4) ? addDays(dueOn, -random.between(0, 30)) : null;
          const actionId = randomUUID();
          const agency = random.pick(agencies);
          const deadlineId = deadline(reviewId, `action:${actionId}`, `Action on recommendation ${r} (${agency.name})`, dueOn, done);
          actions.push([
            actionId,
            recommendationId,
            reviewId,
            `Fictional action ${r}.${a + 1}.`,
            agency.id,
            people.owner,
            deadlineId,
            done ? 'complete' : random.pick(['not-started', 'in-progress']),
            today,
          ]);
        }
        if (stage === 'monitoring' && r === 1) itemHolders.push({ reviewId, stage, decidedOn, recommendationId });
      }
    }
  }
  // Bring the open deadlines up to this partnership's share with more open requests and actions.
  for (let k = 0; open < openTarget && itemHolders.length; k++) {
    const holder = itemHolders[k % itemHolders.length];
    const dueOn = addDays(today, random.between(-20, 120));
    const id = randomUUID();
    const agency = random.pick(agencies);
    if (holder.recommendationId) {
      const deadlineId = deadline(holder.reviewId, `action:${id}`, `Action on recommendation 1 (${agency.name})`, dueOn, null);
      actions.push([id, holder.recommendationId, holder.reviewId, 'Fictional follow-up action.', agency.id, people.owner, deadlineId, 'in-progress', today]);
    } else {
      const deadlineId = deadline(holder.reviewId, `information-request:${id}`, `Information from ${agency.name}`, dueOn, null);
      requests.push([
        id,
        holder.reviewId,
        agency.id,
        'Fictional further records.',
        deadlineId,
        people.manager,
        subDays(dueOn, 28),
        day(subDays(dueOn, 28)),
        null,
      ]);
    }
  }

  await insert(
    db,
    'deaths',
    [
      'id',
      'partnership_id',
      'date_of_death',
      'victim_pseudonym',
      'victim_age_at_death',
      'victim_sex',
      'offensive_weapon_involved',
      'suspect_relationship',
      'created_at',
      'updated_at',
    ],
    deaths,
  );
  await insert(
    db,
    'reviews',
    [
      'id',
      'partnership_id',
      'reference',
      'type',
      'ruleset_key',
      'stage',
      'status',
      'stages_reached',
      'stage_entered_on',
      'board_visible',
      'notified_on',
      'notifying_agency_id',
      'circumstances',
      'decision_outcome',
      'decided_on',
      'decision_rationale',
      'chair_user_id',
      'chair_appointed_on',
      'created_by',
      'death_id',
    ],
    reviews,
  );
  await insert(db, 'deadlines', ['id', 'review_id', 'key', 'label', 'due_on', 'original_due_on', 'completed_on', 'created_at', 'moved_by_pause'], deadlines);
  await insert(db, 'review_events', ['review_id', 'action', 'occurred_on', 'from_stage', 'to_stage', 'actor_id', 'recorded_at'], events);
  await insert(db, 'review_pauses', ['review_id', 'category', 'reason', 'started_on', 'approved_by'], pauses);
  await insert(db, 'review_panel_members', ['review_id', 'user_id', 'agency_id', 'added_at'], panel);
  await insert(
    db,
    'information_requests',
    ['id', 'review_id', 'agency_id', 'description', 'deadline_id', 'requested_by', 'requested_at', 'requested_on', 'received_on'],
    requests,
  );
  await insert(
    db,
    'recommendations',
    ['id', 'review_id', 'number', 'text', 'level', 'owning_agency_id', 'themes', 'outcome', 'created_by', 'created_at', 'updated_at'],
    recommendations,
  );
  await insert(
    db,
    'recommendation_actions',
    ['id', 'recommendation_id', 'review_id', 'description', 'owning_agency_id', 'lead_user_id', 'deadline_id', 'status', 'created_at'],
    actions,
  );
  await insert(
    db,
    'reference_counters',
    ['partnership_id', 'prefix', 'year', 'last_value'],
    [...counters].map(([year, last]) => [partnershipId, 'DHR', year, last]),
  );
}

/** Appends entries to the one chain until it holds `target`, each hashed as the product hashes. */
async function topUpAuditChain(db: Client, target: number, today: Date, log: (line: string) => void): Promise<number> {
  const head = (await db.query('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1')).rows[0];
  let seq = head ? Number(head.seq) : 0;
  let prevHash: string = head ? head.hash : GENESIS_HASH;
  if (seq >= target) return seq;
  const reviews = (await db.query(`SELECT r.id, r.partnership_id, r.created_by FROM reviews r`)).rows as {
    id: string;
    partnership_id: string;
    created_by: string;
  }[];
  if (!reviews.length) throw new Error('There are no reviews to write audit entries about');
  const random = randomSource(seq + 1);
  const toWrite = target - seq;
  // Spread over the last two years, a little apart, oldest first.
  const start = subDays(today, 730).getTime();
  const step = Math.max(1, Math.floor((730 * 86_400_000) / toWrite));
  const started = Date.now();
  while (seq < target) {
    const rows: Row[] = [];
    for (let i = 0; i < BATCH && seq < target; i++) {
      seq += 1;
      const review = random.pick(reviews);
      const fields = {
        seq,
        occurredAt: new Date(start + (seq - (target - toWrite)) * step),
        actorId: review.created_by,
        action: random.pick(AUDIT_ACTIONS),
        reviewId: review.id,
        partnershipId: review.partnership_id,
        changes: { seeded: true },
        correlationId: null,
        boards: ['csp', 'dab'],
        prevHash,
      };
      // Kept as the product keeps it: the canonical text hashed, from which the database derives the rest.
      const canonical = canonicalEntry(fields);
      const hash = hashOfCanonical(canonical);
      rows.push([canonical, hash]);
      prevHash = hash;
    }
    await insert(db, 'audit_entries', ['canonical', 'hash'], rows);
    if (seq % 100_000 < BATCH || seq === target) log(`  audit entries ${seq}/${target} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  return seq;
}

async function main(): Promise<void> {
  let options: ScaleOptions | 'help';
  try {
    options = scaleOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  process.stdout.write(
    `Seeding ${options.partnerships} partnerships, ${options.reviews} reviews, ${options.openDeadlines} open deadlines and ${options.auditEntries} audit entries...\n`,
  );
  const started = Date.now();
  const result = await seedScale(options);
  process.stdout.write(
    `Done in ${Math.round((Date.now() - started) / 1000)} s: ${result.reviews} reviews, ${result.openDeadlines} open deadlines, ${result.auditEntries} audit entries.\n`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
