import type { Request } from 'express';

/** The JSON API lives under /api; every other path is a web page (or its assets). */
export function isApiRequest(req: Pick<Request, 'path'>): boolean {
  return req.path === '/api' || req.path.startsWith('/api/');
}

/**
 * Where to go after signing in: only a path on this service, never another site
 * (`//evil.example` and `/\evil.example` are other sites to a browser).
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || isApiRequest({ path: value }))
    return '/my-work';
  return value;
}
