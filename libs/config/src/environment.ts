import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  ValidateIf,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import { fieldProblems, IsOptional } from '@app/common';
import { DEVELOPMENT_IDENTITY_KEYS, DEVELOPMENT_INDEX_KEY, DEVELOPMENT_KEK, isIdentityKeyText, parseIdentityKeys } from './identity-keys';

const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return value;
};
const toInteger = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : /^\d+$/.test(String(value)) ? Number(value) : value);

/** CLAMD_SOCKET and CLAMD_URL name the same clamd two ways: one of them, not both. */
@ValidatorConstraint({ name: 'notWithClamdUrl' })
class NotWithClamdUrl implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as { CLAMD_URL?: string }).CLAMD_URL === undefined;
  }

  defaultMessage(): string {
    return 'cannot be set together with CLAMD_URL: set one or the other';
  }
}

/** IDENTITY_KEYS: readable pairs, and in production none of them the development key. */
@ValidatorConstraint({ name: 'identityKeys' })
class IdentityKeysValid implements ValidatorConstraintInterface {
  private reason = '';

  validate(value: unknown, args: ValidationArguments): boolean {
    const keys = typeof value === 'string' ? parseIdentityKeys(value) : 'is required in production';
    if (typeof keys === 'string') this.reason = keys;
    else if ((args.object as Environment).NODE_ENV === 'production' && [...keys.values()].some((k) => k.toString('base64') === DEVELOPMENT_KEK))
      this.reason = 'holds the development key, which is public: make a key of your own (openssl rand -base64 32)';
    else return true;
    return false;
  }

  defaultMessage(): string {
    return this.reason;
  }
}

/** IDENTITY_KEY_CURRENT: one of the ids in IDENTITY_KEYS. */
@ValidatorConstraint({ name: 'identityKeyCurrent' })
class IdentityKeyCurrentValid implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const keys = parseIdentityKeys((args.object as Environment).IDENTITY_KEYS ?? DEVELOPMENT_IDENTITY_KEYS);
    return typeof keys === 'string' || (typeof value === 'string' && keys.has(value));
  }

  defaultMessage(): string {
    return 'must be the id of one of the keys in IDENTITY_KEYS';
  }
}

/** IDENTITY_INDEX_KEY: a base64 key, in production not the development one. */
@ValidatorConstraint({ name: 'identityIndexKey' })
class IdentityIndexKeyValid implements ValidatorConstraintInterface {
  private reason = '';

  validate(value: unknown, args: ValidationArguments): boolean {
    if (typeof value !== 'string') this.reason = 'is required in production';
    else if (!isIdentityKeyText(value)) this.reason = 'must be 32 bytes in base64 (make one with: openssl rand -base64 32)';
    else if ((args.object as Environment).NODE_ENV === 'production' && value === DEVELOPMENT_INDEX_KEY)
      this.reason = 'is the development key, which is public: make a key of your own (openssl rand -base64 32)';
    else return true;
    return false;
  }

  defaultMessage(): string {
    return this.reason;
  }
}

