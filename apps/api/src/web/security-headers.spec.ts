import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { helmetOptions } from './configure-web';

/** The headers helmet sets on one response, with the app's options for that environment. */
function headersFor(NODE_ENV: 'development' | 'production' | 'test'): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    locals: { cspNonce: 'bm9uY2U=' },
    setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  helmet(helmetOptions({ NODE_ENV }))({} as IncomingMessage, res, () => undefined);
  return headers;
}

describe('security headers', () => {
  it('in production: HSTS for a year, a CSP no one may frame, no referrer, nosniff', () => {
    const headers = headersFor('production');
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self' 'nonce-bm9uY2U='");
    expect(headers['content-security-policy']).toContain("form-action 'self'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('in development: the same, but no HSTS (plain http on localhost)', () => {
    const headers = headersFor('development');
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['referrer-policy']).toBe('no-referrer');
  });
});
