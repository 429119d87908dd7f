import { ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldProblem, ValidationProblem } from './problem';

/** Flattens class-validator's tree into one entry per bad field, named by its full path. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? 'is not a field of this request' : unprefixed(message, error.property),
    }));
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
  validationError: { target: false, value: false },
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
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length > 0) throw new ValidationProblem(fieldProblems(errors));
  return instance;
}
