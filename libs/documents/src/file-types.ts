import { fromBuffer } from 'file-type';

/**
 * The file types documents may have, and what a file's first bytes say it really is. The media
 * type a document keeps is the one sniffed here (by the `file-type` package, from the content),
 * never the one the upload declared. Plain text and CSV have no signature: they are accepted
 * only when the name says so and the whole content is valid UTF-8 with no NUL (checked as it
 * streams: `TextCheck`).
 *
 * `file-type` 16 is its last CommonJS line, which this app (and its tests) can `require` on
 * Node 20; later versions are ES modules only.
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

export type Sniffed = { type: FileType } | { type: null; description: string } | { type: 'text' };

/** What the first bytes of a file (up to 64 KiB is plenty) say it is. */
export async function sniff(head: Buffer): Promise<Sniffed> {
  const found = await fromBuffer(head);
  if (!found) return { type: 'text' };
  const ours = FILE_TYPE_NAMES.find((t) => FILE_TYPES[t].mediaType === found.mime);
  if (ours) return { type: ours };
  return { type: null, description: `a file of another type (.${found.ext}, ${found.mime})` };
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
