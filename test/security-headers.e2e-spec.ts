import { TestApi } from './support/test-app';

const CSP_NEEDS = ["default-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'"];

/** What every answer carries, the JSON API's and the web pages' alike (issue 18, point 9). */
function expectSecurityHeaders(headers: Record<string, string>) {
  for (const directive of CSP_NEEDS) expect(headers['content-security-policy']).toContain(directive);
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('Security headers', () => {
  describe('outside development', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await TestApi.start();
    });
    afterAll(async () => {
      await api?.stop();
    });

    it('the JSON API sends CSP, HSTS, referrer policy and nosniff, on success and on error', async () => {
      const admin = await api.admin();
      for (const res of [await api.get(admin, '/api/users/me').expect(200), await api.http().get('/api/users/me').expect(401)]) {
        expectSecurityHeaders(res.headers);
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      }
    });

    it('a web page sends them too, with a fresh script nonce each time', async () => {
      const first = await api.http().get('/sign-in').expect(200);
      const second = await api.http().get('/sign-in').expect(200);
      expectSecurityHeaders(first.headers);
      expect(first.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(first.headers['content-security-policy']).not.toBe(second.headers['content-security-policy']);
    });
  });

  describe('in development', () => {
    let api: TestApi;
    const was = process.env.NODE_ENV;
    beforeAll(async () => {
      process.env.NODE_ENV = 'development';
      api = await TestApi.start();
    });
    afterAll(async () => {
      await api?.stop();
      process.env.NODE_ENV = was;
    });

    it('sends no HSTS (plain http on localhost) but every other header', async () => {
      const res = await api.http().get('/sign-in').expect(200);
      expectSecurityHeaders(res.headers);
      expect(res.headers['strict-transport-security']).toBeUndefined();
    });
  });
});
