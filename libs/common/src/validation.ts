import { ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldProblem, ValidationProblem } from './problem';

/**
 * Flattens class-validator's tree into one entry per bad field, named by its full path
 * (`victim.ageAtDeath`). A field that is simply missing is reported as required, and one sent as
 * null as needing a value, rather than with every rule it would have had to pass.
 */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    let own: FieldProblem[] = [];
    if (constraints.some(([name]) => name === 'whitelistValidation')) own = [{ field, message: 'is not a field of this request' }];
    else if (constraints.length > 0 && error.value === undefined) own = [{ field, message: 'is required' }];
    else if (constraints.length > 0 && error.value === null)
      own = [{ field, message: 'must have a value, not null (leave the field out to keep it as it is)' }];
    else if (constraints.length > 0) own = [{ field, message: constraints.map(([, message]) => unprefixed(message, error.property)).join('; ') }];
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

// class-validator starts its messages with the property name ("name must be a string"); the
// field is named separately, so the message reads better without it.
function unprefixed(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  // Values are needed to tell a missing field from a wrong one; they never reach the response.
  validationError: { target: false, value: true },
  exceptionFactory: (errors) => new ValidationProblem(fieldProblems(errors)),
};

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe(VALIDATION_OPTIONS);
}

/** Validates a plain body against a DTO class outside the pipe (e.g. per-action bodies). */
export async function validateBody<T extends object>(cls: new () => T, body: unknown): Promise<T> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw ValidationProblem.field('body', 'must be a JSON object');
  }
  const instance = plainToInstance(cls, body);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: true } });
  if (errors.length > 0) throw new ValidationProblem(fieldProblems(errors));
  return instance;
}
