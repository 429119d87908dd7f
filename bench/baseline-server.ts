/**
 * The floor the api is measured against (issue 19): a bare Node `http` + `pg` server that gives the
 * benchmark's four answers with the same information and the same guarantees as the api, by the
 * least work PostgreSQL needs for them. Not the product: nothing here is reused by it.
 *
 * The same guarantees:
 * - the same bearer token, checked the same way (signature, issued-at and expiry both present, the
 *   lifetime no longer than JWT_EXPIRES_IN_SECONDS), and on every request the account must still be
 *   active, in the partnership the token names, at the token's generation ("sign out everywhere");
 * - the same database role (`dhr_app`), scope and row-level security, and the same rule of which
 *   reviews a person may see, by their roles and appointments, read from their account at the time;
 * - every audited read journals its entry in the same transaction, and the answer waits until the
 *   product's own chaining step (`journalChainer`) has hashed it into the chain; the write's entry
 *   seals what the request said under the review's data key, as the api's does, and the worker is
 *   told the review changed (BullMQ, as the api does), after the commit.
 *
 * The least work:
 * - one pooled connection per request, its scope set only when it differs from what it already has;
 * - each read is ONE statement: the account check, the visibility check, everything the answer
 *   shows (for the review, every part its page shows and every fact its available actions are
 *   decided on) built as JSON by PostgreSQL, and for the audited read the journal entry written by
 *   the same statement; a statement on its own is its own transaction, so no BEGIN and COMMIT;
 * - the write is two statements in one transaction: one reads and locks the review with
 *   everything the change needs (account, agency, data key), one writes every row;
 * - every statement is a named prepared statement, parsed and planned once per connection.
 *
 * Usage: ts-node bench/baseline-server.ts <port>
 * (DATABASE_URL, JWT_SECRET, JWT_EXPIRES_IN_SECONDS, REDIS_URL, QUEUE_PREFIX, IDENTITY_KEYS from the environment)
 */
import { createSecretKey, randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Queue } from 'bullmq';
import jwt from 'jsonwebtoken';
import { Pool, PoolClient, types } from 'pg';
import { rolesWith, Role } from '@app/access';
import { journalChainer, seal, SEALED_FIELD, splitPersonal } from '@app/audit';
import { DEADLINE_NOTICE_OUTSTANDING_SQL, DEADLINE_OVERDUE_SQL, DEADLINE_STATUS_SQL } from '@app/deadlines';
import { kekOf, keyringOf, unwrapKey, wrapKey } from '@app/identity-vault';
import { JOBS, REMINDERS_QUEUE } from '@app/queues';

types.setTypeParser(types.builtins.DATE, (value: string) => value);
types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: '-c role=dhr_app' });
const secret = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? ''));
// The api's own default (libs/config), so the floor accepts exactly the tokens the api does.
const lifetime = Number(process.env.JWT_EXPIRES_IN_SECONDS ?? 3600);
const keyring = keyringOf(process.env);
const kek = kekOf(keyring);
const AUDIT_KEY_OWNER = 'audit-data-key';
const today = () => new Date().toISOString().slice(0, 10);
const queue = new Queue(REMINDERS_QUEUE, {
  connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', maxRetriesPerRequest: 1 },
  prefix: process.env.QUEUE_PREFIX ?? 'dhr',
});

// The product's chaining step itself, on a connection of its own as the system role, one batch at
// a time: a request that journalled an entry waits for a batch that starts after its commit.
const chainerPool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, options: '-c role=dhr_system' });
const chain = journalChainer(() => chainerPool.connect(), 2000);

/** Named statements: a name per text, so each is parsed and planned once on each connection. */
const named = new Map<string, string>();
function query<T = Record<string, unknown>>(client: PoolClient, text: string, values: unknown[]): Promise<T[]> {
  let name = named.get(text);
  if (!name) named.set(text, (name = `floor${named.size}`));
  return client.query({ name, text, values }).then((result) => result.rows as T[]);
}

