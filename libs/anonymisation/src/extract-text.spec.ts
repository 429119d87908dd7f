import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import { extractText, ExtractionError, formatOf, MEDIA_TYPES, odtText } from './extract-text';
import { findIdentifiers } from './find-identifiers';

// Fictional documents made by scripts/make-document-fixtures.ts.
const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'documents', name));
const victim = { label: 'victim', name: 'Jane Exampleton' };

describe('extractText', () => {
  it.each([
    ['identifying.docx', MEDIA_TYPES.docx],
    ['identifying.pdf', MEDIA_TYPES.pdf],
    ['identifying.odt', MEDIA_TYPES.odt],
  ])('reads the text of %s, so the name and date of birth in it are found', async (name, type) => {
    const text = await extractText(fixture(name), type);
    expect(text).toContain('This review considers the death of Jane Exampleton');
    const findings = findIdentifiers(text, [victim]);
    expect(findings.map((f) => [f.kind, f.match])).toEqual([
      ['name', 'Jane Exampleton'],
      ['name', 'Ms Exampleton'],
      ['date-of-birth', '12/03/1985'],
    ]);
  });

  it('reads a clean DOCX and UTF-8 text with nothing to find', async () => {
    expect(findIdentifiers(await extractText(fixture('clean.docx'), MEDIA_TYPES.docx), [victim])).toEqual([]);
    expect(await extractText(fixture('clean.txt'), 'text/plain; charset=utf-8')).toContain('Adult A');
  });

  it('reads from a stream', async () => {
    expect(await extractText(Readable.from([Buffer.from('Jane '), Buffer.from('Exampleton')]), 'text/plain')).toBe('Jane Exampleton');
  });

  it('refuses a document over the limit, from a buffer or a stream', async () => {
    const limits = { maxBytes: 10, maxChars: 100, maxZipEntryBytes: 100 };
    await expect(extractText(Buffer.alloc(11, 'a'), 'text/plain', limits)).rejects.toMatchObject({ reason: 'too-large' });
    await expect(extractText(Readable.from([Buffer.alloc(6, 'a'), Buffer.alloc(6, 'a')]), 'text/plain', limits)).rejects.toMatchObject({ reason: 'too-large' });
    await expect(extractText(Buffer.alloc(10, 'a'), 'text/plain', { ...limits, maxChars: 5 })).rejects.toMatchObject({ reason: 'too-large' });
  });

  it('refuses a zip that unpacks to more than the limit', async () => {
    const zip = new JSZip();
    zip.file('content.xml', 'x'.repeat(10_000));
    const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    await expect(extractText(bytes, MEDIA_TYPES.odt, { maxBytes: 1e6, maxChars: 1e6, maxZipEntryBytes: 1000 })).rejects.toMatchObject({ reason: 'too-large' });
  });

  it('refuses an unknown type, and a file that is not what its type says', async () => {
    await expect(extractText(Buffer.from('x'), 'image/png')).rejects.toMatchObject({ reason: 'unsupported-type' });
    await expect(extractText(Buffer.from('not a zip'), MEDIA_TYPES.docx)).rejects.toBeInstanceOf(ExtractionError);
    await expect(extractText(Buffer.from('not a pdf'), MEDIA_TYPES.pdf)).rejects.toMatchObject({ reason: 'unreadable' });
    await expect(extractText(Buffer.from([0xff, 0xfe, 0xfd]), 'text/plain')).rejects.toMatchObject({ reason: 'unreadable' });
  });

  it('knows a format by its type, or by the extension when the type is generic', () => {
    expect(formatOf('application/octet-stream', 'report.ODT')).toBe('odt');
    expect(formatOf('', 'notes.txt')).toBe('txt');
    expect(formatOf('image/png', 'report.docx')).toBeNull();
  });

  it('collects the text of ODT paragraphs, headings and spans, with spaces, tabs and breaks', () => {
    const xml = `<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
      <text:h>Title &amp; more</text:h><text:p>Jane<text:s text:c="2"/><text:span>Exampleton</text:span><text:tab/>x<text:line-break/>y</text:p>
      </office:text></office:body></office:document-content>`;
    expect(odtText(xml).trim()).toBe('Title & more\nJane  Exampleton\tx\ny');
  });
});
