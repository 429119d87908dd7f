import { FieldSpec, ValidationProblem } from '@app/common';
import { formErrors, plainWords } from './forms';

const fields: FieldSpec[] = [
  { path: 'dueOn', label: 'Date due', kind: 'date' },
  { path: 'requestedOn', label: 'Date asked, if before today', kind: 'date' },
  { path: 'password', label: 'Password', kind: 'password' },
  { path: 'escalationEveryDays', label: 'Days between escalations', kind: 'number' },
];

describe('plainWords: what a person reads of a field problem (issue 17.3)', () => {
  it.each([
    ['must be longer than or equal to 12 characters', 'must be 12 characters or more'],
    ['must be shorter than or equal to 2000 characters', 'must be 2000 characters or fewer'],
    ['must not be less than 1', 'must be 1 or more'],
    ['must not be greater than 90', 'must be 90 or fewer'],
    ['must be a UUID', 'must be chosen from the list'],
    ['must not be in the future (today is 2026-03-10)', 'must not be in the future (today is 10 March 2026)'],
    ['must be the same as or after the day it was asked for (requestedOn)', 'must be the same as or after the day it was asked for'],
    ['must be after dueOn', 'must be after "date due"'],
  ])('%s → %s', (message, plain) => {
    expect(plainWords(message, fields)).toBe(plain);
  });

  it('leaves a message with nothing to change as it is, and a date that does not exist unformatted', () => {
    expect(plainWords('must be one of the agencies listed', fields)).toBe('must be one of the agencies listed');
    expect(plainWords('was 2026-02-30', fields)).toBe('was 2026-02-30');
  });

  it('is what the error summary says, while the API problem keeps its words', () => {
    const problem = new ValidationProblem([
      { field: 'password', message: 'must be longer than or equal to 12 characters' },
      { field: 'dueOn', message: 'must be the same as or after today (2026-03-10)' },
    ]);
    expect(formErrors(fields, problem).errors.map((e) => e.text)).toEqual([
      'Date due must be the same as or after today (10 March 2026)',
      'Password must be 12 characters or more',
    ]);
    expect(problem.errors[0].message).toBe('must be longer than or equal to 12 characters');
  });
});
