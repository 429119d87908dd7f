import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { cloneTemplate, dropDatabase, dropQueues, testDatabaseUrl } from './support/databases';

describe('The worker', () => {
  let app: INestApplication;
  let database: string;

  beforeAll(async () => {
    database = await cloneTemplate();
    process.env.DATABASE_URL = testDatabaseUrl(database);
    process.env.QUEUE_PREFIX = database;
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await dropDatabase(database);
    await dropQueues(database);
  });

  it('answers /health with the database and Redis both up', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, redis: { status: 'up' }, queues: { status: 'up' } } });
    for (const queue of ['reminders', 'mail']) {
      expect(res.body.details.queues[queue]).toEqual(
        expect.objectContaining({ waiting: expect.any(Number), delayed: expect.any(Number), active: expect.any(Number), failed: 0 }),
      );
    }
  });

  it('serves nothing but /health: no route of the api, signed in or not', async () => {
    for (const path of [
      '/api/reviews',
      '/reviews',
      '/rulesets',
      '/audit/verify',
      '/admin/review-types',
      '/admin/outbox',
      '/boards',
      '/agencies',
      '/partnerships',
      '/deaths',
      '/',
      '/sign-in',
      '/my-work',
      '/accessibility',
      '/stylesheets/govuk-frontend.min.css',
    ]) {
      await request(app.getHttpServer()).get(path).expect(404);
    }
  });
});
