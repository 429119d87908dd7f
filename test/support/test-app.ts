import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { Clock } from '@app/common';
import { Tenancy } from '@app/database';
import { cloneTemplate, dropDatabase, dropQueues, testDatabaseUrl } from './databases';
import { TestClock } from './test-clock';

type ModuleImport = Type<unknown> | DynamicModule;

export const ADMIN = { email: 'admin@test.example', password: 'admin-password-for-tests' };
export const PASSWORD = 'a-long-test-password';

export interface TestUser {
  id: string;
  email: string;
  token: string;
  roles: string[];
}

/**
 * The api as it runs, on a database of this test file's own (cloned from the run's migrated
 * template), with a clock the test controls. Requests go over HTTP through supertest.
 */
export class TestApi {
  private constructor(
    readonly app: INestApplication,
    readonly clock: TestClock,
    readonly databaseName: string,
    /** A superuser connection to this file's database, for looking behind the app's back. */
    readonly db: Client,
  ) {}

  /** `imports`: modules to run beside the api's own, e.g. a capability registering actions of its own. */
  static async start(options: { today?: string; imports?: ModuleImport[] } = {}): Promise<TestApi> {
    const name = await cloneTemplate();
    process.env.DATABASE_URL = testDatabaseUrl(name);
    // Queues of their own too, so test files running side by side never see each other's jobs.
    process.env.QUEUE_PREFIX = name;
    const clock = new TestClock();
    if (options.today) clock.setDate(options.today);
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule, ...(options.imports ?? [])] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    const app = configureApp(moduleRef.createNestApplication({ bufferLogs: true }));
    await app.init();
    const db = new Client({ connectionString: testDatabaseUrl(name) });
    await db.connect();
    return new TestApi(app, clock, name, db);
  }

  async stop(): Promise<void> {
    await this.db.end();
    await this.app.close();
    await dropDatabase(this.databaseName);
    await dropQueues(this.databaseName);
  }

  http() {
    return request(this.app.getHttpServer());
  }

  async token(email: string, password: string): Promise<string> {
    const res = await this.http().post('/api/auth/token').send({ email, password }).expect(200);
    return res.body.accessToken as string;
  }

  async admin(): Promise<TestUser> {
    const token = await this.token(ADMIN.email, ADMIN.password);
    const me = await this.http().get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(200);
    return { id: me.body.id, email: ADMIN.email, token, roles: me.body.roles };
  }

  /** Creates a user through the API (as the administrator) and signs them in. */
  async user(roles: string[], agency?: string, name = `Test ${roles.join(' ')}`): Promise<TestUser> {
    const admin = await this.admin();
    const email = `${roles.join('.')}.${randomBytes(3).toString('hex')}@test.example`;
    const res = await this.http()
      .post('/api/users')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ email, name, password: PASSWORD, roles, ...(agency ? { agency } : {}) })
      .expect(201);
    return { id: res.body.id, email, token: await this.token(email, PASSWORD), roles };
  }

  /** A user with the board-member role who sits on these boards (added by the administrator). */
  async boardMember(boards: string[] = ['csp', 'dab'], name?: string): Promise<TestUser> {
    const member = await this.user(['board-member'], undefined, name);
    const admin = await this.admin();
    for (const board of boards) await this.post(admin, `/api/boards/${board}/members`, { userId: member.id }).expect(201);
    return member;
  }

  /** Sets a board's quorum (and chair, when given) as the administrator. */
  async setBoard(board: string, settings: { quorum?: number; chairUserId?: string | null }): Promise<void> {
    const admin = await this.admin();
    await this.http().put(`/api/boards/${board}`).set('Authorization', `Bearer ${admin.token}`).send(settings).expect(200);
  }

  /**
   * Moves a user (made in the first partnership) to another, with the agency of that code there.
   * The product has no administration for other partnerships yet, so tests make them directly.
   */
  async moveUser(user: TestUser, partnershipId: string, agencyCode?: string): Promise<TestUser> {
    const agency = agencyCode
      ? (await this.db.query('SELECT id FROM agencies WHERE partnership_id = $1 AND code = $2', [partnershipId, agencyCode])).rows[0].id
      : null;
    await this.db.query('UPDATE users SET partnership_id = $1, agency_id = $2 WHERE id = $3', [partnershipId, agency, user.id]);
    return user;
  }

  /**
   * Runs work on the api's services directly, as the system: outside a request no partnership is
   * in scope, so the database would show the work nothing (as it would any unscoped code).
   */
  asSystem<T>(work: () => Promise<T>): Promise<T> {
    return this.app.get(Tenancy).asSystem(work);
  }

  /** Runs work on the api's services directly, scoped to one partnership as its requests are. */
  asPartnership<T>(partnershipId: string, work: () => Promise<T>): Promise<T> {
    return this.app.get(Tenancy).forPartnership(partnershipId, work);
  }

  get(user: TestUser, path: string) {
    return this.http().get(path).set('Authorization', `Bearer ${user.token}`);
  }

  post(user: TestUser, path: string, body: object) {
    return this.http().post(path).set('Authorization', `Bearer ${user.token}`).send(body);
  }

  /** A GET whose body is kept as the raw bytes (a document's content), whatever its media type. */
  download(user: TestUser, path: string) {
    return this.get(user, path)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
  }

  action(user: TestUser, reviewId: string, action: string, body: object, ifMatch?: string) {
    const req = this.post(user, `/api/reviews/${reviewId}/actions/${action}`, body);
    return ifMatch === undefined ? req : req.set('If-Match', ifMatch);
  }
}

/** A notification with fictional details; override any field. */
export function notification(overrides: Record<string, unknown> = {}) {
  return {
    type: 'DHR',
    notifiedOn: '2026-01-31',
    dateOfDeath: '2026-01-20',
    notifyingAgency: 'cheshire-police',
    victim: { pseudonym: 'Adult A', ageAtDeath: 41, sex: 'female' },
    circumstances: 'Fictional circumstances for a test.',
    ...overrides,
  };
}
