import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface ProviderAccount {
  email: string;
  email_verified: boolean;
}

/**
 * The real OpenID provider of oidc-provider.mjs, run as a child process (the package is ESM-only;
 * jest here runs CommonJS), with one client registered for the test's redirect URL.
 */
export class OidcTestProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
  ) {}

  static async start(options: {
    clientId: string;
    clientSecret: string;
    redirectUri: string;
    accounts: Record<string, ProviderAccount>;
  }): Promise<OidcTestProvider> {
    const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: { ...process.env, OIDC_TEST_CONFIG: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const issuer = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const line = out.split('\n').find((one) => one.startsWith('{'));
        if (line) resolve((JSON.parse(line) as { issuer: string }).issuer);
      });
      child.on('exit', (code) => reject(new Error(`The OpenID provider stopped (${code}): ${errors}`)));
    });
    return new OidcTestProvider(child, issuer);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

/**
 * A person's browser at the provider, over plain HTTP: keeps its cookies, follows its redirects
 * one by one, and posts its login and consent forms.
 */
export class ProviderVisit {
  private readonly cookies = new Map<string, string>();

  private async request(url: string, form?: Record<string, string>): Promise<Response> {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const header of res.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /**
   * From the authorisation URL the product sent the person to, through the provider's login (as
   * `login`) and consent, to the URL the provider sends them back to (the product's callback).
   */
  async signIn(authorisationUrl: string, login: string, redirectUri: string): Promise<URL> {
    let url = authorisationUrl;
    let form: Record<string, string> | undefined;
    for (let hop = 0; hop < 20; hop += 1) {
      const res = await this.request(url, form);
      form = undefined;
      const location = res.headers.get('location');
      if (location) {
        const next = new URL(location, url);
        if (next.href.startsWith(redirectUri)) return next;
        url = next.href;
        continue;
      }
      const page = await res.text();
      if (res.status !== 200) throw new Error(`The provider answered ${res.status}: ${page.slice(0, 500)}`);
      if (page.includes('name="login"')) form = { prompt: 'login', login, password: 'any password will do' };
      else if (page.includes('value="consent"')) form = { prompt: 'consent' };
      else throw new Error(`An unexpected page at the provider: ${page.slice(0, 500)}`);
      url = new URL(/action="([^"]+)"/.exec(page)![1], url).href;
    }
    throw new Error('Too many redirects at the provider');
  }
}
