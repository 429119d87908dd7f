/**
 * The floor the api is measured against: a bare Node `http` server answering the benchmark's
 * four requests with the same statements the api sends (captured from PostgreSQL's statement log
 * of one request each), through `pg` with a pool of the same size and as the same database role,
 * with no framework. It checks the same bearer token, scopes its connections the same way, and
 * for the audited read and the write journals an audit entry and, after commit, waits for the
 * product's own chaining step (`chainJournalBatch`) to hash it into the chain.
 * Not the product: nothing here is reused by it.
 *
 * Usage: ts-node bench/baseline-server.ts <port>   (DATABASE_URL, JWT_SECRET from the environment)
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import jwt from 'jsonwebtoken';
import { Pool, PoolClient, types } from 'pg';
import { journalChainer } from '@app/audit';
import { DEADLINE_OVERDUE_SQL, DEADLINE_STATUS_SQL } from '@app/deadlines';

types.setTypeParser(types.builtins.DATE, (value: string) => value);
types.setTypeParser(types.builtins.INT8, (value: string) => Number(value));

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, options: '-c role=dhr_app' });
const secret = createSecretKey(Buffer.from(process.env.JWT_SECRET ?? ''));
const today = () => new Date().toISOString().slice(0, 10);
const withToday = (sql: string) => sql.replaceAll(':today', '$1');

interface User {
  id: string;
  partnership_id: string;
  roles: string[];
  agency_id: string | null;
}

async function scoped(client: PoolClient, scope: string, partnershipId: string) {
  const role = scope === 'system' ? 'dhr_system' : 'dhr_app';
  await client.query(`SELECT set_config('role', $1, false), set_config('app.scope', $2, false), set_config('app.partnership_id', $3, false)`, [
    role,
    scope,
    partnershipId,
  ]);
}

async function authenticate(request: IncomingMessage): Promise<User | null> {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ');
  if (scheme !== 'Bearer' || !token) return null;
  let claims: { sub: string };
  try {
    claims = jwt.verify(token, secret) as { sub: string };
  } catch {
    return null;
  }
  const client = await pool.connect();
  try {
    await scoped(client, 'system', '');
    const { rows } = await client.query('SELECT id, partnership_id, email, name, roles, agency_id, active FROM users WHERE id = $1 AND active', [claims.sub]);
    return rows[0] ?? null;
  } finally {
    client.release();
  }
}

async function audit(client: PoolClient, user: User, action: string, reviewId: string, changes: object) {
  await client.query(
    'INSERT INTO audit_journal (occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [new Date(), user.id, action, reviewId, user.partnership_id, JSON.stringify(changes), randomUUID(), ['csp', 'dab']],
  );
}

// The product's chaining step itself, on a connection of its own as the system role, one batch at
// a time: a request that journalled an entry waits for a batch that starts after its commit.
const chainerPool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1, options: '-c role=dhr_system' });
const chain = journalChainer(() => chainerPool.connect(), 2000);

async function reviewDetail(client: PoolClient, user: User, id: string) {
  await client.query('BEGIN');
  try {
    const review = (
      await client.query('SELECT r.*, to_json(d) AS death FROM reviews r JOIN deaths d ON d.id = r.death_id WHERE r.id = $1 AND r.partnership_id = $2', [
        id,
        user.partnership_id,
      ])
    ).rows[0];
    if (!review) {
      await client.query('ROLLBACK');
      return null;
    }
    const parts: Record<string, unknown> = { review };
    parts.agencies = (await client.query('SELECT * FROM agencies WHERE partnership_id = $1 ORDER BY name', [user.partnership_id])).rows;
    parts.boards = (await client.query('SELECT * FROM boards WHERE partnership_id = $1 ORDER BY key', [user.partnership_id])).rows;
    for (const table of ['review_panel_members', 'review_pauses', 'information_requests', 'sign_offs', 'review_events', 'deadlines']) {
      parts[table] = (await client.query(`SELECT * FROM ${table} WHERE review_id = $1`, [id])).rows;
    }
    const deadlineIds = (parts.deadlines as { id: string }[]).map((d) => d.id);
    parts.extensions = (await client.query('SELECT * FROM deadline_extensions WHERE deadline_id = ANY($1)', [deadlineIds])).rows;
    for (const table of ['review_partners', 'review_partner_sign_offs', 'review_notices', 'review_contributors']) {
      parts[table] = (await client.query(`SELECT * FROM ${table} WHERE review_id = $1`, [id])).rows;
    }
    parts.links = (await client.query('SELECT * FROM review_links WHERE review_id = $1 OR linked_review_id = $1 OR death_id = $2', [id, review.death_id])).rows;
    parts.people = (
      await client.query('SELECT id, name, roles FROM users WHERE id = ANY($1)', [
        [review.chair_user_id, ...(parts.review_panel_members as { user_id: string }[]).map((p) => p.user_id)],
      ])
    ).rows;
    parts.votes = (await client.query('SELECT * FROM sign_offs WHERE review_id = $1 AND withdrawn_at IS NULL', [id])).rows;
    parts.board = (await client.query('SELECT * FROM boards WHERE partnership_id = $1', [user.partnership_id])).rows;
    parts.open = (await client.query('SELECT * FROM deadlines WHERE review_id = $1 AND completed_on IS NULL ORDER BY due_on', [id])).rows;
    await audit(client, user, 'review.viewed', id, {});
    await client.query('COMMIT');
    await chain();
    return parts;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function reviewList(client: PoolClient, user: User, url: URL) {
  const overdue = `EXISTS (SELECT 1 FROM deadlines d WHERE d.review_id = r.id AND ${DEADLINE_OVERDUE_SQL})`;
  const where = `r.partnership_id = $2 AND r.stage = $3 AND ${overdue}`;
  const parameters = [today(), user.partnership_id, url.searchParams.get('stage') ?? 'information'];
  const items = (
    await client.query(
      withToday(`SELECT r.id, r.reference, r.type, r.ruleset_key AS ruleset, r.stage, r.status, r.version, r.notified_on, dth.victim_pseudonym, ${overdue} AS overdue,
        (SELECT min(d.due_on) FROM deadlines d WHERE d.review_id = r.id AND d.completed_on IS NULL) AS next_due_on, count(*) OVER () AS total_count
        FROM reviews r INNER JOIN deaths dth ON dth.id = r.death_id WHERE ${where} ORDER BY r.notified_on DESC, r.id ASC LIMIT 20`),
      parameters,
    )
  ).rows;
  return { items, total: items.length ? Number(items[0].total_count) : 0, page: 1, pageSize: 20 };
}

async function deadlineList(client: PoolClient, user: User, url: URL) {
  const where = `r.partnership_id = $2 AND (${DEADLINE_STATUS_SQL}) = $3 AND d.due_on < $4`;
  const parameters = [today(), user.partnership_id, url.searchParams.get('status') ?? 'open', url.searchParams.get('dueBefore') ?? '2999-01-01'];
  const items = (
    await client.query(
      withToday(`SELECT d.id, d.key, d.label, d.due_on, d.original_due_on, d.completed_on, d.paused_days, d.cancelled, r.id AS review_id, r.reference, r.type, r.stage, r.status AS review_status,
        ${DEADLINE_OVERDUE_SQL} AS overdue, count(*) OVER () AS total_count FROM deadlines d INNER JOIN reviews r ON r.id = d.review_id WHERE ${where} ORDER BY d.due_on ASC, d.id ASC LIMIT 20`),
      parameters,
    )
  ).rows;
  const extensions = (await client.query('SELECT * FROM deadline_extensions WHERE deadline_id = ANY($1)', [items.map((i) => i.id)])).rows;
  const total = items.length ? Number(items[0].total_count) : 0;
  return { items: items.map((i) => ({ ...i, extensions: extensions.filter((e) => e.deadline_id === i.id) })), total, page: 1, pageSize: 20 };
}

async function requestInformation(client: PoolClient, user: User, id: string, body: { agency: string; description: string; dueOn: string }) {
  await client.query('BEGIN');
  try {
    const review = (
      await client.query('SELECT r.* FROM reviews r JOIN deaths d ON d.id = r.death_id WHERE r.id = $1 AND r.partnership_id = $2 FOR UPDATE OF r', [
        id,
        user.partnership_id,
      ])
    ).rows[0];
    if (!review || review.stage !== 'information') {
      await client.query('ROLLBACK');
      return null;
    }
    const agency = (await client.query('SELECT * FROM agencies WHERE partnership_id = $1 AND code = $2', [user.partnership_id, body.agency])).rows[0];
    const requestId = randomUUID();
    const deadline = (
      await client.query(
        `INSERT INTO deadlines (review_id, key, label, due_on, original_due_on, completed_on, paused_days, created_at) VALUES ($1, $2, $3, $4, $4, NULL, 0, now()) RETURNING id`,
        [id, `information-request:${requestId}`, `Information from ${agency.name}`, body.dueOn],
      )
    ).rows[0];
    await client.query(
      'INSERT INTO information_requests (id, review_id, agency_id, description, deadline_id, requested_by, requested_at, requested_on) VALUES ($1, $2, $3, $4, $5, $6, now(), CURRENT_DATE)',
      [requestId, id, agency.id, body.description, deadline.id, user.id],
    );
    await client.query('UPDATE reviews SET version = version + 1, updated_at = now() WHERE id = $1', [id]);
    await client.query(
      `INSERT INTO review_events (review_id, action, occurred_on, from_stage, to_stage, details, actor_id, recorded_at) VALUES ($1, 'request-information', $2, $3, $3, $4, $5, now())`,
      [id, today(), review.stage, JSON.stringify({ requestId }), user.id],
    );
    await audit(client, user, 'review.request-information', id, { requestId, agency: body.agency, dueOn: body.dueOn });
    await client.query('COMMIT');
    await chain();
    return { id, reference: review.reference, stage: review.stage, status: review.status, version: review.version + 1 };
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

function send(response: ServerResponse, status: number, body: unknown) {
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
  (async () => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const user = await authenticate(request);
    if (!user) return send(response, 401, { title: 'Unauthorized' });
    const client = await pool.connect();
    try {
      await scoped(client, 'partnership', user.partnership_id);
      const detail = /^\/api\/reviews\/([0-9a-f-]{36})$/.exec(url.pathname);
      const write = /^\/api\/reviews\/([0-9a-f-]{36})\/actions\/request-information$/.exec(url.pathname);
      if (request.method === 'GET' && detail) {
        const found = await reviewDetail(client, user, detail[1]);
        return found ? send(response, 200, found) : send(response, 404, { title: 'Not Found' });
      }
      if (request.method === 'GET' && url.pathname === '/api/reviews') return send(response, 200, await reviewList(client, user, url));
      if (request.method === 'GET' && url.pathname === '/api/deadlines') return send(response, 200, await deadlineList(client, user, url));
      if (request.method === 'POST' && write) {
        const done = await requestInformation(client, user, write[1], JSON.parse(await readBody(request)));
        return done ? send(response, 200, done) : send(response, 409, { title: 'Conflict' });
      }
      return send(response, 404, { title: 'Not Found' });
    } finally {
      client.release();
    }
  })().catch((error) => send(response, 500, { title: String(error) }));
});

server.listen(Number(process.argv[2] ?? 3950), '127.0.0.1', () => process.stdout.write('baseline ready\n'));