/** The scope each connection carries now, so it is set only when a request needs another. */
const scopeOf = new WeakMap<PoolClient, string>();
async function scoped(client: PoolClient, partnershipId: string): Promise<void> {
  if (scopeOf.get(client) === partnershipId) return;
  await query(
    client,
    `SELECT set_config('role', 'dhr_app', false), set_config('app.scope', 'partnership', false), set_config('app.partnership_id', $1, false)`,
    [partnershipId],
  );
  scopeOf.set(client, partnershipId);
}

interface Claims {
  sub: string;
  pid: string;
  gen: number;
}

/** The token's claims when it is good, as the api's auth guard requires them; null otherwise. */
function claimsOf(request: IncomingMessage): Claims | null {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) return null;
  try {
    const claims = jwt.verify(token, secret) as Partial<Claims> & { iat?: number; exp?: number };
    if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number' || claims.exp - claims.iat > lifetime) return null;
    if (typeof claims.sub !== 'string' || typeof claims.pid !== 'string') return null;
    return { sub: claims.sub, pid: claims.pid, gen: typeof claims.gen === 'number' ? claims.gen : 0 };
  } catch {
    return null;
  }
}

/** The signed-in account, checked in the statement itself: $1 the account, $2 its partnership, $3 the token's generation. */
const ME = `me AS (SELECT id, partnership_id, roles, agency_id FROM users WHERE id = $1 AND partnership_id = $2 AND active AND token_generation = $3)`;

/** Which reviews (alias r) the signed-in person (me) may see: the product's rule, from their roles and appointments. */
const SEE_ALL = rolesWith('see-every-review-of-partnership');
const VISIBLE = `(
  (r.partnership_id = me.partnership_id AND me.roles && '{${SEE_ALL.join(',')}}'::text[])
  OR ((r.partnership_id = me.partnership_id OR EXISTS (SELECT 1 FROM review_contributors c WHERE c.review_id = r.id AND c.partnership_id = me.partnership_id))
      AND (('${Role.IndependentChair}' = ANY(me.roles) AND r.chair_user_id = me.id)
        OR ('${Role.PanelMember}' = ANY(me.roles) AND EXISTS (SELECT 1 FROM review_panel_members p WHERE p.review_id = r.id AND p.user_id = me.id))
        OR ('${Role.ReviewPartner}' = ANY(me.roles) AND EXISTS (SELECT 1 FROM review_partners p WHERE p.review_id = r.id AND p.user_id = me.id))))
  OR ('${Role.BoardMember}' = ANY(me.roles) AND r.partnership_id = me.partnership_id AND r.board_visible))`;

const rows = (alias: string, from: string, order: string) => `(SELECT coalesce(json_agg(${alias} ORDER BY ${order}), '[]'::json) FROM ${from})`;

/**
 * The review's page in one statement: account, visibility, every part the page shows and every
 * fact its available actions are decided on, and the journal entry of the read. $4 the review, $5
 * the correlation id, $6 each ruleset's boards (the entry is marked for them).
 */
