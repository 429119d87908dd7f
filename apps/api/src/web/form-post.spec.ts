import { ConflictProblem, ForbiddenProblem, NotFoundProblem, ValidationProblem } from '@app/common';
import { FailedForm, FormPost, submitForm } from './form-post';
import { FieldSpec } from './forms';

const FIELDS: FieldSpec[] = [
  { path: 'name', label: 'Full name', kind: 'text' },
  { path: 'password', label: 'Password', kind: 'password' },
];

/** Runs a post whose work throws `error`; what the page was shown again with, and its status. */
async function failWith(error: unknown, options: Partial<FormPost> = {}): Promise<{ failed: FailedForm; status: number } | undefined> {
  let shown: { failed: FailedForm; status: number } | undefined;
  await submitForm({
    id: 'the-form',
    fields: FIELDS,
    body: { name: '  Sam  ', password: 'secret' },
    work: () => Promise.reject(error),
    rerender: async (failed, status) => {
      shown = { failed, status };
    },
    ...options,
  });
  return shown;
}

describe('submitForm', () => {
  it('gives the work the form read as the DTO takes it, and shows nothing again when it is done', async () => {
    const work = jest.fn().mockResolvedValue(undefined);
    const rerender = jest.fn();
    await submitForm({ fields: FIELDS, body: { name: '  Sam ', password: '' }, work, rerender });
    expect(work).toHaveBeenCalledWith({ name: 'Sam' });
    expect(rerender).not.toHaveBeenCalled();
  });

  it('names each bad field for invalid-input, with the form’s prefix, and answers 400', async () => {
    const shown = await failWith(ValidationProblem.field('name', 'is required'), { prefix: 'the-form-' });
    expect(shown?.status).toBe(400);
    expect(shown?.failed).toEqual({
      id: 'the-form',
      values: { name: '  Sam  ', password: 'secret' },
      errors: { errors: [{ text: 'Enter full name', href: '#the-form-name' }], fieldErrors: { name: 'Enter full name' } },
    });
  });

  it('rewords a field’s problem when the form says how, and forgets what must not be shown again', async () => {
    const shown = await failWith(ValidationProblem.field('name', 'is odd'), {
      reword: (p) => ({ ...p, message: 'must be a name' }),
      forget: ['password'],
    });
    expect(shown?.failed.errors.errors).toEqual([{ text: 'Full name must be a name', href: '#name' }]);
    expect(shown?.failed.values).toEqual({ name: '  Sam  ' });
  });

  it('explains wrong-stage, stale-version and not-allowed in plain words, by code, with their own status', async () => {
    const explain = () => ({ what: 'Do the thing', stageLabel: 'Decision', stageName: (key: string) => key, alternativesAre: 'below' });
    const wrongStage = await failWith(new ConflictProblem('English the page never shows', { allowedActions: ['x'] }, 'wrong-stage'), { explain });
    expect(wrongStage?.status).toBe(409);
    expect(wrongStage?.failed.errors.errors).toEqual([
      { text: 'You cannot ‘do the thing’ now: this review is at the decision stage. What can be done now is shown below.', href: '#the-form' },
    ]);
    const stale = await failWith(new ConflictProblem('stale', {}, 'stale-version'), { explain });
    expect(stale?.failed.errors.errors[0].text).toContain('Someone else changed this review');
    const notAllowed = await failWith(new ForbiddenProblem('nope', { allowedRoles: ['csp-chair'] }), { explain });
    expect(notAllowed?.status).toBe(403);
    expect(notAllowed?.failed.errors.errors[0].text).toBe('You cannot ‘do the thing’: only a CSP chair may do that.');
  });

  it('says the detail of guard-failed and conflict, or the form’s own words for the code, where the form says', async () => {
    const guard = await failWith(new ConflictProblem('Record the terms of reference first.', {}, 'guard-failed'));
    expect(guard?.status).toBe(409);
    expect(guard?.failed.errors).toEqual({ errors: [{ text: 'Record the terms of reference first.', href: '#the-form' }], fieldErrors: {} });
    const taken = await failWith(new ConflictProblem('exists'), { refusalAt: { href: '#name', field: 'name' }, words: { conflict: 'That name is taken' } });
    expect(taken?.failed.errors).toEqual({ errors: [{ text: 'That name is taken', href: '#name' }], fieldErrors: { name: 'That name is taken' } });
  });

  it('rethrows anything else: not found, and errors that are not problems', async () => {
    await expect(failWith(new NotFoundProblem('No review with that id.'))).rejects.toBeInstanceOf(NotFoundProblem);
    await expect(failWith(new Error('boom'))).rejects.toThrow('boom');
  });
});
