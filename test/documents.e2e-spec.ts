import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { testDatabaseUrl } from './support/databases';
import { notification, PASSWORD, TestApi, TestUser } from './support/test-app';
import { pageText, WebClient } from './support/web-client';

const MAX_BYTES = 5 * 1024 * 1024;
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** A tiny, valid PDF with fictional content. */
function pdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
/** The start of an ELF program. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), randomBytes(500)]);

describe('Documents on a review: upload, versions, download, need-to-know, audit (issue 15.1–15.3)', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, police: TestUser, housing: TestUser, board: TestUser, auditor: TestUser;
  let reviewId: string;

  const upload = (user: TestUser, fields: Record<string, string>, file: Buffer, filename: string, contentType = 'application/octet-stream') => {
    const req = api.http().post(`/api/reviews/${reviewId}/documents`).set('Authorization', `Bearer ${user.token}`);
    for (const [name, value] of Object.entries(fields)) req.field(name, value);
    return req.attach('file', file, { filename, contentType });
  };
  const addVersion = (user: TestUser, documentId: string, file: Buffer, filename: string) =>
    api
      .http()
      .post(`/api/reviews/${reviewId}/documents/${documentId}/versions`)
      .set('Authorization', `Bearer ${user.token}`)
      .attach('file', file, { filename });
  const download = (user: TestUser, path: string) => api.download(user, path);

  beforeAll(async () => {
    process.env.DOCUMENT_MAX_BYTES = String(MAX_BYTES);
    api = await TestApi.start({ today: '2026-02-10' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    police = await api.user(['panel-member'], 'cheshire-police', 'Panel Pat Fictional');
    housing = await api.user(['panel-member'], 'housing', 'Panel Hal Fictional');
    board = await api.boardMember(['csp']);
    auditor = await api.user(['auditor']);
    reviewId = (await api.post(manager, '/api/reviews', notification()).expect(201)).body.id;
    await api.action(cspChair, reviewId, 'decide', { outcome: 'hold', decidedOn: '2026-02-02', rationale: 'Fictional: criteria met.' }).expect(200);
    await api.action(manager, reviewId, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-02' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: police.id, agency: 'cheshire-police' }).expect(200);
    await api.action(chair, reviewId, 'add-panel-member', { userId: housing.id, agency: 'housing' }).expect(200);
  });
  afterAll(async () => {
    delete process.env.DOCUMENT_MAX_BYTES;
    await api.stop();
  });

  it('uploads a PDF, adds a version, and downloads each version intact, hashes compared', async () => {
    const v1 = pdf('Fictional terms of reference, draft 1');
    const created = await upload(
      manager,
      { kind: 'terms-of-reference', title: 'Terms of reference', sharedWithPanel: 'true' },
      v1,
      'terms.pdf',
      'application/pdf',
    ).expect(201);
    expect(created.body).toMatchObject({
      kind: 'terms-of-reference',
      title: 'Terms of reference',
      agency: null,
      sharedWithPanel: true,
      versions: [
        {
          n: 1,
          filename: 'terms.pdf',
          size: v1.length,
          mediaType: 'application/pdf',
          sha256: sha256(v1),
          scanStatus: 'not-scanned',
          uploadedBy: { id: manager.id },
        },
      ],
    });
    const documentId = created.body.id as string;

    const v2 = pdf('Fictional terms of reference, agreed');
    const second = await addVersion(chair, documentId, v2, 'terms-agreed.pdf').expect(201);
    expect(second.body.versions.map((v: { n: number; sha256: string }) => [v.n, v.sha256])).toEqual([
      [1, sha256(v1)],
      [2, sha256(v2)],
    ]);
    expect(second.body.latest).toMatchObject({ n: 2, uploadedBy: { id: chair.id } });

    for (const [n, sent] of [
      [1, v1],
      [2, v2],
    ] as const) {
      const res = await download(police, `/api/reviews/${reviewId}/documents/${documentId}/versions/${n}/content`).expect(200);
      expect(sha256(res.body as Buffer)).toBe(sha256(sent));
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['etag']).toBe(`"${sha256(sent)}"`);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="terms(-agreed)?\.pdf"/);
    }
    await api.get(manager, `/api/reviews/${reviewId}/documents/${documentId}/versions/3/content`).expect(404);
    // Stored in PostgreSQL: the chunks are there, the versions keep their own.
    const { rows } = await api.db.query('SELECT n, storage_key FROM document_versions WHERE document_id = $1 ORDER BY n', [documentId]);
    expect(rows).toHaveLength(2);
    expect(rows[0].storage_key).not.toBe(rows[1].storage_key);
  });

  it('sniffs the media type: a text file and a PNG are kept as what they are, a file that lies is refused naming `file`', async () => {
    const minutes = Buffer.from('Fictional panel minutes.\nAttendees: the panel.\nActions: none — all agreed.\n', 'utf8');
    const txt = await upload(chair, { kind: 'panel-minutes', title: 'Panel minutes, meeting 1' }, minutes, 'minutes.txt', 'text/plain').expect(201);
    expect(txt.body.latest).toMatchObject({ mediaType: 'text/plain', sha256: sha256(minutes), size: minutes.length });

    // The declared type is ignored: the content decides.
    const png = await upload(chair, { kind: 'other', title: 'Genogram (fictional)' }, PNG, 'genogram.png', 'application/pdf').expect(201);
    expect(png.body.latest).toMatchObject({ mediaType: 'image/png', sha256: sha256(PNG) });
    const res = await download(chair, png.body.latest.contentUrl).expect(200);
    expect(sha256(res.body as Buffer)).toBe(sha256(PNG));

    const before = Number((await api.db.query('SELECT count(*) AS n FROM document_chunks')).rows[0].n);
    const lying = await upload(chair, { kind: 'other', title: 'Not really a PDF' }, PNG, 'report.pdf', 'application/pdf').expect(400);
    expect(lying.body).toMatchObject({
      code: 'invalid-input',
      errors: [{ field: 'file', message: expect.stringMatching(/named as a PDF but its content is really a PNG image/) }],
    });
    const program = await upload(chair, { kind: 'other', title: 'Not really a PDF' }, ELF, 'report.pdf').expect(400);
    expect(program.body.errors[0]).toMatchObject({ field: 'file', message: 'is named as a PDF but its content is not a file type this service recognises' });
    const binaryText = await upload(chair, { kind: 'other', title: 'Not text' }, Buffer.from([0x41, 0x00, 0x42]), 'notes.txt').expect(400);
    expect(binaryText.body.errors[0].field).toBe('file');
    const notAllowed = await upload(chair, { kind: 'other', title: 'A program' }, ELF, 'tool.exe').expect(400);
    expect(notAllowed.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringMatching(/allowed types \(PDF, .*JPEG image\)/) });
    const noFile = await api.post(chair, `/api/reviews/${reviewId}/documents`, { kind: 'other', title: 'x' }).expect(400);
    expect(noFile.body.code).toBe('invalid-input');
    await upload(chair, { kind: 'nonsense', title: 'x' }, minutes, 'x.txt').expect(400);
    // Nothing half-written stays behind a refusal.
    expect(Number((await api.db.query('SELECT count(*) AS n FROM document_chunks')).rows[0].n)).toBe(before);
  });

  it('refuses a file over DOCUMENT_MAX_BYTES with 413, and streams a file of a few MiB intact', async () => {
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(MAX_BYTES + 1024)]);
    const before = Number((await api.db.query('SELECT count(*) AS n FROM document_blobs')).rows[0].n);
    const refused = await upload(manager, { kind: 'other', title: 'Too big' }, big, 'big.pdf').expect(413);
    expect(refused.body).toMatchObject({ code: 'too-large', maxBytes: MAX_BYTES });
    expect(Number((await api.db.query('SELECT count(*) AS n FROM document_blobs')).rows[0].n)).toBe(before);

    const large = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3 * 1024 * 1024 + 12345)]);
    const created = await upload(manager, { kind: 'overview-report', title: 'Overview report draft' }, large, 'overview.pdf').expect(201);
    expect(created.body.latest).toMatchObject({ size: large.length, sha256: sha256(large) });
    const chunks = (
      await api.db.query('SELECT count(*) AS n FROM document_chunks c JOIN document_versions v ON v.storage_key = c.blob_id::text WHERE v.document_id = $1', [
        created.body.id,
      ])
    ).rows[0].n;
    expect(Number(chunks)).toBe(Math.ceil(large.length / (256 * 1024)));
    const res = await download(manager, created.body.latest.contentUrl).expect(200);
    expect((res.body as Buffer).length).toBe(large.length);
    expect(sha256(res.body as Buffer)).toBe(sha256(large));
  });

  it('shows a document by need-to-know and its kind: another agency’s IMR and family correspondence are 404', async () => {
    const imr = (await upload(police, { kind: 'imr', title: 'Police IMR' }, pdf('Fictional police IMR'), 'imr.pdf').expect(201)).body;
    expect(imr).toMatchObject({ agency: 'cheshire-police', agencyName: 'Cheshire Police' });
    // A panel member files only their own agency's IMR and chronology.
    await upload(police, { kind: 'overview-report', title: 'x' }, pdf('x'), 'x.pdf').expect(403);
    await upload(police, { kind: 'imr', title: 'x', agency: 'housing' }, pdf('x'), 'x.pdf').expect(403);
    const letters = (await upload(manager, { kind: 'family-correspondence', title: 'Letter to the family' }, pdf('Fictional letter'), 'letter.pdf').expect(201))
      .body;
    await upload(manager, { kind: 'family-correspondence', title: 'x', sharedWithPanel: 'true' }, pdf('x'), 'x.pdf').expect(400);

    const content = (doc: { latest: { contentUrl: string } }) => doc.latest.contentUrl;
    const titles = async (user: TestUser) =>
      ((await api.get(user, `/api/reviews/${reviewId}/documents`).expect(200)).body as { title: string }[]).map((d) => d.title);

    // Housing's panel member: not police's IMR, not family correspondence; the shared terms of reference yes.
    await api.get(housing, `/api/reviews/${reviewId}/documents/${imr.id}`).expect(404);
    const hidden = await api.get(housing, content(imr)).expect(404);
    expect(hidden.body).toMatchObject({ code: 'not-found' });
    await api.get(housing, content(letters)).expect(404);
    await addVersion(housing, imr.id, pdf('x'), 'x.pdf').expect(404);
    expect(await titles(housing)).toEqual(['Terms of reference']);
    // Police's panel member: their own IMR and what is shared.
    expect((await titles(police)).sort()).toEqual(['Police IMR', 'Terms of reference']);
    await api.get(police, content(letters)).expect(404);
    // The chair, the CSP chair and the manager: everything, family correspondence included.
    for (const user of [chair, cspChair, manager]) expect(await titles(user)).toContain('Letter to the family');
    await download(chair, content(letters)).expect(200);
    // Board members: nothing before sign-off (they do not see the review at all); auditors: no documents.
    await api.get(board, `/api/reviews/${reviewId}/documents`).expect(404);
    expect(await titles(auditor)).toEqual([]);
    await api.get(auditor, content(imr)).expect(404);
  });

  it('shows board members the report under sign-off, and nothing else, once the review reaches sign-off', async () => {
    const imr = (await upload(police, { kind: 'imr', title: 'Police IMR for the board test' }, pdf('x'), 'imr.pdf').expect(201)).body;
    const summary = (await upload(chair, { kind: 'executive-summary', title: 'Executive summary' }, pdf('Fictional summary'), 'summary.pdf').expect(201)).body;
    await api.action(chair, reviewId, 'agree-terms-of-reference', { agreedOn: '2026-02-03' }).expect(200);
    await api.action(chair, reviewId, 'complete-information', { on: '2026-02-04' }).expect(200);
    expect((await api.action(chair, reviewId, 'complete-draft', { on: '2026-02-05' }).expect(200)).body.stage).toBe('sign-off');
    const seen = ((await api.get(board, `/api/reviews/${reviewId}/documents`).expect(200)).body as { kind: string }[]).map((d) => d.kind);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((kind) => kind === 'overview-report' || kind === 'executive-summary')).toBe(true);
    expect(seen).toContain('executive-summary');
    await download(board, summary.latest.contentUrl).expect(200);
    await api.get(board, imr.latest.contentUrl).expect(404);
    // A board member uploads nothing.
    await upload(board, { kind: 'other', title: 'x' }, pdf('x'), 'x.pdf').expect(403);
  });

  it('puts every upload and download in the review’s audit trail, with the version and its SHA-256', async () => {
    const sent = pdf('Fictional chronology');
    const doc = (await upload(police, { kind: 'chronology', title: 'Police chronology' }, sent, 'chronology.pdf').expect(201)).body;
    await download(police, doc.latest.contentUrl).expect(200);
    const trail = (await api.get(manager, `/api/reviews/${reviewId}/audit?pageSize=100`).expect(200)).body.items as {
      action: string;
      actorId: string;
      changes: Record<string, unknown>;
    }[];
    const mine = trail.filter((e) => e.changes.documentId === doc.id);
    expect(mine.map((e) => e.action)).toEqual(['document.uploaded', 'document.downloaded']);
    for (const entry of mine) {
      expect(entry).toMatchObject({
        actorId: police.id,
        changes: { version: 1, sha256: sha256(sent), title: 'Police chronology', filename: 'chronology.pdf' },
      });
    }
    // The title and file name are sealed under the review's key, not written in clear.
    const raw = await api.db.query(`SELECT changes::text AS changes FROM audit_entries WHERE action = 'document.downloaded' AND changes::text LIKE $1`, [
      `%${doc.id}%`,
    ]);
    expect(raw.rows).toHaveLength(1);
    expect(raw.rows[0].changes).not.toContain('Police chronology');
    expect(raw.rows[0].changes).toContain(sha256(sent));
  });

  it('keeps versions immutable: the application’s roles cannot delete one or change its hash, size or type', async () => {
    const asApp = new Client({ connectionString: testDatabaseUrl(api.databaseName), options: '-c role=dhr_system' });
    await asApp.connect();
    try {
      await expect(asApp.query(`UPDATE document_versions SET sha256 = repeat('0', 64)`)).rejects.toMatchObject({ code: '42501' });
      await expect(asApp.query(`UPDATE document_versions SET size = 1, media_type = 'text/plain'`)).rejects.toMatchObject({ code: '42501' });
      await expect(asApp.query(`DELETE FROM document_versions`)).rejects.toMatchObject({ code: '42501' });
      await expect(asApp.query(`DELETE FROM documents`)).rejects.toMatchObject({ code: '42501' });
      await expect(asApp.query(`UPDATE documents SET kind = 'other'`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await asApp.end();
    }
  });

  it('never serves a version the scan found infected', async () => {
    const doc = (await upload(manager, { kind: 'other', title: 'Suspicious attachment' }, pdf('Fictional'), 'attachment.pdf').expect(201)).body;
    await api.db.query(`UPDATE document_versions SET scan_status = 'infected' WHERE document_id = $1`, [doc.id]);
    const res = await api.get(manager, doc.latest.contentUrl).expect(409);
    expect(res.body).toMatchObject({ code: 'conflict', scanStatus: 'infected' });
    const listed = (await api.get(manager, `/api/reviews/${reviewId}/documents/${doc.id}`).expect(200)).body;
    expect(listed.latest).toMatchObject({ scanStatus: 'infected', contentUrl: null });
  });

  it('refuses anyone who may not upload, and a request that is not multipart', async () => {
    await upload(auditor, { kind: 'other', title: 'x' }, pdf('x'), 'x.pdf').expect(403);
    await request(api.app.getHttpServer()).post(`/api/reviews/${reviewId}/documents`).set('Authorization', `Bearer ${manager.token}`).send('plain').expect(400);
  });

  it('shows the Documents section on the review page, and uploads and downloads through it', async () => {
    const web = new WebClient(api);
    await web.signIn(chair.email, PASSWORD, `/reviews/${reviewId}`);
    const page = await web.get(`/reviews/${reviewId}`);
    expect(page.status).toBe(200);
    const text = pageText(page.text);
    expect(text).toContain('Terms of reference');
    expect(text).toContain('Letter to the family');
    expect(text).not.toContain('This service does not store uploaded documents');
    expect(page.text).toContain('enctype="multipart/form-data"');

    // Without the token: refused before anything is stored.
    const chunks = async () => Number((await api.db.query('SELECT count(*) AS n FROM document_chunks')).rows[0].n);
    const before = await chunks();
    const forged = await web.postFile(
      `/reviews/${reviewId}/documents`,
      { kind: 'other', title: 'Forged' },
      { content: pdf('x'), filename: 'x.pdf' },
      { csrf: false },
    );
    expect(forged.status).toBe(403);
    expect(await chunks()).toBe(before);

    // A file that lies: the page again, with the error by the file field.
    const lying = await web.postFile(`/reviews/${reviewId}/documents`, { kind: 'other', title: 'Lying' }, { content: PNG, filename: 'lying.pdf' });
    expect(lying.status).toBe(400);
    expect(pageText(lying.text)).toContain('The file is named as a PDF but its content is really a PNG image');
    expect(lying.text).toContain('href="#upload-document-file"');

    const sent = pdf('Fictional panel minutes, meeting 2');
    const done = await web.postFile(
      `/reviews/${reviewId}/documents`,
      { kind: 'panel-minutes', title: 'Panel minutes, meeting 2', agency: '' },
      { content: sent, filename: 'minutes-2.pdf' },
    );
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/reviews/${reviewId}#documents`);
    const after = await web.get(`/reviews/${reviewId}`);
    expect(pageText(after.text)).toContain('Document uploaded: Panel minutes, meeting 2');
    const link = new RegExp(`href="(/reviews/${reviewId}/documents/[0-9a-f-]+/versions/1)"[^>]*>minutes-2\\.pdf`).exec(after.text);
    expect(link).not.toBeNull();
    const file = await api
      .http()
      .get(link![1])
      .set('Cookie', web.cookieHeader())
      .buffer(true)
      .parse((res, callback) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(sha256(file.body as Buffer)).toBe(sha256(sent));

    // Housing's panel member: no police IMR on their page, and an upload form for their own agency's IMR and chronology only.
    const panelWeb = new WebClient(api);
    await panelWeb.signIn(housing.email, PASSWORD, `/reviews/${reviewId}`);
    const theirs = await panelWeb.get(`/reviews/${reviewId}`);
    expect(pageText(theirs.text)).not.toContain('Police IMR');
    expect(pageText(theirs.text)).not.toContain('Letter to the family');
    expect(theirs.text).toContain('value="imr"');
    expect(theirs.text).not.toContain('value="family-correspondence"');
  });
});
