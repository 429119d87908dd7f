import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateEnvironment } from './environment';

/**
 * docker/compose.yml runs the api and the worker with NODE_ENV=production, where the product
 * refuses to start without its secrets. No Docker engine runs here, so its settings are checked
 * as Compose would hand them over: interpolated from the operator's environment, then validated.
 */
const COMPOSE = join(__dirname, '..', '..', '..', 'docker', 'compose.yml');

/** Compose's interpolation: ${NAME}, ${NAME:-default} (unset or empty), ${NAME:?message} (required). */
function interpolate(value: string, operator: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?:(:-|:\?)([^}]*))?\}/g, (_whole, name: string, how?: string, rest?: string) => {
    const given = operator[name];
    if (given !== undefined && given !== '') return given;
    if (how === ':?') throw new Error(`${name} is required: ${rest}`);
    return how === ':-' ? (rest ?? '') : '';
  });
}

interface ComposeService {
  environment: Record<string, string>;
  stop_grace_period?: string;
}

/** The file's services, its YAML merge keys (the shared environment) applied. */
function services(): Record<string, ComposeService> {
  return (parse(readFileSync(COMPOSE, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }).services;
}

function environmentOf(service: 'api' | 'worker', operator: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(services()[service].environment).map(([key, value]) => [key, interpolate(String(value), operator)]));
}

/** What an operator sets, as the file's own messages ask: fictional keys, never real ones. */
const OPERATOR = {
  IDENTITY_KEYS: `2026a:${Buffer.alloc(32, 7).toString('base64')}`,
  IDENTITY_INDEX_KEY: Buffer.alloc(32, 9).toString('base64'),
  SESSION_SECRET: 'a-fictional-session-secret-of-more-than-32-characters',
  JWT_SECRET: 'a-fictional-token-secret-of-more-than-32-characters',
};

describe('docker/compose.yml', () => {
  it.each(['api', 'worker'] as const)('gives the %s settings it accepts in production', (service) => {
    const env = validateEnvironment(environmentOf(service, OPERATOR));
    expect(env.NODE_ENV).toBe('production');
    expect(env.SESSION_SECRET).toBe(OPERATOR.SESSION_SECRET);
    expect(env.JWT_SECRET).toBe(OPERATOR.JWT_SECRET);
  });

  it('asks the operator for every secret production needs, by name', () => {
    for (const name of Object.keys(OPERATOR)) {
      const operator: Record<string, string> = { ...OPERATOR };
      delete operator[name];
      expect(() => environmentOf('api', operator)).toThrow(new RegExp(`^${name} is required`));
    }
  });

  it('lets the api finish its requests within docker stop’s grace period', () => {
    const graceSeconds = Number(/^(\d+)s$/.exec(services().api.stop_grace_period ?? '10s')?.[1]);
    expect(validateEnvironment(environmentOf('api', OPERATOR)).SHUTDOWN_GRACE_SECONDS).toBeLessThan(graceSeconds);
  });
});
