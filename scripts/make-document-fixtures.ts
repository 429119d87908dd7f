/**
 * Writes the small fictional documents the anonymisation tests read (test/fixtures/documents/):
 * a DOCX, a PDF and an ODT naming "Jane Exampleton" with a date of birth, and a clean DOCX and
 * TXT that name no one. Every name and date in them is made up.
 *
 *   npx ts-node --transpile-only scripts/make-document-fixtures.ts [--out <folder>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const HELP = `Usage: ts-node scripts/make-document-fixtures.ts [--out <folder>]

Writes fictional DOCX, PDF, ODT and TXT documents for the anonymisation tests
(default folder: test/fixtures/documents). Names and dates are invented.`;

export const IDENTIFYING = [
  'Overview report (draft 2)',
  'This review considers the death of Jane Exampleton, who lived in the borough.',
  'Ms Exampleton (born 12/03/1985) had contact with several agencies.',
];
export const CLEAN = [
  'Overview report (draft 3)',
  'This review considers the death of Adult A, who lived in the borough.',
  'Adult A had contact with several agencies.',
];

async function docx(lines: string[]): Promise<Buffer> {
  // The name split across two runs, as word processors often store it.
  const paragraph = (line: string) => {
    const at = line.indexOf('Exampleton');
    const runs = at > 0 ? [new TextRun(line.slice(0, at)), new TextRun({ text: line.slice(at), bold: true })] : [new TextRun(line)];
    return new Paragraph({ children: runs });
  };
  return Packer.toBuffer(new Document({ creator: 'fixtures', sections: [{ children: lines.map(paragraph) }] }));
}

async function pdf(lines: string[]): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setCreator('fixtures');
  const page = doc.addPage();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 750 - i * 20, size: 11, font }));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

async function odt(lines: string[]): Promise<Buffer> {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = lines
    .map((line, i) => {
      const at = line.indexOf('Exampleton');
      const inner = at > 0 ? `${escape(line.slice(0, at))}<text:span text:style-name="T1">${escape(line.slice(at))}</text:span>` : escape(line);
      return i === 0 ? `<text:h text:outline-level="1">${inner}</text:h>` : `<text:p>${inner}</text:p>`;
    })
    .join('');
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`;
  const zip = new JSZip();
  zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
  zip.file('content.xml', content);
  zip.file('META-INF/manifest.xml', manifest);
  // A fixed date, so the file is the same on every run.
  zip.forEach((_path, file) => (file.date = new Date(Date.UTC(2026, 0, 1))));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return;
  }
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args[outAt + 1] : join(__dirname, '..', 'test', 'fixtures', 'documents');
  mkdirSync(out, { recursive: true });
  const files: Record<string, Buffer> = {
    'identifying.docx': await docx(IDENTIFYING),
    'identifying.pdf': await pdf(IDENTIFYING),
    'identifying.odt': await odt(IDENTIFYING),
    'clean.docx': await docx(CLEAN),
    'clean.txt': Buffer.from(CLEAN.join('\n') + '\n', 'utf8'),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(out, name), bytes);
  console.log(`Wrote ${Object.keys(files).join(', ')} to ${out}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
