import { Readable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import JSZip from 'jszip';

/** The document formats whose text the check reads. */
export const MEDIA_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
} as const;
export type DocumentFormat = keyof typeof MEDIA_TYPES;

/** The largest document read (bytes) and the most text kept from one (characters): far beyond any report. */
export const EXTRACTION_LIMITS = { maxBytes: 20 * 1024 * 1024, maxChars: 5_000_000, maxZipEntryBytes: 50 * 1024 * 1024 };

/** Why a document's text could not be read: too large, an unknown type, or not the file it claims to be. */
export class ExtractionError extends Error {
  constructor(
    readonly reason: 'too-large' | 'unsupported-type' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

/** The format of a media type (parameters such as `; charset=utf-8` ignored), or of a file name's extension when the type is generic. */
export function formatOf(mediaType: string | undefined, fileName?: string): DocumentFormat | null {
  const type = (mediaType ?? '').split(';')[0].trim().toLowerCase();
  for (const [format, known] of Object.entries(MEDIA_TYPES)) if (type === known) return format as DocumentFormat;
  const extension = /\.([a-z]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if ((type === '' || type === 'application/octet-stream') && extension && extension in MEDIA_TYPES) return extension as DocumentFormat;
  return null;
}

/**
 * The text of a document (DOCX, PDF, ODT or UTF-8 text), read in memory: no network, no other
 * process. Refuses a document over `maxBytes` and text over `maxChars` with an ExtractionError,
 * and a file that is not what its type says with `unreadable`.
 */
export async function extractText(input: Buffer | Readable, mediaType: string, limits = EXTRACTION_LIMITS): Promise<string> {
  const format = formatOf(mediaType);
  if (!format) throw new ExtractionError('unsupported-type', `Cannot read text from ${mediaType || 'a file of no type'}: only DOCX, PDF, ODT and plain text.`);
  const bytes = Buffer.isBuffer(input) ? input : await readAll(input, limits.maxBytes);
  if (bytes.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
  let text: string;
  try {
    text = await READERS[format](bytes, limits);
  } catch (error) {
    if (error instanceof ExtractionError) throw error;
    throw new ExtractionError('unreadable', `The file could not be read as ${format.toUpperCase()}.`);
  }
  if (text.length > limits.maxChars) {
    throw new ExtractionError('too-large', `The document holds more than ${limits.maxChars} characters of text, more than the check reads.`);
  }
  return text;
}

const READERS: Record<DocumentFormat, (bytes: Buffer, limits: typeof EXTRACTION_LIMITS) => Promise<string>> = {
  txt: async (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''),
  docx: async (bytes, limits) => {
    await checkZip(bytes, limits);
    const mammoth = await import('mammoth');
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  },
  pdf: async (bytes) => {
    const { PDFParse } = nativeRequire('pdf-parse') as typeof import('pdf-parse');
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      const result = await parser.getText();
      return result.pages.map((page) => page.text).join('\n\n');
    } finally {
      await parser.destroy();
    }
  },
  odt: async (bytes, limits) => {
    const zip = await checkZip(bytes, limits);
    const content = zip.file('content.xml');
    if (!content) throw new ExtractionError('unreadable', 'The file is not an OpenDocument text: it has no content.xml.');
    return odtText(await content.async('string'));
  },
};

/** A zip (DOCX, ODT) opened, refused if it would unpack to more than the limit (a zip bomb). */
async function checkZip(bytes: Buffer, limits: typeof EXTRACTION_LIMITS): Promise<JSZip> {
  const zip = await JSZip.loadAsync(bytes);
  let total = 0;
  zip.forEach((_path, entry) => {
    // The uncompressed size the archive declares; JSZip checks it against what it inflates.
    total += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  if (total > limits.maxZipEntryBytes) throw new ExtractionError('too-large', 'The document unpacks to more than the check reads.');
  return zip;
}

/**
 * pdf-parse (pdfjs-dist) sets up its in-process worker with a dynamic import, which Node runs
 * but a module sandbox (Jest's, which also stands in for `node:module`) refuses: loaded through
 * Node's own require, taken from the built-in module itself, it works in both.
 */
const nativeRequire = (process.getBuiltinModule('node:module') as typeof import('node:module')).createRequire(__filename);

const BLOCKS = new Set(['text:p', 'text:h']);

/** The text of an ODT's content.xml: each paragraph and heading on its own line, spans, spaces, tabs and line breaks kept. */
export function odtText(xml: string): string {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
    parseTagValue: false,
  });
  const tree = parser.parse(xml) as OrderedNode[];
  const out: string[] = [];
  const walk = (nodes: OrderedNode[], inBlock: boolean) => {
    for (const node of nodes) {
      for (const [name, value] of Object.entries(node)) {
        if (name === ':@') continue;
        if (name === '#text') {
          if (inBlock) out.push(String(value));
        } else if (name === 'text:s') out.push(' '.repeat(Number((node[':@'] as Record<string, string> | undefined)?.['@_text:c'] ?? 1)));
        else if (name === 'text:tab') out.push('\t');
        else if (name === 'text:line-break') out.push('\n');
        else if (Array.isArray(value)) {
          walk(value as OrderedNode[], inBlock || BLOCKS.has(name));
          if (BLOCKS.has(name)) out.push('\n');
        }
      }
    }
  };
  walk(tree, false);
  return out.join('');
}
type OrderedNode = Record<string, unknown>;

async function readAll(stream: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw tooLarge(maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): ExtractionError {
  return new ExtractionError('too-large', `The document is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, more than the check reads.`);
}