const DETAIL = `WITH ${ME},
  rv AS (SELECT r.* FROM reviews r, me WHERE r.id = $4 AND ${VISIBLE}),
  journalled AS (
    INSERT INTO audit_journal (occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards)
    SELECT now(), me.id, 'review.viewed', rv.id, rv.partnership_id, '{}'::jsonb, $5, ARRAY(SELECT jsonb_array_elements_text($6::jsonb -> rv.ruleset_key))
    FROM rv, me RETURNING 1)
  SELECT (SELECT count(*) FROM me) AS signed_in, (SELECT count(*) FROM journalled) AS journalled,
  (SELECT json_build_object(
    'review', to_json(r), 'death', to_json(d),
    'agencies', ${rows('a', 'agencies a WHERE a.partnership_id = r.partnership_id', 'a.name')},
    'boards', ${rows('b', 'boards b WHERE b.partnership_id = r.partnership_id', 'b.key')},
    'panel', ${rows('p', 'review_panel_members p WHERE p.review_id = r.id', 'p.added_at')},
    'pauses', ${rows('p', 'review_pauses p WHERE p.review_id = r.id', 'p.started_on')},
    'proceedings', ${rows('p', 'proceedings p WHERE p.id IN (SELECT proceeding_id FROM review_pauses WHERE review_id = r.id)', 'p.id')},
    'requests', ${rows('q', 'information_requests q WHERE q.review_id = r.id', 'q.requested_at')},
    'timeRequests', ${rows('t', 'information_request_time_requests t WHERE t.review_id = r.id', 't.asked_at')},
    'documents', ${rows('x', '(SELECT id, title, agency_id FROM documents WHERE id IN (SELECT received_document_id FROM information_requests WHERE review_id = r.id)) x', 'x.id')},
    'signOffs', ${rows('s', 'sign_offs s WHERE s.review_id = r.id', 's.round, s.recorded_at')},
    'events', ${rows('e', 'review_events e WHERE e.review_id = r.id', 'e.id')},
    'deadlines', (SELECT coalesce(json_agg(json_build_object('deadline', dl, 'extensions', ${rows('x', 'deadline_extensions x WHERE x.deadline_id = dl.id', 'x.decided_at')})
        ORDER BY dl.created_at, dl.key), '[]'::json) FROM deadlines dl WHERE dl.review_id = r.id),
    'partners', ${rows('p', 'review_partners p WHERE p.review_id = r.id', 'p.partner')},
    'partnerVotes', ${rows('v', 'review_partner_sign_offs v WHERE v.review_id = r.id', 'v.recorded_at')},
    'notices', ${rows('n', 'review_notices n WHERE n.review_id = r.id', 'n.sent_on, n.recorded_at')},
    'contributors', ${rows('c', 'review_contributors c WHERE c.review_id = r.id', 'c.added_at')},
    'qaChanges', ${rows('c', 'review_qa_changes c WHERE c.review_id = r.id', 'c.letter_round DESC, c.position')},
    'links', ${rows('l', 'review_links l WHERE l.review_id = r.id OR l.linked_review_id = r.id OR (l.death_id = r.death_id AND l.review_id IS NULL)', 'l.created_at')},
    'people', (SELECT coalesce(json_object_agg(u.id, u.name), '{}'::json) FROM users u WHERE u.id IN (
        SELECT user_id FROM review_panel_members WHERE review_id = r.id UNION SELECT user_id FROM review_partners WHERE review_id = r.id
        UNION SELECT signed_by FROM sign_offs WHERE review_id = r.id UNION SELECT r.chair_user_id)),
    'facts', json_build_object(
      'meetingScheduled', EXISTS (SELECT 1 FROM panel_meetings m WHERE m.review_id = r.id AND m.status = 'scheduled'),
      'meetingActionOpen', EXISTS (SELECT 1 FROM panel_meeting_actions m WHERE m.review_id = r.id AND m.completed_on IS NULL),
      'proceedingRecorded', EXISTS (SELECT 1 FROM proceedings p WHERE p.review_id = r.id))
  ) FROM rv r JOIN deaths d ON d.id = r.death_id) AS detail`;

const boardsOfRuleset = new Map<string, string[]>();

async function reviewDetail(client: PoolClient, claims: Claims, id: string): Promise<[number, unknown]> {
  const [row] = await query<{ signed_in: number; journalled: number; detail: unknown }>(client, DETAIL, [
    claims.sub,
    claims.pid,
    claims.gen,
    id,
    randomUUID(),
    JSON.stringify(Object.fromEntries(boardsOfRuleset)),
  ]);
  if (!row.signed_in) return [401, { title: 'Unauthorized' }];
  if (!row.detail) return [404, { title: 'Not Found' }];
  await chain();
  return [200, row.detail];
}

const OVERDUE = `EXISTS (SELECT 1 FROM deadlines d WHERE d.review_id = r.id AND ${DEADLINE_OVERDUE_SQL.replaceAll(':today', '$4')})`;
const NOTICE = `EXISTS (SELECT 1 FROM deadlines d WHERE d.review_id = r.id AND ${DEADLINE_NOTICE_OUTSTANDING_SQL})`;
/** A page of the reviews at a stage that are overdue, with the total: $4 today, $5 the stage. */
const REVIEW_LIST = `WITH ${ME}
  SELECT (SELECT count(*) FROM me) AS signed_in, (SELECT coalesce(json_agg(x), '[]'::json) FROM (
    SELECT r.id, r.reference, r.type, r.ruleset_key AS ruleset, r.stage, r.status, r.version, r.notified_on, dth.victim_pseudonym,
      dth.victim_age_at_death, dth.offensive_weapon_involved, dth.suspect_age_at_death, dth.suspect_relationship,
      ${OVERDUE} AS overdue, ${NOTICE} AS notice_outstanding,
      (SELECT min(d.due_on) FROM deadlines d WHERE d.review_id = r.id AND d.completed_on IS NULL) AS next_due_on, count(*) OVER () AS total_count
    FROM me, reviews r JOIN deaths dth ON dth.id = r.death_id
    WHERE ${VISIBLE} AND r.stage = $5 AND ${OVERDUE}
    ORDER BY r.notified_on DESC, r.id LIMIT 20) x) AS items`;

