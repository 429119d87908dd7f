import { Test } from '@nestjs/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { AppConfigModule, ConfigurationError, Environment, validateEnvironment } from '@app/config';
import { ScanningModule, VirusScanError, VirusScanner } from '@app/scanning';
import { EICAR, EICAR_SIGNATURE, freePort, RunningClamd, startClamd } from './support/clamd';
import { TestApi } from './support/test-app';

/**
 * Virus scanning against a real clamd (Debian's clamav-daemon) started for this file with a
 * signature database holding only the EICAR test signature.
 */

const MiB = 1024 * 1024;

async function scannerWith(settings: Record<string, string>): Promise<VirusScanner> {
  const moduleRef = await Test.createTestingModule({ imports: [AppConfigModule, ScanningModule] })
    .overrideProvider(Environment)
    .useValue(validateEnvironment({ ...process.env, CLAMD_URL: undefined, CLAMD_SOCKET: undefined, ...settings }))
    .compile();
  return moduleRef.get(VirusScanner);
}

/** `size` bytes in 64 KiB chunks made as they are read, optionally ending with `tail`. */
function generated(size: number, tail = Buffer.alloc(0), onRead?: (produced: number) => void): Readable {
  let produced = 0;
  return new Readable({
    read() {
      if (produced >= size) {
        if (tail.length) this.push(tail);
        this.push(null);
        return;
      }
      const chunk = Buffer.alloc(Math.min(64 * 1024, size - produced), produced % 251);
      produced += chunk.length;
      onRead?.(produced);
      this.push(chunk);
    },
  });
}

/**
 * A relay in front of clamd that counts the bytes the scanner has sent through it. Both sides
 * are unix sockets, whose kernel buffers are small and fixed (TCP's grow to many MiB on
 * loopback), so what the scanner has sent is close to what the relay has counted.
 */
