/**
 * The file types documents may have, and what a file's first bytes say it really is. The media
 * type a document keeps is the one sniffed here, never the one the upload declared.
 *
 * Our own few magic numbers rather than the `file-type` package: its current versions are
 * ES modules only, which this CommonJS app (and its tests) cannot `require` on Node 20. The
 * checks are the same ones it makes for these types: PDF, PNG and JPEG by their signatures; ZIP
 * containers by their entries (DOCX: `word/`, XLSX: `xl/`, ODT: a stored `mimetype` entry).
 * Plain text and CSV have no signature: they are accepted only when the name says so and the
 * whole content is valid UTF-8 with no NUL (checked as it streams: `TextCheck`).
 */
export const FILE_TYPES = {
  pdf: { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], label: 'Word document (DOCX)' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], label: 'OpenDocument text (ODT)' },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], label: 'Excel workbook (XLSX)' },
  csv: { mediaType: 'text/csv', extensions: ['csv'], label: 'CSV' },
  txt: { mediaType: 'text/plain', extensions: ['txt'], label: 'plain text (TXT)' },
  png: { mediaType: 'image/png', extensions: ['png'], label: 'PNG image' },
  jpeg: { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG image' },
} as const;
export type FileType = keyof typeof FILE_TYPES;
export const FILE_TYPE_NAMES = Object.keys(FILE_TYPES) as FileType[];

/** What else a file may really be, to say so when it is refused. */
const OTHER = [
  { name: 'a GIF image', test: (b: Buffer) => starts(b, 'GIF8') },
  { name: 'a Windows program', test: (b: Buffer) => starts(b, 'MZ') },
  { name: 'a Linux program (ELF)', test: (b: Buffer) => b.length >= 4 && b[0] === 0x7f && starts(b.subarray(1), 'ELF') },
  { name: 'a legacy Office file (OLE2)', test: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) },
  { name: 'a gzip archive', test: (b: Buffer) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b },
  { name: 'an RTF document', test: (b: Buffer) => starts(b, '{\\rtf') },
];

export type Sniffed = { type: FileType } | { type: null; description: string } | { type: 'text' };

function starts(buffer: Buffer, text: string | number[]): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : Buffer.from(text);
  return buffer.length >= bytes.length && buffer.subarray(0, bytes.length).equals(bytes);
}

/** The local file headers' entry names (and a stored `mimetype` entry's content) in a ZIP's first bytes. */
function zipEntries(head: Buffer): { names: string[]; mimetype: string | null } {
  const names: string[] = [];
  let mimetype: string | null = null;
  const signature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
  let at = head.indexOf(signature);
  while (at >= 0 && at + 30 <= head.length) {
    const method = head.readUInt16LE(at + 8);
    const compressed = head.readUInt32LE(at + 18);
    const nameLength = head.readUInt16LE(at + 26);
    const extraLength = head.readUInt16LE(at + 28);
    if (at + 30 + nameLength > head.length) break;
    const name = head.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    names.push(name);
    if (name === 'mimetype' && method === 0) {
      const start = at + 30 + nameLength + extraLength;
      mimetype = head.subarray(start, Math.min(start + compressed, head.length)).toString('latin1');
    }
    at = head.indexOf(signature, at + 30 + nameLength);
  }
  return { names, mimetype };
}

/** What the first bytes of a file (up to 64 KiB is plenty) say it is. */
export function sniff(head: Buffer): Sniffed {
  if (starts(head, '%PDF-')) return { type: 'pdf' };
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { type: 'png' };
  if (starts(head, [0xff, 0xd8, 0xff])) return { type: 'jpeg' };
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) {
    const { names, mimetype } = zipEntries(head);
    if (mimetype === FILE_TYPES.odt.mediaType) return { type: 'odt' };
    if (mimetype) return { type: null, description: `an OpenDocument file other than text (${mimetype})` };
    if (names.some((n) => n.startsWith('word/'))) return { type: 'docx' };
    if (names.some((n) => n.startsWith('xl/'))) return { type: 'xlsx' };
    if (names.some((n) => n.startsWith('ppt/'))) return { type: null, description: 'a PowerPoint presentation (PPTX)' };
    return { type: null, description: 'a ZIP archive' };
  }
  const other = OTHER.find((o) => o.test(head));
  if (other) return { type: null, description: other.name };
  return { type: 'text' };
}

/** The type a file's name claims, by its extension; null when it names none we know. */
export function declaredType(filename: string): FileType | null {
  const extension = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (!extension) return null;
  return FILE_TYPE_NAMES.find((t) => (FILE_TYPES[t].extensions as readonly string[]).includes(extension)) ?? null;
}

/** Whether a whole content is valid UTF-8 without NUL, fed a piece at a time. */
export class TextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private valid = true;

  push(chunk: Buffer): void {
    if (!this.valid) return;
    if (chunk.includes(0)) {
      this.valid = false;
      return;
    }
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      this.valid = false;
    }
  }

  /** The verdict, once the content has ended. */
  end(): boolean {
    if (!this.valid) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}

/** A name safe to put in a Content-Disposition header and a file system: no path, no control characters, no quotes. */
export function safeFilename(name: string, fallback = 'document'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = [...base.normalize('NFC')]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || '"<>:|?*;\\'.includes(c) ? '_' : c))
    .join('')
    .replace(/^\.+/, '')
    .trim()
    .slice(-150);
  return cleaned.length ? cleaned : fallback;
}