async function reviewList(client: PoolClient, claims: Claims, url: URL): Promise<[number, unknown]> {
  const [row] = await query<{ signed_in: number; items: { total_count: number }[] }>(client, REVIEW_LIST, [
    claims.sub,
    claims.pid,
    claims.gen,
    today(),
    url.searchParams.get('stage') ?? 'information',
  ]);
  if (!row.signed_in) return [401, { title: 'Unauthorized' }];
  return [200, { items: row.items, total: row.items.length ? row.items[0].total_count : 0, page: 1, pageSize: 20 }];
}

/** A page of the open deadlines due before a day, each with its extensions, and the total: $4 today, $5 the status, $6 the day. */
const DEADLINE_LIST = `WITH ${ME}
  SELECT (SELECT count(*) FROM me) AS signed_in, (SELECT coalesce(json_agg(x), '[]'::json) FROM (
    SELECT d.id, d.key, d.label, d.due_on, d.original_due_on, d.completed_on, d.paused_days, d.cancelled, d.moved_by_pause, d.not_sent_reason,
      r.id AS review_id, r.reference, r.type, r.stage, r.status AS review_status, ${DEADLINE_OVERDUE_SQL.replaceAll(':today', '$4')} AS overdue,
      ${rows('x', 'deadline_extensions x WHERE x.deadline_id = d.id', 'x.decided_at')} AS extensions, count(*) OVER () AS total_count
    FROM me, deadlines d JOIN reviews r ON r.id = d.review_id
    WHERE ${VISIBLE} AND (${DEADLINE_STATUS_SQL.replaceAll(':today', '$4')}) = $5 AND d.due_on < $6
    ORDER BY d.due_on, d.id LIMIT 20) x) AS items`;

async function deadlineList(client: PoolClient, claims: Claims, url: URL): Promise<[number, unknown]> {
  const [row] = await query<{ signed_in: number; items: { total_count: number }[] }>(client, DEADLINE_LIST, [
    claims.sub,
    claims.pid,
    claims.gen,
    today(),
    url.searchParams.get('status') ?? 'open',
    url.searchParams.get('dueBefore') ?? '2999-01-01',
  ]);
  if (!row.signed_in) return [401, { title: 'Unauthorized' }];
  return [200, { items: row.items, total: row.items.length ? row.items[0].total_count : 0, page: 1, pageSize: 20 }];
}

/**
 * The write, first half: the account, the review (locked, as the api locks it), the agency asked,
 * how many times it was asked before, and the review's audit data key. $4 the review, $5 the agency's code.
 */
const WRITE_READ = `WITH ${ME}
  SELECT (SELECT count(*) FROM me) AS signed_in, me.id AS actor_id, me.roles, r.id, r.partnership_id, r.reference, r.stage, r.status, r.version,
    r.decision_outcome, r.chair_user_id, r.sign_off_round, r.ruleset_key, a.id AS agency_id, a.name AS agency_name,
    (SELECT count(*)::int + 1 FROM information_requests q WHERE q.review_id = r.id AND q.agency_id = a.id) AS n,
    k.data_key, k.kek_id, k.subject_id IS NOT NULL AS has_key
  FROM me, reviews r LEFT JOIN agencies a ON a.partnership_id = r.partnership_id AND a.code = $5
    LEFT JOIN audit_data_keys k ON k.subject_id = r.id
  WHERE r.id = $4 AND ${VISIBLE}
  FOR UPDATE OF r`;

