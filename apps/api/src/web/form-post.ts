import { FieldProblem, Problem, ProblemCode, ValidationProblem } from '@app/common';
import { FieldSpec, formErrors, FormErrors, FormValues, readForm } from './forms';
import { explainRefusal, RefusalContext } from './refusals';

/** A form that failed, to show again on its page with what was typed and what was wrong. */
export interface FailedForm {
  /** The form's id on its page (a page of several forms opens this one). */
  id: string;
  values: FormValues;
  errors: FormErrors;
}

/** Where a refusal of the whole form is shown: the summary's link, and the field it stands beside (if any). */
export interface RefusalPlace {
  href: string;
  field?: string;
}

export interface FormPost {
  /** The form's id on its page; its fields' ids start with `prefix`. */
  id?: string;
  prefix?: string;
  fields: FieldSpec[];
  /** The posted body, as the browser sent it. */
  body: Record<string, unknown>;
  /** The work: validate the data, do it, and answer (a redirect, usually). Any problem it raises is handled below. */
  work: (data: Record<string, unknown>) => Promise<void>;
  /** Shows the page again with the failed form, answering with `status`. */
  rerender: (failed: FailedForm, status: number) => Promise<void>;
  /** Where a refusal (not a field's mistake) is shown; the form's own id by default. */
  refusalAt?: RefusalPlace;
  /** Where a refusal's link in the error summary goes instead, for a problem that names a better place (a guard's page to put it right). */
  refusalHref?: (problem: Problem) => string | undefined;
  /** What was tried and where the review stands, to say a wrong-stage, stale-version or not-allowed refusal in plain words. */
  explain?: (problem: Problem) => RefusalContext | Promise<RefusalContext>;
  /** Words for a code this form knows better than the service's detail (e.g. `conflict` on a new user: the email is taken). */
  words?: Partial<Record<ProblemCode, string>>;
  /** A field's problem in the form's own words. */
  reword?: (problem: FieldProblem) => FieldProblem;
  /** Fields never shown again as typed (a password). */
  forget?: string[];
}

/** The codes a form shows on its page; any other problem (not found, too large...) goes to the error page. */
const REFUSALS_EXPLAINED: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['wrong-stage', 'stale-version', 'not-allowed']);
const REFUSALS_AS_SAID: ReadonlySet<ProblemCode> = new Set<ProblemCode>(['guard-failed', 'conflict', 'mail-not-sent']);

/**
 * Handles a posted form: reads it (`readForm`), runs the work, and on a problem shows the form
 * again with the GOV.UK error summary, deciding by the problem's code: `invalid-input` names
 * each bad field (400); `wrong-stage`, `stale-version` and `not-allowed` are explained in plain
 * words (`explainRefusal`); `guard-failed` and `conflict` say the service's detail. The status is
 * the problem's own. Anything else is rethrown, for the error page.
 */
export async function submitForm(post: FormPost): Promise<void> {
  const { data, values } = readForm(post.fields, post.body);
  try {
    await post.work(data);
  } catch (error) {
    const errors = await errorsOf(error, post);
    if (!errors) throw error;
    for (const name of post.forget ?? []) delete values[name];
    return post.rerender({ id: post.id ?? '', values, errors }, (error as Problem).getStatus());
  }
}

async function errorsOf(error: unknown, post: FormPost): Promise<FormErrors | null> {
  if (!(error instanceof Problem)) return null;
  if (error.code === 'invalid-input') {
    const problems = error.extensions.errors as FieldProblem[] | undefined;
    if (problems?.length) return formErrors(post.fields, new ValidationProblem(post.reword ? problems.map(post.reword) : problems), post.prefix);
    return refusal(post.words?.[error.code] ?? error.detail, post);
  }
  if (REFUSALS_EXPLAINED.has(error.code)) {
    const explained = post.explain ? explainRefusal(error, await post.explain(error)) : null;
    return refusal(post.words?.[error.code] ?? explained ?? error.detail, post);
  }
  if (REFUSALS_AS_SAID.has(error.code)) return refusal(post.words?.[error.code] ?? error.detail, post, post.refusalHref?.(error));
  return null;
}

function refusal(text: string, post: FormPost, href?: string): FormErrors {
  const place = href ? { href } : (post.refusalAt ?? { href: post.id ? `#${post.id}` : '#main-content' });
  return { errors: [{ text, href: place.href }], fieldErrors: place.field ? { [place.field]: text } : {} };
}
