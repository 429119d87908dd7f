import { capturedLogs } from './support/log-capture';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import request from 'supertest';
import { ApiModule } from '../apps/api/src/api.module';
import { configureApp } from '../apps/api/src/configure-app';
import { Clock } from '@app/common';
import { DEVELOPMENT_IDENTITY_KEYS, DEVELOPMENT_KEK } from '@app/config';
import { unwrapKey } from '@app/identity-vault';
import { testDatabaseUrl } from './support/databases';
import { notification, TestApi, TestUser } from './support/test-app';

const run = promisify(execFile);

/**
 * Protected identities encrypted at rest (issue 18.8): the victim's real name, the protected
 * names of a review (with dates of birth) and family members' real names are sealed by the
 * application under a partnership data key wrapped by a key kept outside the database; a dump of
 * the database shows none of them; the key-encryption key rotates while the api serves; and a
 * subject access search (through the blind index) and export find a person across reviews,
 * audited without the name. Every name here is fictional.
 */
const VICTIM = 'Elowen Ávila-Fictitious';
const OTHER_VICTIM = 'Perpetua Nonesuch-Invented';
const PERPETRATOR = 'Tobias Quillfeather-Madeup';
const PERPETRATOR_DOB = '1961-11-23';
const SISTER = 'Marigold Quillfeather-Madeup';
const WITNESS = 'Ignatius Fabricatedsworth';
const LEGACY = 'Leopold Plaintextperson';
const EVERY_NAME = [VICTIM, OTHER_VICTIM, PERPETRATOR, SISTER, WITNESS];
/** Each name, and each part of each name long enough to be telling, as a dump might show them. */
const TELLING = [...new Set(EVERY_NAME.flatMap((name) => [name, ...name.split(/[\s-]+/).filter((part) => part.length >= 5)]))];

const newKey = () => randomBytes(32).toString('base64');

