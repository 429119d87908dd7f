import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  /** The field's path in the request, e.g. `victim.pseudonym`. */
  field: string;
  message: string;
}

/**
 * The kinds of problem the API answers with. A client (the web pages, the tests, a partner's
 * system) decides on `code`, never on the English of `detail`. Each code's `type` is
 * `urn:dhr-reviews:problem:<code>`; docs/api.md#problems lists them with what each carries.
 */
export const PROBLEM_CODES = {
  'invalid-input': {
    status: 400,
    meaning: 'The request is wrong: `errors` names each bad field, or the body could not be read as JSON at all. Nothing was changed.',
  },
  'not-signed-in': { status: 401, meaning: 'No valid bearer token or session: sign in first.' },
  'not-allowed': { status: 403, meaning: 'You may see this but not do this: `allowedRoles` (where given) says who may.' },
  'not-found': { status: 404, meaning: 'No such thing, or not one you may see (a review you may not see does not exist for you).' },
  'wrong-stage': {
    status: 409,
    meaning: 'The action is not allowed at the review’s stage or status: `currentStage`, `reviewStatus` and `allowedActions` say what is.',
  },
  'stale-version': { status: 409, meaning: 'The review changed since you read it (If-Match): `currentVersion` is its version now. Read it again and retry.' },
  'guard-failed': { status: 409, meaning: 'A precondition of the action is not met yet: `guard` names it, and the detail says what to do first.' },
  conflict: { status: 409, meaning: 'The request conflicts with what is recorded (already done, already exists, or no longer possible).' },
  'too-many-attempts': {
    status: 429,
    meaning: 'Too many failed sign-ins for that email address or from your address: `Retry-After` (and `retryAfterSeconds`) says how long to wait.',
  },
  'totp-required': {
    status: 401,
    meaning: 'The email and password are right, but this account also needs a code from its authenticator app: send `totpCode` (or a `recoveryCode`).',
  },
  'totp-enrolment-required': {
    status: 403,
    meaning: 'The email and password are right, but this account must set up an authenticator app first: sign in on the web pages once to do it.',
  },
  'too-large': { status: 413, meaning: 'The request body is larger than the service accepts.' },
  'mail-not-sent': {
    status: 503,
    meaning: 'A mail that had to go at once (a link to set a password) could not be sent; nothing was changed. Try again later.',
  },
  'internal-error': { status: 500, meaning: 'Something went wrong on our side; nothing is said about it but the correlation id to quote.' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** The `type` URI of a problem code (RFC 9457 §3.1.1). */
export function problemType(code: ProblemCode): string {
  return `urn:dhr-reviews:problem:${code}`;
}

/** A problem code for a bare HTTP status (errors Nest or Express raise themselves). */
export function codeForStatus(status: number): ProblemCode {
  if (status === 401) return 'not-signed-in';
  if (status === 403) return 'not-allowed';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'too-large';
  if (status === 429) return 'too-many-attempts';
  if (status >= 500) return 'internal-error';
  return 'invalid-input';
}

/**
 * An error that leaves the API as an RFC 9457 problem document. `extensions` become extra
 * members of the document (e.g. `currentStage`, `allowedActions`, `errors`).
 */
export class Problem extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
    /** HTTP headers the answer carries besides the problem document (e.g. `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail, status);
  }
}

/** A 429: too many failed sign-ins; `Retry-After` says in how many seconds to try again. */
export class TooManyAttemptsProblem extends Problem {
  constructor(readonly retryAfterSeconds: number) {
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      'too-many-attempts',
      'Too many attempts',
      'Too many failed sign-ins: wait before trying again.',
      { retryAfterSeconds },
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

export class NotFoundProblem extends Problem {
  constructor(detail: string) {
    super(HttpStatus.NOT_FOUND, 'not-found', 'Not found', detail);
  }
}

export class ForbiddenProblem extends Problem {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(HttpStatus.FORBIDDEN, 'not-allowed', 'Not allowed', detail, extensions);
  }
}

/** A 409: by default a plain `conflict`; the review's pipeline names `wrong-stage`, `stale-version` and `guard-failed`. */
export class ConflictProblem extends Problem {
  constructor(
    detail: string,
    extensions: Record<string, unknown> = {},
    code: Extract<ProblemCode, 'conflict' | 'wrong-stage' | 'stale-version' | 'guard-failed'> = 'conflict',
  ) {
    super(HttpStatus.CONFLICT, code, TITLES[code], detail, extensions);
  }
}

const TITLES = {
  conflict: 'Conflict',
  'wrong-stage': 'Not allowed at this stage',
  'stale-version': 'Changed since you read it',
  'guard-failed': 'Not ready yet',
};

export class UnauthorizedProblem extends Problem {
  constructor(detail: string) {
    super(HttpStatus.UNAUTHORIZED, 'not-signed-in', 'Not signed in', detail);
  }
}

export class ValidationProblem extends Problem {
  constructor(readonly errors: FieldProblem[]) {
    super(HttpStatus.BAD_REQUEST, 'invalid-input', 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }

  static field(field: string, message: string): ValidationProblem {
    return new ValidationProblem([{ field, message }]);
  }
}
