import { EICAR, EICAR_SIGNATURE, RunningClamd, startClamd } from './support/clamd';
import { notification, TestApi, TestUser } from './support/test-app';

/**
 * Uploaded documents are scanned by a real clamd (Debian's clamav-daemon, with a signature
 * database holding only the EICAR test signature, written by test/support/clamd.ts): an infected
 * version is never served, and one clamd could not scan stays pending and is not served either.
 */
describe('Documents scanned for malware by clamd (issue 15.4)', () => {
  let api: TestApi;
  let clamd: RunningClamd;
  let manager: TestUser;
  let reviewId: string;

  interface Version {
    n: number;
    scanStatus: string;
    contentUrl: string | null;
    sha256: string;
  }
  const upload = (title: string, file: Buffer) =>
    api
      .http()
      .post(`/api/reviews/${reviewId}/documents`)
      .set('Authorization', `Bearer ${manager.token}`)
      .field('kind', 'other')
      .field('title', title)
      .attach('file', file, { filename: 'note.txt', contentType: 'text/plain' });
  const content = (documentId: string, n: number) => api.get(manager, `/api/reviews/${reviewId}/documents/${documentId}/versions/${n}/content`);

  beforeAll(async () => {
    clamd = await startClamd();
    process.env.CLAMD_URL = clamd.url;
    api = await TestApi.start({ today: '2026-02-10' });
    manager = await api.user(['csp-manager']);
    reviewId = (await api.post(manager, '/api/reviews', notification()).expect(201)).body.id;
  });
  afterAll(async () => {
    delete process.env.CLAMD_URL;
    await api?.stop();
    await clamd?.stop();
  });

  it('refuses to serve a version clamd finds infected (EICAR), and records the finding in the audit trail', async () => {
    const res = await upload('Fictional: a test file', EICAR).expect(201);
    const version: Version = res.body.versions[0];
    expect(version).toMatchObject({ n: 1, scanStatus: 'infected', contentUrl: null });
    const refused = await content(res.body.id, 1).expect(409);
    expect(refused.body).toMatchObject({ code: 'conflict', scanStatus: 'infected' });
    const trail = (await api.get(manager, `/api/reviews/${reviewId}/audit?pageSize=100`).expect(200)).body.items;
    const finding = trail.find((e: { action: string }) => e.action === 'document.infected');
    expect(finding.changes).toMatchObject({ documentId: res.body.id, version: 1, signature: EICAR_SIGNATURE, sha256: version.sha256, filename: 'note.txt' });
    expect(trail.some((e: { action: string }) => e.action === 'document.downloaded')).toBe(false);
  });

  it('serves a version clamd finds clean', async () => {
    const res = await upload('Fictional: minutes', Buffer.from('Fictional panel minutes: nothing to see here.\n')).expect(201);
    expect(res.body.versions[0]).toMatchObject({ scanStatus: 'clean' });
    const served = await content(res.body.id, 1).expect(200);
    expect(served.text).toBe('Fictional panel minutes: nothing to see here.\n');
  });

  it('keeps a version clamd could not scan pending, and does not serve it', async () => {
    await clamd.stop();
    const res = await upload('Fictional: a letter', Buffer.from('Fictional letter.\n')).expect(201);
    expect(res.body.versions[0]).toMatchObject({ scanStatus: 'pending' });
    const refused = await content(res.body.id, 1).expect(409);
    expect(refused.body).toMatchObject({ code: 'conflict', scanStatus: 'pending' });
  });
});
