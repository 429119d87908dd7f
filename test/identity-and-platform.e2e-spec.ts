import { JwtService } from '@nestjs/jwt';
import { BootstrapService } from '../apps/api/src/bootstrap/bootstrap.service';
import { prepareDatabase } from '@app/database';
import { dropDatabase, onServer, TEST_DATABASE_PREFIX, testDatabaseUrl } from './support/databases';
import { ADMIN, PASSWORD, TestApi, TestUser } from './support/test-app';

describe('Identity, configuration and the platform', () => {
  let api: TestApi;
  let admin: TestUser;

  beforeAll(async () => {
    api = await TestApi.start();
    admin = await api.admin();
  });
  afterAll(() => api.stop());

  describe('tokens', () => {
    it('issues a bearer token for the right password', async () => {
      const res = await api.http().post('/api/auth/token').send(ADMIN).expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
      const me = await api.http().get('/api/users/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ email: ADMIN.email, roles: ['administrator'], agency: null, active: true });
    });

    it('scopes a token to the partnership it names, and still finds an account moved since or a token without one', async () => {
      const jwt = api.app.get(JwtService);
      const user = await api.user(['csp-manager']);
      const claims = jwt.decode(user.token) as { sub: string; pid: string };
      expect(claims).toMatchObject({ sub: user.id, pid: expect.any(String) });
      // A token issued before tokens named the partnership.
      const bare = await jwt.signAsync({ sub: user.id });
      expect((await api.http().get('/api/users/me').set('Authorization', `Bearer ${bare}`).expect(200)).body.id).toBe(user.id);
      // A token naming a partnership the account has left: answered as the partnership it is in now.
      const elsewhere = (await api.db.query(`INSERT INTO partnerships (name) VALUES ('Fictional Moved-To Partnership') RETURNING id`)).rows[0].id as string;
      await api.moveUser(user, elsewhere);
      const me = (await api.http().get('/api/users/me').set('Authorization', `Bearer ${user.token}`).expect(200)).body;
      expect(me.id).toBe(user.id);
      expect((await api.http().get('/api/reviews').set('Authorization', `Bearer ${user.token}`).expect(200)).body.total).toBe(0);
      // A forged claim is refused with the signature, and a switched-off account is refused whichever way it is found.
      await api
        .http()
        .get('/api/users/me')
        .set('Authorization', `Bearer ${user.token.slice(0, -2)}xx`)
        .expect(401);
      await api.db.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
      await api.http().get('/api/users/me').set('Authorization', `Bearer ${user.token}`).expect(401);
      await api.http().get('/api/users/me').set('Authorization', `Bearer ${bare}`).expect(401);
      // Leave the one partnership the later tests expect.
      await api.moveUser(user, claims.pid);
      await api.db.query('DELETE FROM partnerships WHERE id = $1', [elsewhere]);
    });

    it('refuses a wrong password and an unknown email alike, as a problem document', async () => {
      const wrong = await api.http().post('/api/auth/token').send({ email: ADMIN.email, password: 'not-the-password' }).expect(401);
      const unknown = await api.http().post('/api/auth/token').send({ email: 'nobody@test.example', password: 'not-the-password' }).expect(401);
      expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(wrong.body.detail).toBe(unknown.body.detail);
      expect(wrong.body.correlationId).toEqual(expect.any(String));
    });

    it('names the bad field when the request is malformed', async () => {
      const res = await api.http().post('/api/auth/token').send({ email: 'not-an-email' }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
    });
  });

  describe('users', () => {
    it('lets an administrator create a user with roles and an agency, stored with an argon2id hash', async () => {
      const res = await api
        .post(admin, '/api/users', {
          email: 'Panel.Person@Test.Example',
          name: 'Pat Fictional',
          password: PASSWORD,
          roles: ['panel-member'],
          agency: 'cheshire-police',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        email: 'panel.person@test.example',
        name: 'Pat Fictional',
        roles: ['panel-member'],
        agency: { code: 'cheshire-police', name: 'Cheshire Police' },
      });
      const stored = await api.db.query('SELECT password_hash FROM users WHERE id = $1', [res.body.id]);
      expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(res.body)).not.toContain('argon2');
      const token = await api.token('panel.person@test.example', PASSWORD);
      expect(token).toEqual(expect.any(String));
    });

    it('refuses a duplicate email, an unknown role, a short password, and an agency role without an agency', async () => {
      const base = { email: 'someone@test.example', name: 'Someone Fictional', password: PASSWORD, roles: ['csp-manager'] };
      await api.post(admin, '/api/users', base).expect(201);
      expect((await api.post(admin, '/api/users', { ...base, email: 'SOMEONE@test.example' }).expect(409)).body.detail).toMatch(/already exists/);
      const fields = async (body: object) => (await api.post(admin, '/api/users', body).expect(400)).body.errors.map((e: { field: string }) => e.field);
      expect(await fields({ ...base, email: 'a@test.example', roles: ['emperor'] })).toEqual(['roles']);
      expect(await fields({ ...base, email: 'b@test.example', password: 'short' })).toEqual(['password']);
      expect(await fields({ ...base, email: 'c@test.example', roles: ['panel-member'] })).toEqual(['agency']);
      expect(await fields({ ...base, email: 'd@test.example', agency: 'no-such-agency' })).toEqual(['agency']);
      expect(await fields({ ...base, email: 'e@test.example', roles: [] })).toEqual(['roles']);
    });

    it('is closed to anyone but an administrator', async () => {
      const manager = await api.user(['csp-manager']);
      const res = await api.post(manager, '/api/users', { email: 'x@test.example', name: 'X', password: PASSWORD, roles: ['auditor'] }).expect(403);
      expect(res.body.detail).toMatch(/administrator/);
      const page = (await api.get(admin, '/api/users?pageSize=2').expect(200)).body;
      expect(page).toMatchObject({ page: 1, pageSize: 2 });
      expect(page.items).toHaveLength(2);
      expect(page.total).toBeGreaterThan(2);
    });

    it('creates the bootstrap administrator once, however often the product starts', async () => {
      await api.app.get(BootstrapService).onApplicationBootstrap();
      await api.app.get(BootstrapService).onApplicationBootstrap();
      const admins = await api.db.query("SELECT count(*) AS n FROM users WHERE email = $1 AND 'administrator' = ANY(roles)", [ADMIN.email]);
      expect(Number(admins.rows[0].n)).toBe(1);
    });
  });

  describe('the partnership', () => {
    it('lists the partner agencies from DOMAIN.md', async () => {
      const agencies = (await api.get(admin, '/api/agencies').expect(200)).body;
      expect(agencies.map((a: { name: string }) => a.name).sort()).toEqual(
        [
          'Cheshire Fire and Rescue',
          'Cheshire Police',
          'DWP',
          "Education/Children's Services",
          'Halton Borough Council',
          'Housing',
          'Mental Health',
          'NHS Cheshire and Merseyside',
          'Police and Crime Commissioner',
          'Probation',
          'Public Health',
          'Youth Offending Service',
        ].sort(),
      );
      const partnership = await api.db.query('SELECT name FROM partnerships');
      expect(partnership.rows).toEqual([{ name: 'Safer Halton Partnership' }]);
      const boards = await api.db.query('SELECT key, name FROM boards ORDER BY key');
      expect(boards.rows).toEqual([
        { key: 'csp', name: 'Safer Halton Partnership board' },
        { key: 'dab', name: 'Halton Domestic Abuse Board' },
      ]);
    });

    it('lists the rulesets, with the DHR stages in statutory order', async () => {
      const rulesets = (await api.get(admin, '/api/rulesets').expect(200)).body;
      const dhr = rulesets.find((r: { key: string }) => r.key === 'dhr-2016-v4');
      expect(dhr.reviewType).toBe('DHR');
      expect(dhr.stages.map((s: { key: string }) => s.key)).toEqual([
        'notification',
        'decision',
        'set-up',
        'information',
        'drafting',
        'sign-off',
        'home-office-qa',
        'publication',
        'monitoring',
        'closed',
      ]);
      expect(dhr.actions.decide).toMatchObject({ stages: ['decision'], roles: ['csp-chair'] });
    });
  });

  describe('OpenAPI', () => {
    it('publishes the schema generated from the DTOs, with the role names as an enum', async () => {
      const doc = (await api.http().get('/api/docs-json').expect(200)).body;
      expect(doc.openapi).toMatch(/^3\./);
      const roles = doc.components.schemas.CreateUserRequest.properties.roles.items;
      const roleSchema = roles.$ref ? doc.components.schemas[roles.$ref.split('/').pop()] : roles;
      expect(roleSchema.enum).toEqual([
        'csp-manager',
        'csp-chair',
        'independent-chair',
        'panel-member',
        'board-member',
        'agency-action-owner',
        'review-partner',
        'auditor',
        'administrator',
      ]);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/reviews',
          '/api/reviews/{id}',
          // One operation per action (the route stays /api/reviews/:id/actions/:action).
          '/api/reviews/{id}/actions/decide',
          '/api/reviews/{id}/actions/complete-draft',
          '/api/deadlines',
          '/api/audit/verify',
          '/api/users',
          '/api/auth/token',
        ]),
      );
      expect(doc.components.schemas.CreateReviewRequest.required).toEqual(
        expect.arrayContaining(['type', 'notifiedOn', 'dateOfDeath', 'notifyingAgency', 'victim', 'circumstances']),
      );
      await api.http().get('/api/docs').expect(200).expect('Content-Type', /html/);
    });
  });

  describe('errors', () => {
    it('answers unknown routes and bad JSON with problem documents carrying the caller’s correlation id', async () => {
      const missing = await api.get(admin, '/api/nothing-here').set('X-Correlation-Id', 'corr-123').expect(404);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(missing.body).toMatchObject({ status: 404, correlationId: 'corr-123' });
      expect(missing.headers['x-correlation-id']).toBe('corr-123');
      const bad = await api.http().post('/api/auth/token').set('Content-Type', 'application/json').send('{"email":').expect(400);
      expect(bad.body).toMatchObject({ status: 400, title: 'Bad Request' });
      expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.js/);
    });

    it('reports health without a token', async () => {
      const health = (await api.http().get('/api/health').expect(200)).body;
      expect(health.details.database.status).toBe('up');
    });
  });

  describe('the database', () => {
    it('is created when missing and migrated once', async () => {
      const name = `${TEST_DATABASE_PREFIX}${process.env.DHR_TEST_RUN}_created_${process.env.JEST_WORKER_ID}`;
      try {
        expect(await prepareDatabase(testDatabaseUrl(name))).toEqual([
          'InitialSchema1764144000000',
          'RemindersAndOutbox1764230400000',
          'BoardsRecommendationsActions1764316800000',
          'PartnershipReviewTypes1764403200000',
          'DeathsOwhrJointReviews1764489600000',
          'TenantRowSecurity1764576000000',
          'IndexableTenancy1764662400000',
          'AuditJournal1764748800000',
          'OwnedReadViews1764838800000',
          'PauseProofClocks1764925200000',
          'DeadlineNotSent1764928800000',
          'RetentionAndDisposal1764932400000',
          'Documents1765000000000',
          'Anonymisation1765003600000',
          'InformationAnswers1765010000000',
          'DocumentScanRetries1765030000000',
          'DraftUnderSignOff1765040000000',
          'Family1765100000000',
          'Proceedings1765110000000',
          'PanelMeetings1765120000000',
          'QaLetter1765130000000',
          'MailWithdrawn1765200000000',
          'WithdrawnRecommendations1765210000000',
          'IdentityVault1765300000000',
          'SignInSecurity1765310000000',
          'AccountLinksAndSecondFactors1765320000000',
          'ReviewImports1765330000000',
          'AuditCanonicalBytes1765400000000',
          'ImmutableCheckpoints1765410000000',
        ]);
        expect(await prepareDatabase(testDatabaseUrl(name))).toEqual([]);
        const exists = await onServer((c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
        expect(exists.rowCount).toBe(1);
      } finally {
        await dropDatabase(name);
      }
    });
  });
});
