import { Readable } from 'node:stream';
import { clamdAddress, ClamdReplyError, InstreamFramer, MAX_FRAME, parseScanReply } from './clamd-protocol';

async function framed(chunks: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const piece of Readable.from(chunks).pipe(new InstreamFramer())) out.push(piece as Buffer);
  return Buffer.concat(out);
}

describe('clamd INSTREAM protocol', () => {
  it('frames each chunk with its 4-byte big-endian length, after zINSTREAM\\0 and before a zero length', async () => {
    const bytes = await framed([Buffer.from('abc'), Buffer.from('de')]);
    expect(bytes).toEqual(
      Buffer.concat([
        Buffer.from('zINSTREAM\0'),
        Buffer.from([0, 0, 0, 3]),
        Buffer.from('abc'),
        Buffer.from([0, 0, 0, 2]),
        Buffer.from('de'),
        Buffer.from([0, 0, 0, 0]),
      ]),
    );
  });

  it('sends an empty stream as the command and the terminator alone', async () => {
    expect(await framed([])).toEqual(Buffer.concat([Buffer.from('zINSTREAM\0'), Buffer.alloc(4)]));
  });

  it('cuts a chunk larger than one frame', async () => {
    const big = Buffer.alloc(MAX_FRAME + 10, 7);
    const bytes = await framed([big]);
    const header = 'zINSTREAM\0'.length;
    expect(bytes.readUInt32BE(header)).toBe(MAX_FRAME);
    expect(bytes.readUInt32BE(header + 4 + MAX_FRAME)).toBe(10);
    expect(bytes.readUInt32BE(bytes.length - 4)).toBe(0);
    expect(bytes.length).toBe(header + 4 + MAX_FRAME + 4 + 10 + 4);
  });

  it('reads the verdict from the reply', () => {
    expect(parseScanReply('stream: OK\0')).toEqual({ status: 'clean' });
    expect(parseScanReply('stream: Eicar-Test-Signature FOUND\0')).toEqual({ status: 'infected', signature: 'Eicar-Test-Signature' });
    expect(parseScanReply('stream: Win.Test.EICAR_HDB-1 FOUND')).toEqual({ status: 'infected', signature: 'Win.Test.EICAR_HDB-1' });
  });

  it('refuses a reply that is not a verdict, with clamd words', () => {
    expect(() => parseScanReply('INSTREAM size limit exceeded. ERROR\0')).toThrow(ClamdReplyError);
    expect(() => parseScanReply('INSTREAM size limit exceeded. ERROR')).toThrow(/size limit exceeded/);
    expect(() => parseScanReply('')).toThrow(/no reply/);
  });

  it('finds clamd from the settings: a socket path, a tcp address, or nothing', () => {
    expect(clamdAddress({})).toBeUndefined();
    expect(clamdAddress({ CLAMD_URL: 'tcp://127.0.0.1:3310' })).toEqual({ host: '127.0.0.1', port: 3310 });
    expect(clamdAddress({ CLAMD_URL: 'tcp://[::1]:3310' })).toEqual({ host: '::1', port: 3310 });
    expect(clamdAddress({ CLAMD_SOCKET: '/run/clamav/clamd.ctl' })).toEqual({ path: '/run/clamav/clamd.ctl' });
  });
});