/**
 * Every setting the product reads from its environment, with its default. README's
 * "Configuration" section lists the same names; keep the two together.
 */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Matches(/^postgres(ql)?:\/\/[^/]+\/[A-Za-z0-9_]+(\?.*)?$/, {
    message: 'must be a postgres:// URL that names a database, e.g. postgres://postgres@127.0.0.1:5432/dhr',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dhr';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL, e.g. redis://127.0.0.1:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:1025' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'Safer Halton Partnership reviews <reviews@halton.example>';

  /** Unset, http://localhost:<PORT> (the api's port). */
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'must be the http(s) address people reach the service at, e.g. https://reviews.example.gov.uk' })
  PUBLIC_URL = 'http://localhost:3000';

  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'must be letters, digits, - or _' })
  QUEUE_PREFIX = 'dhr';

  @Transform(toInteger)
  @Min(1)
  @Max(20)
  @IsInt({ message: 'must be a whole number' })
  MAIL_ATTEMPTS = 8;

  @Transform(toInteger)
  @Min(10)
  @Max(3600000)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  MAIL_RETRY_BASE_MS = 30000;

  @Transform(toInteger)
  @Min(1)
  @Max(1440)
  @IsInt({ message: 'must be a whole number of minutes' })
  RECONCILE_EVERY_MINUTES = 15;

  /**
   * How often the worker checkpoints the audit chain's head for every board (a day by default:
   * see docs/decisions.md). Periods are counted from midnight UTC, so 1440 is each UTC day.
   */
  @Transform(toInteger)
  @Min(1)
  @Max(10080)
  @IsInt({ message: 'must be a whole number of minutes' })
  AUDIT_CHECKPOINT_EVERY_MINUTES = 1440;

  @Transform(toInteger)
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'must be a whole number' })
  PORT = 3000;

  @Transform(toInteger)
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'must be a whole number' })
  WORKER_PORT = 3001;

  @IsOptional()
  @IsEmail({}, { message: 'must be an email address' })
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @ValidateIf((env: Environment) => env.BOOTSTRAP_ADMIN_EMAIL !== undefined || env.BOOTSTRAP_ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'must be set together with BOOTSTRAP_ADMIN_EMAIL' })
  @MinLength(12, { message: 'must be at least 12 characters' })
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  SEED_DEMO = false;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  DOMESTIC_ABUSE_BOARD_NAME = 'Halton Domestic Abuse Board';

  @IsString()
  @MinLength(12, { message: 'must be at least 12 characters' })
  DEMO_PASSWORD = 'halton-demo-2026';

  /** Where the mail the service sends can be read (the quick start's local mail catcher); printed at start. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'must be the http(s) address of a mail catcher’s web page, e.g. http://localhost:1080' })
  MAIL_VIEWER_URL?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  PARTNERSHIP_NAME = 'Safer Halton Partnership';

  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'is required in production' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInteger)
  @Min(60)
  @Max(86400)
  @IsInt({ message: 'must be a whole number of seconds' })
  JWT_EXPIRES_IN_SECONDS = 3600;

  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.SESSION_SECRET !== undefined)
  @IsString({ message: 'is required in production' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  SESSION_SECRET?: string;

  @Transform(toInteger)
  @Min(1)
  @Max(720)
  @IsInt({ message: 'must be a whole number of minutes' })
  SESSION_IDLE_MINUTES = 30;

  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  TRUST_PROXY = false;

  /**
   * On SIGTERM or SIGINT the api stops taking connections and lets the requests under way finish
   * for at most this long before it closes (under `docker stop`'s 10 s before it kills).
   */
  @Transform(toInteger)
  @Min(0)
  @Max(300)
  @IsInt({ message: 'must be a whole number of seconds' })
  SHUTDOWN_GRACE_SECONDS = 8;

  /** Failed sign-ins for one email address, within the window, before further tries get 429. */
  @Transform(toInteger)
  @Min(1)
  @Max(1000)
  @IsInt({ message: 'must be a whole number' })
  SIGN_IN_ACCOUNT_LIMIT = 5;

  /** Failed sign-ins from one client address, within the window, before further tries get 429. */
  @Transform(toInteger)
  @Min(1)
  @Max(100000)
  @IsInt({ message: 'must be a whole number' })
  SIGN_IN_ADDRESS_LIMIT = 50;

  @Transform(toInteger)
  @Min(1)
  @Max(1440)
  @IsInt({ message: 'must be a whole number of minutes' })
  SIGN_IN_WINDOW_MINUTES = 15;

  /** Failed sign-ins in a row that lock an account (kept in PostgreSQL, unlocked by time or an administrator). */
  @Transform(toInteger)
  @Min(1)
  @Max(1000)
  @IsInt({ message: 'must be a whole number' })
  ACCOUNT_LOCK_AFTER = 10;

  @Transform(toInteger)
  @Min(1)
  @Max(10080)
  @IsInt({ message: 'must be a whole number of minutes' })
  ACCOUNT_LOCK_MINUTES = 60;

  @IsOptional()
  @IsString()
  @MinLength(1)
  RULESETS_DIR?: string;

  /** The largest document version accepted, in bytes (25 MiB by default); a larger upload gets 413. */
  @Transform(toInteger)
  @Min(1)
  @Max(2 * 1024 * 1024 * 1024)
  @IsInt({ message: 'must be a whole number of bytes' })
  DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;

  /** The file types documents may have, comma-separated, of pdf, docx, odt, xlsx, csv, txt, png, jpeg. */
  @Matches(/^\s*(pdf|docx|odt|xlsx|csv|txt|png|jpeg)\s*(,\s*(pdf|docx|odt|xlsx|csv|txt|png|jpeg)\s*)*$/, {
    message: 'must be a comma-separated list of pdf, docx, odt, xlsx, csv, txt, png, jpeg',
  })
  DOCUMENT_TYPES = 'pdf,docx,odt,xlsx,csv,txt,png,jpeg';

  /** clamd over TCP for virus scanning; unset (with CLAMD_SOCKET) means uploads are not scanned. */
  @IsOptional()
  @Matches(/^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(6553[0-5]|655[0-2]\d|65[0-4]\d{2}|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})$/, {
    message: 'must be tcp://host:port, e.g. tcp://127.0.0.1:3310',
  })
  CLAMD_URL?: string;

  /** clamd's unix socket (its LocalSocket), instead of CLAMD_URL. */
  @ValidateIf((env: Environment) => env.CLAMD_SOCKET !== undefined)
  @Validate(NotWithClamdUrl)
  @Matches(/^\/\S+$/, { message: "must be the absolute path of clamd's LocalSocket, e.g. /run/clamav/clamd.ctl" })
  CLAMD_SOCKET?: string;

  @Transform(toInteger)
  @Min(100)
  @Max(600000)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  CLAMD_TIMEOUT_MS = 60000;

  /**
   * How often the worker looks for versions still pending a scan, and the first wait before a
   * pending version is tried again; each further failure doubles the wait, up to
   * SCAN_RETRY_MAX_INTERVAL_MS.
   */
  @Transform(toInteger)
  @Min(100)
  @Max(3600000)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  SCAN_RETRY_INTERVAL_MS = 60000;

  /** The longest wait between two re-scans of a pending version (15 minutes by default). */
  @Transform(toInteger)
  @Min(100)
  @Max(86400000)
  @IsInt({ message: 'must be a whole number of milliseconds' })
  SCAN_RETRY_MAX_INTERVAL_MS = 900000;

  /** How long an invitation link (to set one's own password on a new account) works: 7 days by default. */
  @Transform(toInteger)
  @Min(1)
  @Max(30)
  @IsInt({ message: 'must be a whole number of days from 1 to 30' })
  INVITATION_DAYS = 7;

  /** How long a password reset link works: an hour by default. */
  @Transform(toInteger)
  @Min(5)
  @Max(1440)
  @IsInt({ message: 'must be a whole number of minutes from 5 to 1440' })
  PASSWORD_RESET_MINUTES = 60;

  /**
   * The roles whose holders must use a one-time code from an authenticator app to sign in, comma
   * separated; `none` for nobody (an empty value counts as unset, so it cannot say "nobody").
   */
  @Matches(/^(none|[a-z-]+(\s*,\s*[a-z-]+)*)$/, { message: 'must be role names separated by commas (e.g. administrator,csp-manager,csp-chair), or none' })
  TOTP_REQUIRED_ROLES = 'administrator,csp-manager,csp-chair';

  /** Single sign-on for council staff (OpenID Connect): off while unset. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'must be the http(s) address of the OpenID provider (its issuer)' })
  OIDC_ISSUER_URL?: string;

  @ValidateIf((env: Environment) => env.OIDC_ISSUER_URL !== undefined)
  @IsString({ message: 'is required when OIDC_ISSUER_URL is set' })
  OIDC_CLIENT_ID?: string;

  @ValidateIf((env: Environment) => env.OIDC_ISSUER_URL !== undefined)
  @IsString({ message: 'is required when OIDC_ISSUER_URL is set' })
  OIDC_CLIENT_SECRET?: string;

  /** Unset: PUBLIC_URL + /sign-in/council/callback. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+(\/.*)?$/, { message: 'must be the http(s) address the OpenID provider sends people back to' })
  OIDC_REDIRECT_URL?: string;

  /** Whether a council single sign-on counts as the second factor (the council's provider asks for its own). */
  @Transform(toBoolean)
  @IsBoolean({ message: 'must be true or false' })
  OIDC_COUNTS_AS_SECOND_FACTOR = false;

  /**
   * The key-encryption keys that protected identities' data keys are wrapped under, `id:base64`
   * comma-separated; unset outside production, a fixed development key.
   */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.IDENTITY_KEYS !== undefined)
  @Validate(IdentityKeysValid)
  IDENTITY_KEYS?: string;

  /** Which of IDENTITY_KEYS new data keys are wrapped under (and a rotation re-wraps every one under); unset, the last. */
  @ValidateIf((env: Environment) => env.IDENTITY_KEY_CURRENT !== undefined)
  @Validate(IdentityKeyCurrentValid)
  IDENTITY_KEY_CURRENT?: string;

  /** The key of the names' blind index (HMAC-SHA-256), base64; unset outside production, a fixed development key. */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.IDENTITY_INDEX_KEY !== undefined)
  @Validate(IdentityIndexKeyValid)
  IDENTITY_INDEX_KEY?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';
}

