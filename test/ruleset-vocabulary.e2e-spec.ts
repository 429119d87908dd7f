import { Test } from '@nestjs/testing';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ApiModule } from '../apps/api/src/api.module';
import { RulesetError } from '@app/rulesets';
import { cloneTemplate, dropDatabase, dropQueues, testDatabaseUrl } from './support/databases';

const FIXTURES = join(__dirname, 'fixtures', 'rulesets');

describe('Ruleset vocabulary at start', () => {
  let folder: string;
  let database: string;

  beforeAll(async () => {
    // An edition dropped into RULESETS_DIR with one guard misspelt: a 500 on the day someone
    // takes the action, unless the start refuses it.
    const edition = JSON.parse(readFileSync(join(FIXTURES, 'dhr-test-edition.json'), 'utf8'));
    edition.key = 'dhr-2027';
    edition.actions['agree-terms-of-reference'].guards = ['chair-apointed'];
    folder = mkdtempSync(join(tmpdir(), 'rulesets-'));
    writeFileSync(join(folder, 'dhr-2027.json'), JSON.stringify(edition, null, 2));
    process.env.RULESETS_DIR = folder;
    database = await cloneTemplate();
    process.env.DATABASE_URL = testDatabaseUrl(database);
    process.env.QUEUE_PREFIX = database;
  });
  afterAll(async () => {
    delete process.env.RULESETS_DIR;
    rmSync(folder, { recursive: true, force: true });
    await dropDatabase(database);
    await dropQueues(database);
  });

  it('refuses to start, naming the guard, the file and the JSON path of the mistake', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      const start = app.init();
      await expect(start).rejects.toThrow(RulesetError);
      await expect(start).rejects.toThrow(
        `${join(folder, 'dhr-2027.json')}: $.actions['agree-terms-of-reference'].guards[0]: unknown guard 'chair-apointed' (known: chair-appointed, `,
      );
    } finally {
      await app.close();
    }
    // Nothing from the refused start was stored, not even the sound editions that ship.
    const db = new Client({ connectionString: testDatabaseUrl(database) });
    await db.connect();
    try {
      expect((await db.query('SELECT key FROM rulesets')).rows).toEqual([]);
    } finally {
      await db.end();
    }
  });
});
