import type { NextFunction, Request, Response } from 'express';
import { FieldProblem, NotFoundProblem, ValidationProblem } from './problem';

/**
 * The deepest nesting of objects and arrays a request may carry. No request the product takes
 * nests deeper than four or five levels; the limit is generous so that it only stops abuse
 * (a body 5,000 levels deep that would exhaust a recursive walk further on).
 */
export const MAX_INPUT_DEPTH = 32;

/** A UTF-16 code unit with no partner: a high surrogate not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with one string of a request, or null: PostgreSQL cannot store a NUL, and a lone surrogate is not text. */
export function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(value)) return 'must be valid text (it has half of a character: a lone surrogate)';
  return null;
}

/**
 * Every NUL, lone surrogate and too-deep nesting in a parsed request body or query, each named by
 * its field path (`victim.pseudonym`, `themes.0`) as the validation pipe names fields. The walk is
 * iterative, so a deep value cannot exhaust the stack; it stops at the first ten problems.
 */
export function inputProblems(input: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: input, path: root, depth: 0 }];
  while (stack.length > 0 && problems.length < 10) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = stringProblem(value);
      if (problem) problems.push({ field: path || 'body', message: problem });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({ field: path || 'body', message: `is nested too deeply (more than ${MAX_INPUT_DEPTH} levels)` });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = stringProblem(key);
      if (keyProblem) {
        problems.push({ field: path || 'body', message: `has a field name that ${keyProblem}` });
        continue;
      }
      stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return problems.reverse();
}

/**
 * Refuses, before any route sees it, a request whose body or query carries a NUL, a lone
 * surrogate or nesting deeper than MAX_INPUT_DEPTH: a 400 `invalid-input` naming each field. It
 * must run after the body parsers. A path with a NUL in it names nothing: 404.
 */
export function inputHygieneMiddleware(req: Request, _res: Response, next: NextFunction): void {
  if (/%00/.test(req.path)) return next(new NotFoundProblem('Nothing is at that address.'));
  const problems = [...inputProblems(req.query), ...(req.body === undefined ? [] : inputProblems(req.body))];
  if (problems.length > 0) return next(new ValidationProblem(problems));
  next();
}