export const SETTINGS = [
  'NODE_ENV',
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
  'MAIL_FROM',
  'PUBLIC_URL',
  'QUEUE_PREFIX',
  'MAIL_ATTEMPTS',
  'MAIL_RETRY_BASE_MS',
  'RECONCILE_EVERY_MINUTES',
  'AUDIT_CHECKPOINT_EVERY_MINUTES',
  'PORT',
  'WORKER_PORT',
  'BOOTSTRAP_ADMIN_EMAIL',
  'BOOTSTRAP_ADMIN_PASSWORD',
  'SEED_DEMO',
  'DEMO_PASSWORD',
  'MAIL_VIEWER_URL',
  'PARTNERSHIP_NAME',
  'DOMESTIC_ABUSE_BOARD_NAME',
  'JWT_SECRET',
  'JWT_EXPIRES_IN_SECONDS',
  'SESSION_SECRET',
  'SESSION_IDLE_MINUTES',
  'TRUST_PROXY',
  'SHUTDOWN_GRACE_SECONDS',
  'SIGN_IN_ACCOUNT_LIMIT',
  'SIGN_IN_ADDRESS_LIMIT',
  'SIGN_IN_WINDOW_MINUTES',
  'ACCOUNT_LOCK_AFTER',
  'ACCOUNT_LOCK_MINUTES',
  'RULESETS_DIR',
  'DOCUMENT_MAX_BYTES',
  'DOCUMENT_TYPES',
  'CLAMD_URL',
  'CLAMD_SOCKET',
  'CLAMD_TIMEOUT_MS',
  'SCAN_RETRY_INTERVAL_MS',
  'SCAN_RETRY_MAX_INTERVAL_MS',
  'IDENTITY_KEYS',
  'IDENTITY_KEY_CURRENT',
  'IDENTITY_INDEX_KEY',
  'LOG_LEVEL',
  'INVITATION_DAYS',
  'PASSWORD_RESET_MINUTES',
  'TOTP_REQUIRED_ROLES',
  'OIDC_ISSUER_URL',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URL',
  'OIDC_COUNTS_AS_SECOND_FACTOR',
] as const;

export class ConfigurationError extends Error {}

/** Reads and checks the environment; throws one error naming every bad setting. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  // Only our own names are read; an empty value counts as unset, so the default applies.
  const present = Object.fromEntries(SETTINGS.filter((key) => raw[key] !== undefined && raw[key] !== '').map((key) => [key, raw[key]]));
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const problems = fieldProblems(validateSync(env, { validationError: { target: false, value: true }, stopAtFirstError: true }));
  if (problems.length > 0) {
    const settings = problems.map((p) => `${p.field} ${p.message}`);
    throw new ConfigurationError(`Configuration error: ${settings.join('; ')}. Change ${problems.length > 1 ? 'them' : 'it'} in the environment or in .env.`);
  }
  // Unset, the service is reached where it listens on this machine.
  if (present.PUBLIC_URL === undefined) env.PUBLIC_URL = `http://localhost:${env.PORT}`;
  return env;
}
