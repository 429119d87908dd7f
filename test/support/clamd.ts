import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real clamd (Debian's clamav-daemon) for one test file, on a free TCP port and a unix socket
 * in a temporary folder, with a signature database the test writes itself: only the EICAR test
 * signature, so no signature download (freshclam) is needed.
 */

/** The EICAR anti-virus test string (68 bytes), built from two halves so no file in the repository holds it. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$' + 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*');

/** The name our database gives the EICAR signature. */
const SIGNATURE_NAME = 'Eicar-Test-Signature';

/** The signature as clamd reports it: a signature from a database other than ClamAV's own is marked `.UNOFFICIAL`. */
export const EICAR_SIGNATURE = `${SIGNATURE_NAME}.UNOFFICIAL`;

const CLAMD = process.env.CLAMD_BINARY ?? '/usr/sbin/clamd';

export interface RunningClamd {
  /** `tcp://127.0.0.1:<port>`, for CLAMD_URL. */
  url: string;
  port: number;
  /** The unix socket, for CLAMD_SOCKET. */
  socket: string;
  /** Stops clamd (SIGTERM) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

export async function startClamd(options: { streamMaxLength?: string } = {}): Promise<RunningClamd> {
  if (!existsSync(CLAMD)) {
    throw new Error(`clamd is not installed (no ${CLAMD}): the virus-scanning tests run a real clamd. Install it with: apt-get install -y clamav-daemon`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'clamd-'));
  const databases = join(dir, 'db');
  await mkdir(databases);
  await mkdir(join(dir, 'tmp'));
  // An extended (body) signature, Name:TargetType:Offset:HexSignature, matching EICAR anywhere in a stream.
  await writeFile(join(databases, 'eicar.ndb'), `${SIGNATURE_NAME}:0:*:${EICAR.toString('hex')}\n`);
  const port = await freePort();
  const socket = join(dir, 'clamd.sock');
  const log = join(dir, 'clamd.log');
  const config = [
    'Foreground yes',
    `DatabaseDirectory ${databases}`,
    `TemporaryDirectory ${join(dir, 'tmp')}`,
    'TCPAddr 127.0.0.1',
    `TCPSocket ${port}`,
    `LocalSocket ${socket}`,
    `LogFile ${log}`,
    'LogSyslog no',
    `PidFile ${join(dir, 'clamd.pid')}`,
    `StreamMaxLength ${options.streamMaxLength ?? '100M'}`,
    'Bytecode no',
    '',
  ].join('\n');
  const configFile = join(dir, 'clamd.conf');
  await writeFile(configFile, config);

  const child = spawn(CLAMD, ['--config-file', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await terminate(child, exited);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForPong(socket, child, 30000);
  } catch (error) {
    const logText = await readFile(log, 'utf8').catch(() => '');
    await stop();
    throw new Error(`clamd did not start: ${(error as Error).message}\n${output}\n${logText}`.trim());
  }
  return { url: `tcp://127.0.0.1:${port}`, port, socket, stop };
}

/** A port nothing listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitForPong(socket: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`clamd exited with code ${child.exitCode}`);
    if (existsSync(socket) && (await ping(socket))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no PONG within ${timeoutMs} ms`);
}

function ping(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const client = connect({ path });
    let reply = '';
    client.setTimeout(1000);
    client.on('connect', () => client.write('zPING\0'));
    client.on('data', (data: Buffer) => {
      reply += data.toString();
      if (reply.includes('\0')) client.destroy();
    });
    client.on('timeout', () => client.destroy());
    client.on('error', () => resolve(false));
    client.on('close', () => resolve(reply.startsWith('PONG')));
  });
}

async function terminate(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killed = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killed);
}
