import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { declaredType, safeFilename, sniff, TextCheck } from './file-types';
import { DocumentRights, maySee } from './documents.service';

/** A ZIP's first local file header for one stored entry. */
function zipEntry(name: string, content = ''): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(0, 8); // stored
  header.writeUInt32LE(content.length, 18);
  header.writeUInt32LE(content.length, 22);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  return Buffer.concat([header, Buffer.from(name), Buffer.from(content, 'latin1')]);
}

describe('sniff', () => {
  const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'documents', name));

  it('knows PDF, PNG and JPEG by their signatures', async () => {
    expect(await sniff(Buffer.from('%PDF-1.7\n...'))).toEqual({ type: 'pdf' });
    expect(await sniff(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))).toEqual({ type: 'png' });
    expect(await sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toEqual({ type: 'jpeg' });
  });

  it('tells real DOCX, ODT and PDF files apart, and XLSX and a plain ZIP by their entries', async () => {
    expect(await sniff(fixture('identifying.docx'))).toEqual({ type: 'docx' });
    expect(await sniff(fixture('identifying.odt'))).toEqual({ type: 'odt' });
    expect(await sniff(fixture('identifying.pdf'))).toEqual({ type: 'pdf' });
    expect(await sniff(Buffer.concat([zipEntry('[Content_Types].xml', '<x/>'), zipEntry('xl/workbook.xml', '<w/>')]))).toEqual({ type: 'xlsx' });
    expect(await sniff(zipEntry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'))).toMatchObject({ type: null });
    expect(await sniff(zipEntry('notes.txt', 'hello'))).toMatchObject({ type: null, description: expect.stringContaining('zip') });
  });

  it('names programs, and leaves signature-less content to the text check', async () => {
    expect(await sniff(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toMatchObject({ type: null, description: expect.stringContaining('exe') });
    // A Linux program has no signature file-type knows: it is left to the text check, which its NUL bytes fail.
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
    expect(await sniff(elf)).toEqual({ type: 'text' });
    const check = new TextCheck();
    check.push(elf);
    expect(check.end()).toBe(false);
    expect(await sniff(Buffer.from('date,event\n2026-01-01,fictional\n'))).toEqual({ type: 'text' });
  });
});

describe('TextCheck', () => {
  it('accepts UTF-8 split across chunks, refuses NUL and invalid bytes', () => {
    const euro = Buffer.from('€ fictional', 'utf8');
    const ok = new TextCheck();
    ok.push(euro.subarray(0, 1));
    ok.push(euro.subarray(1));
    expect(ok.end()).toBe(true);
    const nul = new TextCheck();
    nul.push(Buffer.from([0x41, 0x00]));
    expect(nul.end()).toBe(false);
    const invalid = new TextCheck();
    invalid.push(Buffer.from([0xc3, 0x28]));
    expect(invalid.end()).toBe(false);
    const cut = new TextCheck();
    cut.push(euro.subarray(0, 2));
    expect(cut.end()).toBe(false);
  });
});

describe('declaredType and safeFilename', () => {
  it('reads the extension, case-insensitively', () => {
    expect(declaredType('Report.PDF')).toBe('pdf');
    expect(declaredType('photo.jpg')).toBe('jpeg');
    expect(declaredType('tool.exe')).toBeNull();
    expect(declaredType('no-extension')).toBeNull();
  });

  it('keeps the name only, without paths, quotes or control characters', () => {
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\Users\\x\\IMR "final".pdf')).toBe('IMR _final_.pdf');
    expect(safeFilename('a\r\nb.txt')).toBe('a__b.txt');
    expect(safeFilename('...')).toBe('document');
  });
});

describe('maySee', () => {
  const none: DocumentRights = { seesAll: false, panel: false, board: false, uploadsAny: false, uploadsOwnAgency: false };
  const police = { agencyId: 'police' };
  const doc = (kind: 'imr' | 'family-correspondence' | 'overview-report', agencyId: string | null, sharedWithPanel = false) => ({
    kind,
    agencyId,
    sharedWithPanel,
  });

  it('panel members: their agency’s and what is shared, never family correspondence', () => {
    const panel = { ...none, panel: true };
    expect(maySee(panel, police, doc('imr', 'police'))).toBe(true);
    expect(maySee(panel, police, doc('imr', 'housing'))).toBe(false);
    expect(maySee(panel, police, doc('imr', 'housing', true))).toBe(true);
    expect(maySee(panel, police, doc('family-correspondence', 'police', true))).toBe(false);
  });

  it('board members: the report under sign-off only; those who run the review: everything', () => {
    expect(maySee({ ...none, board: true }, { agencyId: null }, doc('overview-report', null))).toBe(true);
    expect(maySee({ ...none, board: true }, { agencyId: null }, doc('imr', null, true))).toBe(false);
    expect(maySee({ ...none, seesAll: true }, { agencyId: null }, doc('family-correspondence', null))).toBe(true);
    expect(maySee(none, police, doc('imr', 'police'))).toBe(false);
  });
});
