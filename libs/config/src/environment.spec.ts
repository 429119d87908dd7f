import { randomBytes } from 'node:crypto';
import { ConfigurationError, validateEnvironment } from './environment';
import { DEVELOPMENT_IDENTITY_KEYS, DEVELOPMENT_INDEX_KEY } from './identity-keys';

const identityKeys = {
  IDENTITY_KEYS: `2025b:${randomBytes(32).toString('base64')},2026a:${randomBytes(32).toString('base64')}`,
  IDENTITY_KEY_CURRENT: '2026a',
  IDENTITY_INDEX_KEY: randomBytes(32).toString('base64'),
};
import { redactUrl } from './startup';

describe('configuration from the environment', () => {
  it('has working defaults for every setting', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/dhr',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      SEED_DEMO: false,
      PARTNERSHIP_NAME: 'Safer Halton Partnership',
      JWT_EXPIRES_IN_SECONDS: 3600,
    });
  });

  it('reads numbers and booleans written as text, and treats empty values as unset', () => {
    expect(validateEnvironment({ PORT: '8080', SEED_DEMO: 'true', REDIS_URL: '' })).toMatchObject({
      PORT: 8080,
      SEED_DEMO: true,
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });

  it('names every bad setting at once', () => {
    const attempt = () => validateEnvironment({ DATABASE_URL: 'mysql://x/y', PORT: 'eighty', SEED_DEMO: 'perhaps', BOOTSTRAP_ADMIN_EMAIL: 'admin@x.example' });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(attempt).toThrow(/PORT must be a whole number/);
    expect(attempt).toThrow(/SEED_DEMO must be true or false/);
    expect(attempt).toThrow(/BOOTSTRAP_ADMIN_PASSWORD/);
    expect(attempt).toThrow(/^Configuration error: [^\n]+ Change them in the environment or in \.env\.$/);
  });

  it('defaults PUBLIC_URL to this machine at the api’s port', () => {
    expect(validateEnvironment({}).PUBLIC_URL).toBe('http://localhost:3000');
    expect(validateEnvironment({ PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(validateEnvironment({ PORT: '8080', PUBLIC_URL: 'https://reviews.example.gov.uk' }).PUBLIC_URL).toBe('https://reviews.example.gov.uk');
  });

  it('shows a service’s URL without its password or query', () => {
    expect(redactUrl('postgres://fictional:s3cr%40t@db.example:5432/dhr?sslmode=require&password=x')).toBe('postgres://fictional:***@db.example:5432/dhr');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('not a url')).toBe('(a URL that cannot be read)');
  });

  it('requires a JWT secret in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(
      validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SESSION_SECRET: 'y'.repeat(40), ...identityKeys }).JWT_SECRET,
    ).toHaveLength(40);
  });

  it('requires the identity keys in production, refusing the development ones, and reads them as id:base64 pairs', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SESSION_SECRET: 'y'.repeat(40) };
    expect(() => validateEnvironment(production)).toThrow(/IDENTITY_KEYS is required; IDENTITY_INDEX_KEY is required/);
    expect(() => validateEnvironment({ ...production, IDENTITY_KEYS: DEVELOPMENT_IDENTITY_KEYS, IDENTITY_INDEX_KEY: DEVELOPMENT_INDEX_KEY })).toThrow(
      /IDENTITY_KEYS holds the development key.*IDENTITY_INDEX_KEY is the development key/,
    );
    expect(validateEnvironment({ ...production, ...identityKeys }).IDENTITY_KEY_CURRENT).toBe('2026a');
    expect(() => validateEnvironment({ IDENTITY_KEYS: 'k1:short' })).toThrow(/IDENTITY_KEYS key k1 must be 32 bytes in base64/);
    expect(() => validateEnvironment({ IDENTITY_KEYS: 'no key here' })).toThrow(/IDENTITY_KEYS must be a comma-separated list of id:base64key/);
    expect(() => validateEnvironment({ ...identityKeys, IDENTITY_KEY_CURRENT: 'other' })).toThrow(/IDENTITY_KEY_CURRENT must be the id of one of the keys/);
    expect(() => validateEnvironment({ IDENTITY_KEY_CURRENT: '2026a' })).toThrow(/IDENTITY_KEY_CURRENT must be the id of one of the keys/);
    expect(validateEnvironment({}).IDENTITY_KEYS).toBeUndefined();
  });

  it('requires a session secret in production and reads the idle timeout in minutes', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(/SESSION_SECRET is required/);
    expect(() => validateEnvironment({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET must be at least 32 characters/);
    expect(() => validateEnvironment({ SESSION_IDLE_MINUTES: 'soon' })).toThrow(/SESSION_IDLE_MINUTES must be a whole number of minutes/);
    expect(validateEnvironment({}).SESSION_IDLE_MINUTES).toBe(30);
    expect(validateEnvironment({ SESSION_IDLE_MINUTES: '15', TRUST_PROXY: 'true' })).toMatchObject({ SESSION_IDLE_MINUTES: 15, TRUST_PROXY: true });
  });

  it('reads the documents’ size limit in bytes and their types, refusing a type it does not know', () => {
    expect(validateEnvironment({})).toMatchObject({ DOCUMENT_MAX_BYTES: 25 * 1024 * 1024, DOCUMENT_TYPES: 'pdf,docx,odt,xlsx,csv,txt,png,jpeg' });
    expect(validateEnvironment({ DOCUMENT_MAX_BYTES: '1048576', DOCUMENT_TYPES: 'pdf, png' })).toMatchObject({
      DOCUMENT_MAX_BYTES: 1048576,
      DOCUMENT_TYPES: 'pdf, png',
    });
    expect(() => validateEnvironment({ DOCUMENT_MAX_BYTES: 'big' })).toThrow(/DOCUMENT_MAX_BYTES must be a whole number of bytes/);
    expect(() => validateEnvironment({ DOCUMENT_TYPES: 'pdf,exe' })).toThrow(/DOCUMENT_TYPES must be a comma-separated list/);
  });

  it('reads clamd as a tcp:// address or a socket path, not both, and refuses anything else', () => {
    expect(validateEnvironment({})).toMatchObject({ CLAMD_URL: undefined, CLAMD_SOCKET: undefined, CLAMD_TIMEOUT_MS: 60000 });
    expect(validateEnvironment({ CLAMD_URL: 'tcp://clamav:3310', CLAMD_TIMEOUT_MS: '5000' })).toMatchObject({
      CLAMD_URL: 'tcp://clamav:3310',
      CLAMD_TIMEOUT_MS: 5000,
    });
    expect(validateEnvironment({ CLAMD_URL: 'tcp://[::1]:3310' }).CLAMD_URL).toBe('tcp://[::1]:3310');
    expect(validateEnvironment({ CLAMD_SOCKET: '/run/clamav/clamd.ctl' }).CLAMD_SOCKET).toBe('/run/clamav/clamd.ctl');
    for (const bad of ['clamav:3310', 'http://clamav:3310', 'tcp://clamav', 'tcp://clamav:70000', 'tcp://clamav:3310/x']) {
      expect(() => validateEnvironment({ CLAMD_URL: bad })).toThrow(/CLAMD_URL must be tcp:\/\/host:port/);
    }
    expect(() => validateEnvironment({ CLAMD_SOCKET: 'clamd.ctl' })).toThrow(/CLAMD_SOCKET must be the absolute path/);
    expect(() => validateEnvironment({ CLAMD_URL: 'tcp://clamav:3310', CLAMD_SOCKET: '/run/clamav/clamd.ctl' })).toThrow(
      /CLAMD_SOCKET cannot be set together with CLAMD_URL/,
    );
    expect(() => validateEnvironment({ CLAMD_TIMEOUT_MS: 'soon' })).toThrow(/CLAMD_TIMEOUT_MS must be a whole number of milliseconds/);
  });

  it('reads how often the audit chain is checkpointed for the boards, once a day by default, at most a week apart', () => {
    expect(validateEnvironment({}).AUDIT_CHECKPOINT_EVERY_MINUTES).toBe(1440);
    expect(validateEnvironment({ AUDIT_CHECKPOINT_EVERY_MINUTES: '60' }).AUDIT_CHECKPOINT_EVERY_MINUTES).toBe(60);
    for (const bad of ['0', '10081', 'daily', '1.5']) {
      expect(() => validateEnvironment({ AUDIT_CHECKPOINT_EVERY_MINUTES: bad })).toThrow(/AUDIT_CHECKPOINT_EVERY_MINUTES/);
    }
  });

  it('reads how often pending document versions are scanned again, every minute backing off to every 15 by default', () => {
    expect(validateEnvironment({})).toMatchObject({ SCAN_RETRY_INTERVAL_MS: 60000, SCAN_RETRY_MAX_INTERVAL_MS: 900000 });
    expect(validateEnvironment({ SCAN_RETRY_INTERVAL_MS: '5000', SCAN_RETRY_MAX_INTERVAL_MS: '300000' })).toMatchObject({
      SCAN_RETRY_INTERVAL_MS: 5000,
      SCAN_RETRY_MAX_INTERVAL_MS: 300000,
    });
    expect(() => validateEnvironment({ SCAN_RETRY_INTERVAL_MS: 'often' })).toThrow(/SCAN_RETRY_INTERVAL_MS must be a whole number of milliseconds/);
    expect(() => validateEnvironment({ SCAN_RETRY_MAX_INTERVAL_MS: '10' })).toThrow(/SCAN_RETRY_MAX_INTERVAL_MS/);
  });
});
