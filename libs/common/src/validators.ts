import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';
import { isCalendarDate } from './calendar-date';

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'must be a real date written YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isCalendarDate(value) },
    });
}

/** A calendar date field, validated and documented in the OpenAPI schema in one go. */
export function CalendarDateField(description: string, options: Partial<ApiPropertyOptions> = {}): PropertyDecorator {
  return applyDecorators(IsCalendarDate(), ApiProperty({ type: String, format: 'date', example: '2026-03-14', description, ...options } as ApiPropertyOptions));
}

/**
 * A field that may be left out. Unlike class-validator's own IsOptional, only a missing field is
 * skipped: an explicit `null` is validated like any other value, so a field's rules refuse it with
 * a 400 naming the field, unless `nullable` says null means "none" (the service then saves it as
 * cleared). Every DTO uses this one (eslint refuses class-validator's).
 */
export function IsOptional(options: { nullable?: boolean } = {}): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined && !(options.nullable === true && value === null));
}
