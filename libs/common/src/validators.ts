import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { registerDecorator, ValidationOptions } from 'class-validator';
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
