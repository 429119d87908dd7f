import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { freePort } from './support/clamd';
import { cloneTemplate, dropDatabase, dropQueues, testDatabaseUrl } from './support/databases';

/**
 * The api and the worker started as an operator starts them, as processes (through ts-node, so
 * no build is needed): what can stop a start says what to change in one plain line.
 */

const ROOT = join(__dirname, '..');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(app: 'api' | 'worker', env: Record<string, string | undefined>): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PUBLIC_URL: undefined, ...env };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Runs an app that should refuse to start: its exit status and everything it printed. */
async function refused(app: 'api' | 'worker', env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  const started = start(app, env);
  const code = await started.exited;
  return { code, output: started.output() };
}

describe('Start-up that explains itself', () => {
  let database: string;
  let blocker: Server;
  let takenPort: number;

  beforeAll(async () => {
    database = await cloneTemplate();
    // Another program on the port, listening as the api would (every interface).
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, resolve));
    takenPort = (blocker.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    await dropDatabase(database);
    await dropQueues(database);
  });

  const settings = () => ({ DATABASE_URL: testDatabaseUrl(database), QUEUE_PREFIX: database });

  it('stops the api on a port already in use with one plain line and a non-zero exit', async () => {
    // Logging at info: the line is still all that is printed.
    const { code, output } = await refused('api', { ...settings(), PORT: String(takenPort), LOG_LEVEL: 'info' });
    expect(code).toBe(1);
    expect(output).toBe(`Port ${takenPort} is already in use: stop what is using it or set PORT to a free port.\n`);
  });

  it('stops the worker on a port already in use, naming WORKER_PORT', async () => {
    const { code, output } = await refused('worker', { ...settings(), WORKER_PORT: String(takenPort), LOG_LEVEL: 'info' });
    expect(code).toBe(1);
    expect(output).toBe(`Port ${takenPort} is already in use: stop what is using it or set WORKER_PORT to a free port.\n`);
  });

  it('says when PostgreSQL cannot be reached, never showing the password', async () => {
    const closed = await freePort();
    const { code, output } = await refused('api', {
      ...settings(),
      PORT: '0',
      DATABASE_URL: `postgres://fictional-user:not-a-real-secret@127.0.0.1:${closed}/dhr`,
    });
    expect(code).toBe(1);
    expect(output).toBe(`Cannot reach the database at postgres://fictional-user:***@127.0.0.1:${closed}/dhr: start PostgreSQL or set DATABASE_URL.\n`);
    expect(output).not.toContain('not-a-real-secret');
  });

  it('says when Redis cannot be reached, for the worker and the api', async () => {
    const closed = await freePort();
    const redis = { REDIS_URL: `redis://:not-a-real-secret@127.0.0.1:${closed}` };
    const worker = await refused('worker', { ...settings(), ...redis, WORKER_PORT: '0' });
    expect(worker.code).toBe(1);
    expect(worker.output).toBe(`Cannot reach Redis at redis://:***@127.0.0.1:${closed}: start Redis or set REDIS_URL.\n`);
    const api = await refused('api', { ...settings(), ...redis, PORT: '0' });
    expect(api.code).toBe(1);
    expect(api.output).toBe(worker.output);
  });

  it('names every bad setting in one line', async () => {
    const { code, output } = await refused('api', { ...settings(), PORT: 'eighty', SEED_DEMO: 'perhaps' });
    expect(code).toBe(1);
    expect(output).toBe('Configuration error: PORT must be a whole number; SEED_DEMO must be true or false. Change them in the environment or in .env.\n');
  });

  it('stops the api when the bootstrap administrator’s password is a common one, naming the setting and never the password', async () => {
    const { code, output } = await refused('api', {
      ...settings(),
      PORT: '0',
      BOOTSTRAP_ADMIN_EMAIL: 'first.admin@test.example',
      BOOTSTRAP_ADMIN_PASSWORD: 'password1234',
    });
    expect(code).toBe(1);
    expect(output).toMatch(/^BOOTSTRAP_ADMIN_PASSWORD is too easy to guess: .* Change it in the environment or in \.env\.$/m);
    expect(output).not.toContain('password1234');
  });

  it('names where the demo password is set in the start-up banner, never the password itself', async () => {
    const demoPassword = 'fictional-demo-words-2026';
    const api = start('api', {
      ...settings(),
      PORT: '0',
      SEED_DEMO: 'true',
      DEMO_PASSWORD: demoPassword,
      QUEUE_PREFIX: `${database}_${randomBytes(2).toString('hex')}`,
    });
    try {
      const deadline = Date.now() + 120000;
      while (!api.output().includes('Demo logins for')) {
        if (api.child.exitCode !== null || Date.now() > deadline) throw new Error(`the api did not start: ${api.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(api.output()).toContain('(the password for each is the DEMO_PASSWORD setting: see .env or the README)');
      expect(api.output()).not.toContain(demoPassword);
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  });

  it('answers GET /api with links to the docs and health, at PUBLIC_URL, which defaults to the port in use', async () => {
    const port = await freePort();
    const api = start('api', { ...settings(), PORT: String(port), QUEUE_PREFIX: `${database}_${randomBytes(2).toString('hex')}` });
    try {
      const deadline = Date.now() + 120000;
      while (!api.output().includes('Statutory death reviews api:')) {
        if (api.child.exitCode !== null || Date.now() > deadline) throw new Error(`the api did not start: ${api.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const base = `http://localhost:${port}`;
      const index = await fetch(`${base}/api`);
      expect(index.status).toBe(200);
      const body = (await index.json()) as { publicUrl: string; links: Record<string, { href: string; title: string }> };
      expect(body.publicUrl).toBe(base);
      expect(body.links).toMatchObject({
        docs: { href: `${base}/api/docs` },
        openapi: { href: `${base}/api/docs-json` },
        health: { href: `${base}/api/health` },
        guide: { href: 'docs/api.md' },
      });
      // Each link the api serves answers, without a token.
      for (const name of ['docs', 'openapi', 'health']) {
        expect([name, (await fetch(body.links[name].href)).status]).toEqual([name, 200]);
      }
      const openapi = (await (await fetch(body.links.openapi.href)).json()) as { paths: Record<string, unknown> };
      expect(openapi.paths['/api']).toBeDefined();
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  });

  it('on SIGTERM finishes the requests under way, then exits 0: none fails for the shutdown', async () => {
    const port = await freePort();
    const api = start('api', { ...settings(), PORT: String(port), LOG_LEVEL: 'info', QUEUE_PREFIX: `${database}_${randomBytes(2).toString('hex')}` });
    const deadline = Date.now() + 120000;
    while (!api.output().includes('Statutory death reviews api:')) {
      if (api.child.exitCode !== null || Date.now() > deadline) throw new Error(`the api did not start: ${api.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Eight clients asking without a pause (each answer needs PostgreSQL and Redis), until the
    // api stops taking connections; the signal comes while requests are under way.
    let signalledAt = 0;
    const answers: { status: number; startedAt: number }[] = [];
    const refusals: string[] = [];
    const client = async () => {
      for (;;) {
        const startedAt = Date.now();
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/health`);
          await res.arrayBuffer();
          answers.push({ status: res.status, startedAt });
        } catch (error) {
          refusals.push(String((error as { cause?: { code?: string } }).cause?.code ?? error));
          return;
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((resolve) => setTimeout(resolve, 500));
    signalledAt = Date.now();
    api.child.kill('SIGTERM');
    const code = await api.exited;
    await Promise.all(clients);

    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(8000);
    expect(api.output()).toContain('SIGTERM: finishing the requests under way');
    expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
    // Requests begun before the signal were answered, and every client ended on a refused connection.
    expect(answers.filter((answer) => answer.startedAt <= signalledAt).length).toBeGreaterThan(8);
    expect(refusals).toHaveLength(8);
    expect(api.output()).not.toMatch(/Unhandled error|Connection terminated|Cannot use a pool/);
  });
});
