import { inputProblems, MAX_INPUT_DEPTH } from './input-hygiene';

describe('input hygiene', () => {
  it('names each string with a NUL or a lone surrogate by its path', () => {
    expect(inputProblems({ circumstances: 'a\u0000b', victim: { pseudonym: 'Adult \ud83d' }, themes: ['ok', '\udc00x'] })).toEqual([
      { field: 'circumstances', message: 'must not contain a NUL character' },
      { field: 'victim.pseudonym', message: 'must be valid text (it has half of a character: a lone surrogate)' },
      { field: 'themes.1', message: 'must be valid text (it has half of a character: a lone surrogate)' },
    ]);
  });

  it('passes whole characters outside the basic plane, and every other value', () => {
    expect(inputProblems({ pseudonym: 'Adult 😀', age: 41, known: false, place: null, tags: [] })).toEqual([]);
  });

  it('refuses nesting deeper than the limit without walking it recursively', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const problems = inputProblems(deep);
    expect(problems).toEqual([{ field: Array(MAX_INPUT_DEPTH).fill('a').join('.'), message: `is nested too deeply (more than ${MAX_INPUT_DEPTH} levels)` }]);
  });

  it('names a field name carrying a NUL by the object holding it', () => {
    expect(inputProblems({ victim: { 'pseudo\u0000nym': 'x' } })).toEqual([
      { field: 'victim', message: 'has a field name that must not contain a NUL character' },
    ]);
  });
});