async function countingRelay(clamdSocket: string): Promise<{ socket: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = connect({ path: clamdSocket });
    sockets.add(inbound).add(outbound);
    inbound.on('data', (data: Buffer) => (received += data.length));
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  const dir = await mkdtemp(join(tmpdir(), 'relay-'));
  const socket = join(dir, 'relay.sock');
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    socket,
    received: () => received,
    close: async () => {
      for (const open of sockets) open.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

describe('virus scanning through a real clamd', () => {
  let clamd: RunningClamd;
  let scanner: VirusScanner;

  beforeAll(async () => {
    clamd = await startClamd();
    scanner = await scannerWith({ CLAMD_URL: clamd.url });
  });

  afterAll(async () => {
    await clamd?.stop();
  });

  it('refuses EICAR: infected, with the signature, when and by which engine', async () => {
    const before = new Date();
    const result = await scanner.scan(Readable.from([EICAR]));
    expect(result).toMatchObject({ status: 'infected', signature: EICAR_SIGNATURE });
    expect(result.scannedAt!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(result.engine).toMatch(/^ClamAV \d+\.\d+/);
  });

  it('finds EICAR over the unix socket too, and when it arrives split across chunks', async () => {
    const overSocket = await scannerWith({ CLAMD_SOCKET: clamd.socket });
    const halves = [EICAR.subarray(0, 30), EICAR.subarray(30)];
    expect(await overSocket.scan(Readable.from(halves))).toMatchObject({ status: 'infected', signature: EICAR_SIGNATURE });
  });

  it('passes a clean buffer, and an empty stream', async () => {
    const clean = await scanner.scan(Readable.from([Buffer.from('Minutes of the review panel, 3 March 2026.\n')]));
    expect(clean).toMatchObject({ status: 'clean', engine: expect.stringMatching(/^ClamAV /) });
    expect(clean.signature).toBeUndefined();
    expect(clean.scannedAt).toBeInstanceOf(Date);
    expect((await scanner.scan(Readable.from([]))).status).toBe('clean');
  });

  it('streams a large upload to clamd as it is read, never holding it whole', async () => {
    const relay = await countingRelay(clamd.socket);
    try {
      const relayed = await scannerWith({ CLAMD_SOCKET: relay.socket });
      const size = 64 * MiB;
      let furthestAhead = 0;
      const source = generated(size, Buffer.alloc(0), (produced) => {
        furthestAhead = Math.max(furthestAhead, produced - relay.received());
      });
      expect(await relayed.scan(source)).toMatchObject({ status: 'clean' });
      expect(relay.received()).toBeGreaterThan(size);
      // What was read from the source but not yet through the relay is bounded by the streams'
      // and the sockets' buffers, far below the 64 MiB read: the scanner holds a few chunks at most.
      expect(furthestAhead).toBeLessThan(4 * MiB);

      // And the last bytes of a large stream count: EICAR at its end is found.
      expect(await relayed.scan(generated(8 * MiB, EICAR))).toMatchObject({ status: 'infected', signature: EICAR_SIGNATURE });
    } finally {
      await relay.close();
    }
  });

  it('answers PING', async () => {
    expect(await scanner.ping()).toBe(true);
  });

  it('throws the stream’s own error when the stream fails', async () => {
    const failing = new PassThrough();
    const scanning = scanner.scan(failing);
    failing.write(Buffer.alloc(1024));
    setTimeout(() => failing.destroy(new Error('the upload was cut off')), 50);
    await expect(scanning).rejects.toThrow('the upload was cut off');
    await expect(scanning).rejects.not.toBeInstanceOf(VirusScanError);

    // Failing before clamd is even reached.
    const early = new PassThrough();
    const scanningEarly = scanner.scan(early);
    early.destroy(new Error('the upload failed at once'));
    await expect(scanningEarly).rejects.toThrow('the upload failed at once');
  });

  it('gives no verdict for a stream longer than clamd takes (StreamMaxLength): a VirusScanError with clamd’s words', async () => {
    const small = await startClamd({ streamMaxLength: '1M' });
    try {
      const limited = await scannerWith({ CLAMD_URL: small.url });
      // clamd answers "INSTREAM size limit exceeded. ERROR" and closes at once, with our bytes
      // still unread, so its kernel resets the connection: the answer arrives, or the reset
      // overtakes it. Either way no verdict, and a message that says why.
      for (let attempt = 0; attempt < 5; attempt++) {
        const error = await limited.scan(generated(4 * MiB)).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(VirusScanError);
        const { reason, message } = error as VirusScanError;
        if (reason === 'refused') expect(message).toBe('clamd did not scan the stream: INSTREAM size limit exceeded. ERROR');
        else
          expect({ reason, message }).toMatchObject({
            reason: 'interrupted',
            message: expect.stringMatching(/dropped the connection after \d+ bytes were sent.*StreamMaxLength/),
          });
      }
    } finally {
      await small.stop();
    }
  });

  it('times out on a clamd that never answers', async () => {
    const silent = createServer(() => undefined);
    const port = await freePort();
    await new Promise<void>((resolve) => silent.listen(port, '127.0.0.1', resolve));
    try {
      const waiting = await scannerWith({ CLAMD_URL: `tcp://127.0.0.1:${port}`, CLAMD_TIMEOUT_MS: '300' });
      const attempt = waiting.scan(Readable.from([Buffer.from('hello')]));
      await expect(attempt).rejects.toMatchObject({
        name: 'VirusScanError',
        reason: 'timeout',
        message: expect.stringMatching(/did not answer within 300 ms/),
      });
    } finally {
      silent.close();
    }
  });

  it('without CLAMD_URL or CLAMD_SOCKET says not-scanned, touching neither network nor stream', async () => {
    const unconfigured = await scannerWith({});
    expect(unconfigured.configured).toBe(false);
    const untouched = new Readable({
      read() {
        throw new Error('the stream should not be read');
      },
    });
    expect(await unconfigured.scan(untouched)).toEqual({ status: 'not-scanned' });
    expect(untouched.readableFlowing).toBeNull();
    expect(await unconfigured.ping()).toBe(false);
  });

  it('refuses to start with a bad CLAMD_URL, naming it', async () => {
    const saved = process.env.CLAMD_URL;
    process.env.CLAMD_URL = 'clamav:3310';
    try {
      const attempt = Test.createTestingModule({ imports: [AppConfigModule, ScanningModule] }).compile();
      await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
      await expect(Test.createTestingModule({ imports: [AppConfigModule, ScanningModule] }).compile()).rejects.toThrow(/CLAMD_URL must be tcp:\/\/host:port/);
    } finally {
      if (saved === undefined) delete process.env.CLAMD_URL;
      else process.env.CLAMD_URL = saved;
    }
  });

  describe('the api’s /api/health', () => {
    let api: TestApi;

    beforeAll(async () => {
      process.env.CLAMD_URL = clamd.url;
      try {
        api = await TestApi.start();
      } finally {
        delete process.env.CLAMD_URL;
      }
    });

    afterAll(async () => {
      await api?.stop();
    });

    it('shows clamd up while it answers, and down (503) once it is stopped; the scanner then throws a clear error', async () => {
      const up = (await api.http().get('/api/health').expect(200)).body;
      expect(up.details).toMatchObject({ database: { status: 'up' }, clamd: { status: 'up' } });

      await clamd.stop();

      const down = (await api.http().get('/api/health').expect(503)).body;
      expect(down).toMatchObject({ status: 503, code: 'internal-error' });
      expect(JSON.stringify(down)).not.toContain(String(clamd.port));

      const attempt = scanner.scan(Readable.from([EICAR]));
      await expect(attempt).rejects.toBeInstanceOf(VirusScanError);
      await expect(attempt).rejects.toMatchObject({
        reason: 'unavailable',
        message: expect.stringMatching(/^clamd at tcp:\/\/127\.0\.0\.1:\d+ is unreachable: connect ECONNREFUSED/),
      });
      await expect(scanner.ping()).rejects.toMatchObject({ reason: 'unavailable' });
    });
  });
});
