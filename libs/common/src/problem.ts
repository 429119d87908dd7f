import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldProblem {
  /** The field's path in the request, e.g. `victim.pseudonym`. */
  field: string;
  message: string;
}

/**
 * An error that leaves the API as an RFC 9457 problem document. `extensions` become extra
 * members of the document (e.g. `currentStage`, `allowedActions`, `errors`).
 */
export class Problem extends HttpException {
  constructor(
    status: HttpStatus,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail, status);
  }
}

export class NotFoundProblem extends Problem {
  constructor(detail: string) {
    super(HttpStatus.NOT_FOUND, 'Not found', detail);
  }
}

export class ForbiddenProblem extends Problem {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(HttpStatus.FORBIDDEN, 'Not allowed', detail, extensions);
  }
}

export class ConflictProblem extends Problem {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(HttpStatus.CONFLICT, 'Conflict', detail, extensions);
  }
}

export class UnauthorizedProblem extends Problem {
  constructor(detail: string) {
    super(HttpStatus.UNAUTHORIZED, 'Not signed in', detail);
  }
}

export class ValidationProblem extends Problem {
  constructor(readonly errors: FieldProblem[]) {
    super(HttpStatus.BAD_REQUEST, 'Invalid request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }

  static field(field: string, message: string): ValidationProblem {
    return new ValidationProblem([{ field, message }]);
  }
}
