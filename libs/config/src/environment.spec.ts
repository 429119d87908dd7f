import { ConfigurationError, validateEnvironment } from './environment';

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
  });

  it('requires a JWT secret in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), SESSION_SECRET: 'y'.repeat(40) }).JWT_SECRET).toHaveLength(40);
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
});