/** The write, second half: the deadline, the request, the review's version, its history and the journal entry, as one statement. */
const WRITE_ROWS = `WITH
  deadline AS (INSERT INTO deadlines (review_id, key, label, due_on, original_due_on, completed_on, paused_days, cancelled, moved_by_pause, created_at)
    VALUES ($1, $2, $3, $4, $4, NULL, 0, false, true, now()) RETURNING id),
  request AS (INSERT INTO information_requests (id, review_id, agency_id, description, deadline_id, requested_by, requested_at, requested_on)
    SELECT $5, $1, $6, $7, deadline.id, $8, now(), $9 FROM deadline RETURNING id),
  review AS (UPDATE reviews SET version = version + 1, updated_at = now() WHERE id = $1 RETURNING version),
  event AS (INSERT INTO review_events (review_id, action, occurred_on, from_stage, to_stage, details, actor_id, recorded_at)
    VALUES ($1, 'request-information', $9, $10, $10, $11, $8, now()) RETURNING id),
  data_key AS (INSERT INTO audit_data_keys (subject_id, partnership_id, data_key, kek_id, created_at)
    SELECT $1, $12, $13, $14, now() WHERE $13::bytea IS NOT NULL ON CONFLICT (subject_id) DO NOTHING RETURNING 1),
  journalled AS (INSERT INTO audit_journal (occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards)
    VALUES (now(), $8, 'review.action.request-information', $1, $12, $15, $16, $17) RETURNING 1)
  SELECT (SELECT version FROM review) AS version, (SELECT count(*) FROM request) + (SELECT count(*) FROM event) + (SELECT count(*) FROM journalled) AS written`;

interface WriteRead {
  signed_in: number;
  actor_id: string;
  roles: string[];
  id: string | null;
  partnership_id: string;
  reference: string;
  stage: string;
  status: string;
  version: number;
  decision_outcome: string | null;
  chair_user_id: string | null;
  sign_off_round: number;
  ruleset_key: string;
  agency_id: string | null;
  agency_name: string;
  n: number;
  data_key: Buffer | null;
  kek_id: string | null;
  has_key: boolean;
}

/** Who may ask for information under each ruleset (its `request-information` action's roles). */
const mayRequest = new Map<string, string[]>();

