import { Transform, TransformCallback } from 'node:stream';

/**
 * The pieces of clamd's protocol (clamd(8), "INSTREAM") that need neither a socket nor Nest:
 * where clamd listens, the framing of a stream's chunks, and the meaning of its replies.
 */

/** Where clamd listens: a TCP address or a unix socket path (`net.connect` takes either). */
export type ClamdAddress = { host: string; port: number } | { path: string };

/** `tcp://host:port` (IPv6 in brackets) or an absolute socket path; undefined when neither is set. */
export function clamdAddress(settings: { CLAMD_URL?: string; CLAMD_SOCKET?: string }): ClamdAddress | undefined {
  if (settings.CLAMD_SOCKET) return { path: settings.CLAMD_SOCKET };
  if (!settings.CLAMD_URL) return undefined;
  const url = new URL(settings.CLAMD_URL);
  if (url.protocol !== 'tcp:' || !url.port) throw new Error(`CLAMD_URL must be tcp://host:port, not ${settings.CLAMD_URL}`);
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port) };
}

/** The largest chunk sent in one frame; bigger chunks from the source are cut. */
export const MAX_FRAME = 64 * 1024;

/**
 * Frames a byte stream for INSTREAM: `zINSTREAM\0`, then each chunk as a 4-byte big-endian length
 * and its bytes, then a zero length. Nothing is held back: each chunk leaves as it arrives, so the
 * source is read only as fast as clamd reads.
 */
export class InstreamFramer extends Transform {
  private started = false;

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.start();
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let at = 0; at < bytes.length; at += MAX_FRAME) {
      const part = bytes.subarray(at, at + MAX_FRAME);
      this.push(frameLength(part.length));
      this.push(part);
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.start();
    this.push(frameLength(0));
    callback();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.push(Buffer.from('zINSTREAM\0'));
  }
}

function frameLength(length: number): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(length, 0);
  return header;
}

export type ScanVerdict = { status: 'clean' } | { status: 'infected'; signature: string };

/**
 * clamd's answer to INSTREAM: `stream: OK`, `stream: <signature> FOUND`, or `... ERROR` (e.g.
 * `INSTREAM size limit exceeded. ERROR`), which throws with clamd's words.
 */
export function parseScanReply(raw: string): ScanVerdict {
  const reply = raw.replace(/\0+$/, '').trim();
  if (/^stream: OK$/.test(reply)) return { status: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { status: 'infected', signature: found[1] };
  throw new ClamdReplyError(reply);
}

/** clamd answered, but not with a verdict. */
export class ClamdReplyError extends Error {
  constructor(readonly reply: string) {
    super(`clamd did not scan the stream: ${reply || '(no reply)'}`);
  }
}
