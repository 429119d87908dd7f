import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { reviewAtSignOffWithAction } from './support/scenarios';
import { notification, TestApi, TestUser } from './support/test-app';

/**
 * No input gives a 500 (issue 18): every operation the OpenAPI document describes is sent
 * requests fast-check builds from its schema, valid-shaped and hostile (deep nesting, NUL, lone
 * surrogates, huge numbers, extreme dates, nulls, wrong types), and none may answer 5xx.
 * The seed is fixed so a failure repeats; FUZZ_SEED and FUZZ_RUNS change them.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 18_2026);
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Document = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** A value nested `depth` levels deep, built without recursion. */
function deeplyNested(depth: number): unknown {
  let value: unknown = 'Fictional';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Values no field should be able to turn into a 500. */
const HOSTILE: unknown[] = [
  null,
  '',
  ' ',
  '\u0000',
  'Fictional\u0000text',
  'Adult \ud83d',
  '\udc00',
  '0000-01-01',
  '10000-01-01',
  '9999-12-31',
  '0001-01-01',
  '2026-02-30',
  '9999-Q4',
  '0000-Q1',
  -1,
  0,
  1.5,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  '9007199254740993',
  true,
  [],
  {},
  [null],
  { a: null },
  deeplyNested(40),
  'x'.repeat(20_000),
  '=HYPERLINK("http://example.test","x")',
  "'; DROP TABLE reviews; --",
  '../../etc/passwd',
  '%00',
];

describe('Every operation of the OpenAPI document, fuzzed', () => {
  let api: TestApi;
  let user: TestUser;
  let document: Document;
  const ids: string[] = [];
  /** The ids a path parameter most likely wants, by the path it is in and its name. */
  const likely: Record<string, string[]> = { reviews: [], deaths: [], boards: ['csp', 'dab'], users: [], recommendations: [], actions: [] };
  const likelyFor = (path: string, name: string): string[] => {
    const segments = path.split('/');
    const collection = name === 'id' ? segments[segments.indexOf('{id}') - 1] : name.replace(/Id$/, 's');
    return likely[collection] ?? [];
  };

  const resolve = (schema: Schema | undefined): Schema => {
    let current = schema ?? {};
    for (let i = 0; current.$ref && i < 20; i++) current = document.components?.schemas?.[current.$ref.split('/').pop()!] ?? {};
    return current;
  };

  // null most of all: class-validator's own IsOptional let it past every rule.
  const hostile = fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) });
  const anyId = () =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...ids, 'csp', 'dab', 'DHR', 'OWHR') },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constantFrom('not-an-id', '%00', '..') },
    );

  /** Values shaped like the schema (mostly valid), now and then a hostile one in their place. */
  const valueOf = (raw: Schema | undefined, depth = 0): fc.Arbitrary<unknown> => {
    const schema = resolve(raw);
    const shaped = shapedValueOf(schema, depth);
    return fc.oneof({ weight: 9, arbitrary: shaped }, { weight: 1, arbitrary: hostile });
  };

  const shapedValueOf = (schema: Schema, depth: number): fc.Arbitrary<unknown> => {
    const alternatives = schema.allOf ?? schema.oneOf ?? schema.anyOf;
    if (alternatives?.length)
      return schema.allOf ? objectOf(mergeAll(schema.allOf.map(resolve)), depth) : fc.oneof(...alternatives.map((s) => valueOf(s, depth + 1)));
    if (schema.enum?.length) return fc.constantFrom(...schema.enum);
    if (depth > 4) return fc.constant('Fictional');
    switch (schema.type) {
      case 'string':
        if (schema.format === 'date')
          return fc.oneof(
            fc.date({ min: new Date('2020-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
            fc.constantFrom('0000-01-01', '9999-12-31', '10000-01-01', '2026-02-29'),
          );
        if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
        if (schema.format === 'uuid') return anyId();
        if (schema.format === 'email') return fc.constantFrom('someone@test.example', 'adult\ud83d@test.example', 'not-an-email');
        return fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('Fictional text', 'local', 'csp', 'housing', 'cheshire-police'));
      case 'integer':
      case 'number':
        return fc.oneof(
          fc.integer({ min: schema.minimum ?? -10, max: Math.min(schema.maximum ?? 1000, 1_000_000) }),
          fc.constantFrom(2 ** 53 + 2, -(2 ** 31), 1e21),
        );
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueOf(schema.items, depth + 1), { maxLength: 3 });
      default:
        return objectOf(schema, depth);
    }
  };

  const mergeAll = (schemas: Schema[]): Schema => ({
    properties: Object.assign({}, ...schemas.map((s) => s.properties ?? {})),
    required: schemas.flatMap((s) => s.required ?? []),
  });

  const objectOf = (schema: Schema, depth: number): fc.Arbitrary<unknown> => {
    const properties = schema.properties ?? {};
    if (Object.keys(properties).length === 0) return fc.dictionary(fc.string({ maxLength: 8 }), hostile, { maxKeys: 3 });
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of Object.entries(properties)) record[name] = valueOf(property, depth + 1);
    return fc.record(record, { requiredKeys: [] });
  };

  const queryValue = (schema: Schema | undefined) =>
    fc.oneof(
      { weight: 4, arbitrary: shapedValueOf(resolve(schema), 3).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))) },
      { weight: 1, arbitrary: fc.constantFrom('\u0000', 'Adult \ud83d', '9007199254740993', '-1', '0000-01-01', '10000-Q1', '9999-Q4', '', 'x'.repeat(5000)) },
    );

  beforeAll(async () => {
    api = await TestApi.start({ today: '2026-01-05' });
    const admin = await api.admin();
    const manager = await api.user(['csp-manager']);
    const cspChair = await api.user(['csp-chair']);
    const chair = await api.user(['independent-chair']);
    // One person who may reach most operations: the roles of running the reviews and of administering them.
    user = await api.user(['csp-manager', 'csp-chair', 'administrator', 'auditor']);
    const review = await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-01-05', dateOfDeath: '2026-01-01' })).expect(201);
    await reviewAtSignOffWithAction(api, { manager, cspChair, chair }, review.body.id);
    const fresh = await api.post(manager, '/api/reviews', notification({ notifiedOn: '2026-02-12', dateOfDeath: '2026-02-01' })).expect(201);
    ids.push(review.body.id, fresh.body.id, review.body.death.id, admin.id, chair.id, randomUUID());
    likely.reviews.push(review.body.id, fresh.body.id);
    likely.deaths.push(review.body.death.id, fresh.body.death.id);
    likely.users.push(admin.id, chair.id, manager.id);
    const recommendations = await api.get(manager, `/api/reviews/${review.body.id}/recommendations`).expect(200);
    for (const r of recommendations.body as { id: string; actions?: { id: string }[] }[]) {
      ids.push(r.id, ...(r.actions ?? []).map((a) => a.id));
      likely.recommendations.push(r.id);
      likely.actions.push(...(r.actions ?? []).map((a) => a.id));
    }
    document = (await api.http().get('/api/docs-json').expect(200)).body as Document;
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('answers no request with a 5xx', async () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    let sent = 0;

    for (const { path, method, operation } of operations) {
      const parameters = operation.parameters ?? [];
      const pathParameters = parameters.filter((p) => p.in === 'path');
      const queryParameters = parameters.filter((p) => p.in === 'query');
      const json = operation.requestBody?.content?.['application/json']?.schema;
      const request = fc.record({
        pathValues: fc.tuple(
          ...pathParameters.map((p) => {
            const wanted = likelyFor(path, p.name);
            return fc.oneof(
              { weight: wanted.length ? 8 : 0, arbitrary: fc.constantFrom(...(wanted.length ? wanted : ['none'])) },
              { weight: 3, arbitrary: anyId() },
              { weight: 1, arbitrary: fc.constantFrom('\u0000', 'x'.repeat(300)) },
            );
          }),
        ),
        query: fc.record(Object.fromEntries(queryParameters.map((p) => [p.name, queryValue(p.schema)])), { requiredKeys: [] }),
        body: json ? valueOf(json) : fc.constant(undefined),
      });
      // First, each property of the body alone as null (on the likeliest ids): the commonest way a 500 got through.
      const properties = Object.keys(mergeAll([resolve(json), ...(resolve(json).allOf ?? []).map(resolve)]).properties ?? {});
      for (const property of json ? properties : []) {
        let url = path;
        for (const p of pathParameters) url = url.replace(`{${p.name}}`, likelyFor(path, p.name)[0] ?? ids[0]);
        const res = await api
          .http()
          [method as 'post' | 'put' | 'patch'](url)
          .set('Authorization', `Bearer ${user.token}`)
          .send({ [property]: null });
        sent++;
        if (res.status >= 500) failures.push(`${method.toUpperCase()} ${url} with ${property}: null answered ${res.status}`);
      }
      try {
        await fc.assert(
          fc.asyncProperty(request, async ({ pathValues, query, body }) => {
            let url = path;
            pathParameters.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(pathValues[i] as string))));
            const call = api
              .http()
              [method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url)
              .set('Authorization', `Bearer ${user.token}`)
              .query(query as Record<string, string>);
            const res = body === undefined ? await call : await call.set('Content-Type', 'application/json').send(JSON.stringify(body));
            sent++;
            if (res.status >= 500) throw new Error(`${method.toUpperCase()} ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
      } catch (error) {
        failures.push(`${method.toUpperCase()} ${path} (seed ${SEED}): ${(error as Error).message.split('\n').slice(0, 6).join(' | ')}`);
      }
    }
    // Every operation was tried, and none answered 5xx: the failures name each with its seed and counterexample.
    expect(sent).toBeGreaterThanOrEqual(operations.length);
    expect(failures).toEqual([]);
  }, 600_000);
});