async function requestInformation(client: PoolClient, claims: Claims, id: string, text: string): Promise<[number, unknown]> {
  let body: { agency?: unknown; description?: unknown; dueOn?: unknown };
  try {
    body = JSON.parse(text);
  } catch {
    return [400, { title: 'Bad Request' }];
  }
  const { agency, description, dueOn } = body;
  if (typeof agency !== 'string' || typeof description !== 'string' || !description.trim() || typeof dueOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(dueOn)) {
    return [400, { title: 'Bad Request' }];
  }
  const askedOn = today();
  if (dueOn < askedOn) return [400, { title: 'Bad Request' }];
  await query(client, 'BEGIN', []);
  try {
    const [row] = await query<WriteRead>(client, WRITE_READ, [claims.sub, claims.pid, claims.gen, id, agency]);
    const refuse = async (status: number, title: string): Promise<[number, unknown]> => {
      await query(client, 'ROLLBACK', []);
      return [status, { title }];
    };
    if (!row) return refuse(404, 'Not Found');
    if (!row.signed_in) return refuse(401, 'Unauthorized');
    // As the api's rule: a role that holds through an appointment (the chair) only for this review's own chair; the rest in the review's own partnership.
    const may = (mayRequest.get(row.ruleset_key) ?? []).filter((role) => row.roles.includes(role));
    if (!may.some((role) => (role === Role.IndependentChair ? row.chair_user_id === row.actor_id : row.partnership_id === claims.pid)))
      return refuse(403, 'Forbidden');
    if (row.stage !== 'information' || row.status !== 'open') return refuse(409, 'Conflict');
    if (!row.agency_id) return refuse(400, 'Bad Request');
    // The review's audit data key: made now if it has none (wrapped under the current key-encryption key), refused once destroyed.
    let dataKey: Buffer;
    let newKey: { wrapped: Buffer; kekId: string } | null = null;
    if (!row.has_key) {
      dataKey = randomBytes(32);
      newKey = { wrapped: wrapKey(kek(keyring.current), row.id!, AUDIT_KEY_OWNER, dataKey), kekId: keyring.current };
    } else if (row.data_key === null || row.kek_id === null) {
      return refuse(409, 'Conflict');
    } else {
      dataKey = unwrapKey(kek(row.kek_id), row.id!, AUDIT_KEY_OWNER, row.data_key);
    }
    const requestId = randomUUID();
    const before = {
      stage: row.stage,
      status: row.status,
      version: row.version,
      decisionOutcome: row.decision_outcome,
      chairUserId: row.chair_user_id,
      signOffRound: row.sign_off_round,
    };
    const details = { requestId, agency: row.agency_id, dueOn };
    const changes = { before, after: { ...before, version: row.version + 1 }, input: { agency, description, dueOn }, details };
    const split = splitPersonal(changes, ['input', 'details']);
    const entry = { ...split.clear, [SEALED_FIELD]: seal(dataKey, row.id!, split.fields, split.personal) };
    const label = `Information from ${row.agency_name}${row.n > 1 ? ` (request ${row.n})` : ''}`;
    const [written] = await query<{ version: number }>(client, WRITE_ROWS, [
      row.id,
      `information-request:${requestId}`,
      label,
      dueOn,
      requestId,
      row.agency_id,
      description.trim(),
      row.actor_id,
      askedOn,
      row.stage,
      JSON.stringify({ requestId, agency: row.agency_id, dueOn }),
      row.partnership_id,
      newKey?.wrapped ?? null,
      newKey?.kekId ?? null,
      JSON.stringify(entry),
      randomUUID(),
      boardsOfRuleset.get(row.ruleset_key) ?? ['csp', 'dab'],
    ]);
    await query(client, 'COMMIT', []);
    await chain();
    await queue.add(JOBS.syncReview, { reviewId: row.id, correlationId: null }, { removeOnComplete: true, removeOnFail: { age: 24 * 3600 } });
    return [200, { id: row.id, reference: row.reference, stage: row.stage, status: row.status, version: written.version }];
  } catch (error) {
    await query(client, 'ROLLBACK', []).catch(() => undefined);
    throw error;
  }
}

function send(response: ServerResponse, [status, body]: [number, unknown]) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const server = createServer((request, response) => {
  (async (): Promise<[number, unknown]> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/') return [200, { ready: true }];
    const claims = claimsOf(request);
    if (!claims) return [401, { title: 'Unauthorized' }];
    const body = request.method === 'POST' ? await readBody(request) : '';
    const client = await pool.connect();
    try {
      await scoped(client, claims.pid);
      const detail = /^\/api\/reviews\/([0-9a-f-]{36})$/.exec(url.pathname);
      const write = /^\/api\/reviews\/([0-9a-f-]{36})\/actions\/request-information$/.exec(url.pathname);
      if (request.method === 'GET' && detail) return await reviewDetail(client, claims, detail[1]);
      if (request.method === 'GET' && url.pathname === '/api/reviews') return await reviewList(client, claims, url);
      if (request.method === 'GET' && url.pathname === '/api/deadlines') return await deadlineList(client, claims, url);
      if (request.method === 'POST' && write) return await requestInformation(client, claims, write[1], body);
      return [404, { title: 'Not Found' }];
    } finally {
      client.release();
    }
  })()
    .then((answer) => send(response, answer))
    .catch((error) => send(response, [500, { title: String(error) }]));
});

async function main() {
  // Each ruleset's boards, which its reviews' audit entries are marked for, and who may ask for information (as the api reads them).
  const loader = await pool.connect();
  try {
    const rulesets = await query<{ key: string; boards: string[]; may_request: string[] | null }>(
      loader,
      `SELECT key, definition -> 'requiredSignOffs' AS boards, definition -> 'actions' -> 'request-information' -> 'roles' AS may_request FROM rulesets`,
      [],
    );
    for (const row of rulesets) {
      boardsOfRuleset.set(row.key, row.boards);
      mayRequest.set(row.key, row.may_request ?? []);
    }
  } finally {
    loader.release();
  }
  server.listen(Number(process.argv[2] ?? 3950), '127.0.0.1', () => process.stdout.write('baseline ready\n'));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