describe('Protected identities encrypted at rest, and subject access', () => {
  let api: TestApi;
  let manager: TestUser, cspChair: TestUser, chair: TestUser, panelMember: TestUser, auditor: TestUser;
  let first: { id: string; reference: string; deathId: string }, second: { id: string; reference: string; deathId: string };
  let sisterId: string, perpetratorId: string;
  const others: INestApplication[] = [];

  /** Another api process on the same database (a replica, or the next release during a rolling restart), with these identity keys. */
  async function anotherApi(keys: Record<string, string>): Promise<INestApplication> {
    const saved = { IDENTITY_KEYS: process.env.IDENTITY_KEYS, IDENTITY_KEY_CURRENT: process.env.IDENTITY_KEY_CURRENT };
    Object.assign(process.env, keys);
    try {
      const moduleRef = await Test.createTestingModule({ imports: [ApiModule] })
        .overrideProvider(Clock)
        .useValue(api.clock)
        .compile();
      const app = configureApp(moduleRef.createNestApplication({ bufferLogs: true }));
      others.push(app);
      await app.init();
      return app;
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  }

  /** Every protected name, read back through the api the way those who may see it do (sorted: names recorded at one moment come in any order). */
  async function readEveryName(app: INestApplication): Promise<string[]> {
    const http = () => request(app.getHttpServer());
    const as = (user: TestUser, path: string) => http().get(path).set('Authorization', `Bearer ${user.token}`).expect(200);
    const names: string[] = [
      (await as(manager, `/api/deaths/${first.deathId}/identity`)).body.victimName,
      (await as(cspChair, `/api/deaths/${second.deathId}/identity`)).body.victimName,
      ...(await as(manager, `/api/reviews/${first.id}/protected-identities`)).body.map((p: { name: string }) => p.name),
      ...(await as(manager, `/api/reviews/${second.id}/protected-identities`)).body.map((p: { name: string }) => p.name),
      (await as(chair, `/api/reviews/${first.id}/family/${sisterId}/identity`)).body.realName,
    ];
    return names.sort();
  }
  // The two victims, each review's protected names (its victim from the death's record first), then the sister.
  const EXPECTED_READS = [VICTIM, OTHER_VICTIM, VICTIM, PERPETRATOR, OTHER_VICTIM, PERPETRATOR, WITNESS, SISTER].sort();

  async function openReview(victimName: string, pseudonym: string) {
    const review = (
      await api
        .post(manager, '/api/reviews', notification({ notifiedOn: '2026-02-01', victim: { pseudonym, ageAtDeath: 40, sex: 'female', name: victimName } }))
        .expect(201)
    ).body;
    await api.action(cspChair, review.id, 'decide', { outcome: 'hold', decidedOn: '2026-02-01', rationale: 'Fictional: the criteria are met.' }).expect(200);
    await api.action(manager, review.id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-02-01' }).expect(200);
    return {
      id: review.id as string,
      reference: review.reference as string,
      deathId: (await api.get(manager, `/api/reviews/${review.id}`).expect(200)).body.death.id as string,
    };
  }

  beforeAll(async () => {
    // One signing secret for every api process of this file, as replicas share theirs.
    process.env.JWT_SECRET = randomBytes(24).toString('hex');
    api = await TestApi.start({ today: '2026-02-01' });
    manager = await api.user(['csp-manager']);
    cspChair = await api.user(['csp-chair']);
    chair = await api.user(['independent-chair']);
    panelMember = await api.user(['panel-member'], 'housing');
    auditor = await api.user(['auditor']);
    first = await openReview(VICTIM, 'Adult P');
    second = await openReview(OTHER_VICTIM, 'Adult Q');
    perpetratorId = (
      await api
        .post(manager, `/api/reviews/${first.id}/protected-identities`, { role: 'perpetrator', name: PERPETRATOR, dateOfBirth: PERPETRATOR_DOB })
        .expect(201)
    ).body.id;
    // The same person is a protected name on another review too (a witness there, say), and a sister shares the surname.
    await api.post(manager, `/api/reviews/${second.id}/protected-identities`, { role: 'other', name: PERPETRATOR }).expect(201);
    await api.post(manager, `/api/reviews/${second.id}/protected-identities`, { role: 'witness', name: WITNESS }).expect(201);
    sisterId = (
      await api
        .post(manager, `/api/reviews/${first.id}/family`, { pseudonym: 'Sister', realName: SISTER, relationship: 'Sister', involvement: 'meet-the-panel' })
        .expect(201)
    ).body.id;
    await api
      .post(manager, `/api/reviews/${first.id}/family-contacts`, {
        contactedOn: '2026-02-01',
        method: 'phone',
        memberIds: [sisterId],
        summary: 'Fictional: the sister was told about the review and offered advocacy.',
      })
      .expect(201);
  });

  afterAll(async () => {
    // One that refused to start is closed too (its connections were opened before it refused).
    for (const app of others) await app.close().catch(() => undefined);
    await api.stop();
    delete process.env.JWT_SECRET;
  });

  it('keeps every protected name encrypted: a pg_dump of the database holds none of them in clear, and the api reads them all back', async () => {
    const { stdout: dump } = await run('pg_dump', ['--no-owner', '--dbname', testDatabaseUrl(api.databaseName)], { maxBuffer: 256 * 1024 * 1024 });
    expect(dump).toContain('CREATE TABLE public.identity_data_keys');
    expect(dump).toMatch(/v1:[0-9a-f-]{36}:/); // the sealed values are in it
    for (const telling of [...TELLING, PERPETRATOR_DOB])
      expect({ telling, found: dump.toLowerCase().includes(telling.toLowerCase()) }).toEqual({ telling, found: false });
    // Folded forms too: without the accent, in lower case.
    expect(dump.toLowerCase()).not.toContain('avila-fictitious');

    const rows = await api.db.query(`SELECT kek_id, length(wrapped_key) AS bytes FROM identity_data_keys`);
    expect(rows.rows).toEqual([{ kek_id: 'development', bytes: 60 }]); // one data key for the partnership, wrapped (IV, tag, key)
    // The audit trail's own keys (names recorded are sealed in its entries) are wrapped the same way.
    const auditKeys = (await api.db.query(`SELECT kek_id, length(data_key) AS bytes FROM audit_data_keys WHERE data_key IS NOT NULL`)).rows;
    expect(auditKeys.length).toBeGreaterThan(1);
    expect(new Set(auditKeys.map((k) => `${k.kek_id}:${k.bytes}`))).toEqual(new Set(['development:60']));
    expect(await readEveryName(api.app)).toEqual(EXPECTED_READS);
    const listed = (await api.get(manager, `/api/reviews/${first.id}/protected-identities`).expect(200)).body;
    expect(listed.find((p: { id: string }) => p.id === perpetratorId)).toMatchObject({ name: PERPETRATOR, dateOfBirth: PERPETRATOR_DOB });
  });

  it('binds each sealed name to its row: a ciphertext copied to another row does not open there', async () => {
    const [sealed] = (await api.db.query(`SELECT name_sealed FROM protected_identities WHERE id = $1`, [perpetratorId])).rows;
    const [witness] = (await api.db.query(`SELECT id, name_sealed FROM protected_identities WHERE review_id = $1 AND role = 'witness'`, [second.id])).rows;
    await api.db.query(`UPDATE protected_identities SET name_sealed = $2 WHERE id = $1`, [witness.id, sealed.name_sealed]);
    try {
      const refused = await api.get(manager, `/api/reviews/${second.id}/protected-identities`);
      expect(refused.status).not.toBe(200);
      expect(JSON.stringify(refused.body)).not.toContain(PERPETRATOR);
    } finally {
      await api.db.query(`UPDATE protected_identities SET name_sealed = $2 WHERE id = $1`, [witness.id, witness.name_sealed]);
    }
  });

  it('finds a person by name across reviews through the blind index, and exports all it holds about them, audited without the name', async () => {
    const search = (user: TestUser, name: unknown) => api.post(user, '/api/subject-access/search', { name });
    const logsBefore = capturedLogs.length;
    const auditBefore = Number((await api.db.query(`SELECT max(seq) AS seq FROM audit_entries`)).rows[0].seq);

    // A surname finds the perpetrator on both reviews and the sister who shares it, review by review; case does not matter.
    const bySurname = (await search(manager, 'quillfeather-MADEUP').expect(200)).body;
    expect(bySurname.matches).toEqual([
      expect.objectContaining({
        source: 'protected-identity',
        recordId: perpetratorId,
        role: 'perpetrator',
        name: PERPETRATOR,
        reviewId: first.id,
        reference: first.reference,
      }),
      expect.objectContaining({ source: 'family-record', recordId: sisterId, role: 'family-member', name: SISTER, pseudonym: 'Sister', reviewId: first.id }),
      expect.objectContaining({ source: 'protected-identity', role: 'other', name: PERPETRATOR, reviewId: second.id, reference: second.reference }),
    ]);
    // The whole name, spaced and accented differently, finds the victim with the review and its pseudonym.
    const byVictim = (await search(manager, '  elowen   AVILA-fictitious ').expect(200)).body;
    expect(byVictim.matches).toEqual([
      {
        source: 'death-record',
        recordId: first.deathId,
        role: 'victim',
        name: VICTIM,
        pseudonym: 'Adult P',
        reviewId: first.id,
        reference: first.reference,
        reviewType: 'DHR',
        stage: expect.any(String),
        status: expect.any(String),
      },
    ]);
    expect((await search(manager, 'Nobody Recorded-Here').expect(200)).body.matches).toEqual([]);

    // Bad input names the field; the wrong people are refused.
    for (const bad of ['', 'x', ' ', 42, 'y'.repeat(201)]) {
      const refused = (await search(manager, bad).expect(400)).body;
      expect(refused).toMatchObject({ code: 'invalid-input', errors: [expect.objectContaining({ field: 'name' })] });
    }
    expect((await api.post(manager, '/api/subject-access/search', { name: PERPETRATOR, extra: 1 }).expect(400)).body.code).toBe('invalid-input');
    for (const user of [panelMember, auditor, chair, cspChair]) expect((await search(user, PERPETRATOR).expect(403)).body.code).toBe('not-allowed');

    // The export: every record of the person, and the whole record of each review they appear in.
    const exported = (await api.post(manager, '/api/subject-access/export', { name: PERPETRATOR }).expect(200)).body;
    expect(exported.identities.protectedIdentities).toHaveLength(2);
    expect(exported.identities.protectedIdentities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: perpetratorId, reviewId: first.id, role: 'perpetrator', name: PERPETRATOR, dateOfBirth: PERPETRATOR_DOB }),
        expect.objectContaining({ reviewId: second.id, role: 'other', name: PERPETRATOR, dateOfBirth: null }),
      ]),
    );
    expect(exported.reviews.map((r: { review: { id: string } }) => r.review.id)).toEqual([first.id, second.id]);
    const sisterExport = (await api.post(manager, '/api/subject-access/export', { name: SISTER }).expect(200)).body;
    expect(sisterExport.identities.familyMembers).toEqual([
      expect.objectContaining({
        reviewId: first.id,
        realName: SISTER,
        member: expect.objectContaining({ id: sisterId, pseudonym: 'Sister', relationship: 'Sister' }),
        contacts: [expect.objectContaining({ summary: 'Fictional: the sister was told about the review and offered advocacy.' })],
      }),
    ]);

    // Audited: each search and export by whom, with the name's blind index entry and what was found; never the name.
    const entries = (
      await api.db.query(`SELECT action, actor_id, changes FROM audit_entries WHERE seq > $1 AND action LIKE 'subject-access.%' ORDER BY seq`, [auditBefore])
    ).rows;
    expect(entries.map((e) => e.action)).toEqual([
      'subject-access.searched',
      'subject-access.searched',
      'subject-access.searched',
      'subject-access.exported',
      'subject-access.exported',
    ]);
    for (const entry of entries) {
      expect(entry.actor_id).toBe(manager.id);
      expect(entry.changes.nameIndex).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(entries[0].changes).toMatchObject({ matches: 3, reviewIds: [first.id, second.id] });
    expect(entries[3].changes).toMatchObject({ nameIndex: expect.any(String), matches: 2, reviewIds: [first.id, second.id] });
    const newAudit = (await api.db.query(`SELECT a::text AS row FROM audit_entries a WHERE seq > $1`, [auditBefore])).rows.map((r) => r.row as string);
    const newLogs = capturedLogs.slice(logsBefore);
    expect(newLogs.length).toBeGreaterThan(0);
    for (const term of [...TELLING, 'quillfeather', 'elowen', 'Nobody Recorded-Here']) {
      expect({ term, audit: newAudit.filter((row) => row.toLowerCase().includes(term.toLowerCase())) }).toEqual({ term, audit: [] });
      expect({ term, logs: newLogs.filter((line) => line.toLowerCase().includes(term.toLowerCase())) }).toEqual({ term, logs: [] });
    }
  });

  it('rotates the key-encryption key while the api serves, every name readable throughout; afterwards the old key can go', async () => {
    // A name written in clear by a release before names were encrypted: the next start seals it.
    const legacyId = randomUUID();
    await api.db.query(
      `INSERT INTO protected_identities (id, partnership_id, review_id, role, name, date_of_birth, recorded_at) SELECT $1, partnership_id, id, 'other', $2, '1950-05-06', now() FROM reviews WHERE id = $3`,
      [legacyId, LEGACY, second.id],
    );

    // And an audit key stored in clear, as before keys were wrapped: the next start wraps it.
    const [auditKey] = (await api.db.query(`SELECT subject_id, data_key FROM audit_data_keys WHERE subject_id = $1`, [second.id])).rows;
    const clearKey = unwrapKey(Buffer.from(DEVELOPMENT_KEK, 'base64'), second.id, 'audit-data-key', auditKey.data_key);
    await api.db.query(`UPDATE audit_data_keys SET data_key = $2, kek_id = NULL WHERE subject_id = $1`, [second.id, clearKey]);

    // The next release: the new key is added as current, the old kept, and the apps restarted one at a time.
    const rotated = { IDENTITY_KEYS: `${DEVELOPMENT_IDENTITY_KEYS},2026a:${newKey()}`, IDENTITY_KEY_CURRENT: '2026a' };
    // The old key may not go yet: an api without it refuses to start, saying which key it needs.
    await expect(anotherApi({ IDENTITY_KEYS: rotated.IDENTITY_KEYS.split(',')[1], IDENTITY_KEY_CURRENT: '2026a' })).rejects.toThrow(
      /wrapped by the key-encryption key 'development', which IDENTITY_KEYS does not hold: add it back/,
    );
    const replica = await anotherApi(rotated);
    const [legacy] = (await api.db.query(`SELECT name, date_of_birth, name_sealed, date_of_birth_sealed FROM protected_identities WHERE id = $1`, [legacyId]))
      .rows;
    expect(legacy).toMatchObject({
      name: null,
      date_of_birth: null,
      name_sealed: expect.stringMatching(/^v1:/),
      date_of_birth_sealed: expect.stringMatching(/^v1:/),
    });

    // The rotation command runs against the live database while the replica keeps reading.
    let rotating = true;
    const reads: string[][] = [];
    const reading = (async () => {
      while (rotating) reads.push(await readEveryName(replica));
    })();
    const command = run('npx', ['ts-node', '--transpile-only', '-r', 'tsconfig-paths/register', 'scripts/identity-keys-rotate.ts'], {
      env: { ...process.env, ...rotated, DATABASE_URL: testDatabaseUrl(api.databaseName) },
    });
    const { stdout } = await command.finally(() => (rotating = false));
    await reading;
    expect(stdout).toMatch(/Rotated: 1 data key\(s\) wrapped again under 2026a; 0 already were\. Audit trail: \d+ data key\(s\) wrapped again; 1 already were/);
    expect(reads.length).toBeGreaterThan(0);
    for (const names of reads) expect(names).toEqual([...EXPECTED_READS, LEGACY].sort());
    expect((await api.db.query(`SELECT kek_id FROM identity_data_keys`)).rows).toEqual([{ kek_id: '2026a' }]);
    expect((await api.db.query(`SELECT DISTINCT kek_id FROM audit_data_keys WHERE data_key IS NOT NULL`)).rows).toEqual([{ kek_id: '2026a' }]);

    // Running it again changes nothing.
    const again = await run('npx', ['ts-node', '--transpile-only', '-r', 'tsconfig-paths/register', 'scripts/identity-keys-rotate.ts'], {
      env: { ...process.env, ...rotated, DATABASE_URL: testDatabaseUrl(api.databaseName) },
    });
    expect(again.stdout).toMatch(/Rotated: 0 data key\(s\) wrapped again under 2026a; 1 already were\. Audit trail: 0 data key\(s\) wrapped again/);

    // With the old key taken out, a freshly started api reads every name (and finds them by name).
    const withoutOldKey = await anotherApi({ IDENTITY_KEYS: rotated.IDENTITY_KEYS.split(',')[1], IDENTITY_KEY_CURRENT: '2026a' });
    const names = await readEveryName(withoutOldKey);
    expect(names).toEqual(reads[0]);
    const found = await request(withoutOldKey.getHttpServer())
      .post('/api/subject-access/search')
      .set('Authorization', `Bearer ${manager.token}`)
      .send({ name: LEGACY })
      .expect(200);
    expect(found.body.matches).toEqual([expect.objectContaining({ source: 'protected-identity', recordId: legacyId, name: LEGACY, reviewId: second.id })]);
    // The audit trail's sealed fields open under the new key too (the clear key wrapped at start among them).
    for (const review of [first, second]) {
      const trail = (
        await request(withoutOldKey.getHttpServer())
          .get(`/api/reviews/${review.id}/audit?pageSize=100`)
          .set('Authorization', `Bearer ${manager.token}`)
          .expect(200)
      ).body.items as { action: string; changes: { name?: string } }[];
      expect(trail.find((e) => e.action === 'review.protected-identity-recorded')!.changes.name).toBe(PERPETRATOR);
    }
    await api.db.query(`DELETE FROM protected_identities WHERE id = $1`, [legacyId]);
  });
});
