import request from 'supertest';
import { TestApi } from './test-app';

/**
 * A cookie-keeping client for the web pages over plain HTTP (no browser): follows no redirects,
 * so tests see each 303, and reads the CSRF token out of the page it was given.
 */
export class WebClient {
  private readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page read that had a form. */
  csrfToken = '';

  constructor(private readonly api: TestApi) {}

  private remember(res: request.Response): request.Response {
    const setCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    for (const header of setCookies) {
      const [pair] = header.split(';');
      const [name, ...rest] = pair.split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.text ?? '');
    if (token) this.csrfToken = token[1];
    return res;
  }

  /** The Cookie header this session sends, for a request made around the client (e.g. a download's raw bytes). */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  async get(path: string): Promise<request.Response> {
    return this.remember(await this.api.http().get(path).set('Cookie', this.cookieHeader()));
  }

  /** Posts a form as a browser would, with this session's CSRF token unless `csrf: false`. */
  async post(path: string, form: Record<string, string | string[]>, options: { csrf?: boolean } = {}): Promise<request.Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) for (const one of ([] as string[]).concat(value)) body.append(name, one);
    if (options.csrf !== false) body.set('_csrf', this.csrfToken);
    return this.remember(await this.api.http().post(path).set('Cookie', this.cookieHeader()).type('form').send(body.toString()));
  }

  /**
   * Posts a multipart form with one file, as a browser would: this session's CSRF token first
   * (unless `csrf: false`), then the fields, then the file.
   */
  async postFile(
    path: string,
    fields: Record<string, string>,
    file: { content: Buffer; filename: string; contentType?: string },
    options: { csrf?: boolean } = {},
  ): Promise<request.Response> {
    const req = this.api.http().post(path).set('Cookie', this.cookieHeader());
    if (options.csrf !== false) req.field('_csrf', this.csrfToken);
    for (const [name, value] of Object.entries(fields)) req.field(name, value);
    req.attach('file', file.content, { filename: file.filename, contentType: file.contentType ?? 'application/octet-stream' });
    return this.remember(await req);
  }

  /** Signs in through the sign-in page and opens the page it leads to, as a browser would. */
  async signIn(email: string, password: string, returnTo?: string): Promise<request.Response> {
    await this.get(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : '/sign-in');
    const res = await this.post('/sign-in', { email, password, ...(returnTo ? { returnTo } : {}) });
    if (res.status !== 303) throw new Error(`Sign-in failed with ${res.status}`);
    return this.get(res.headers.location as string);
  }
}

/** The text of a page without its tags, spaces collapsed: for asserting what a person reads. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
