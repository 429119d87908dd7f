import { TestApi, TestUser } from './test-app';

/** A fictional overview report's text: names no one the product holds as protected. */
export const FICTIONAL_REPORT = 'Overview report. Fictional: Adult A was known to three agencies; the panel found risk information was not shared.\n';

/**
 * Uploads a document of `kind` (an overview report unless said) to the review as a plain-text
 * file, as the chair drafting it would; answers with the document as the API shows it.
 */
export async function uploadReport(
  api: TestApi,
  user: TestUser,
  reviewId: string,
  { kind = 'overview-report', title = 'Overview report', text = FICTIONAL_REPORT }: { kind?: string; title?: string; text?: string } = {},
): Promise<{ id: string; versions: { number: number; sha256: string }[] }> {
  const res = await api
    .http()
    .post(`/api/reviews/${reviewId}/documents`)
    .set('Authorization', `Bearer ${user.token}`)
    .field('kind', kind)
    .field('title', title)
    .attach('file', Buffer.from(text, 'utf8'), { filename: `${kind}.txt`, contentType: 'text/plain' })
    .expect(201);
  return res.body as { id: string; versions: { number: number; sha256: string }[] };
}

/** Takes an action as it would be taken on `today`: the clock is set first. */
export async function actOn(api: TestApi, user: TestUser, id: string, action: string, body: object, today: string): Promise<void> {
  api.clock.setDate(today);
  await api.action(user, id, action, body).expect(200);
}

/**
 * The board pages' seeded case: a DHR notified on 5 January 2026 taken to sign-off (held 20 Jan,
 * chair appointed, drafted 10 Feb) with one recommendation and one action owned by housing, due
 * 20 February. The clock is left on 12 February 2026. All of it fictional.
 */
export async function reviewAtSignOffWithAction(api: TestApi, people: { manager: TestUser; cspChair: TestUser; chair: TestUser }, id: string): Promise<void> {
  const { manager, cspChair, chair } = people;
  await actOn(api, cspChair, id, 'decide', { outcome: 'hold', decidedOn: '2026-01-20', rationale: 'Fictional: the criteria are met.' }, '2026-01-20');
  await actOn(api, manager, id, 'appoint-chair', { userId: chair.id, appointedOn: '2026-01-21' }, '2026-01-21');
  await actOn(api, chair, id, 'agree-terms-of-reference', { agreedOn: '2026-01-22' }, '2026-01-22');
  await actOn(api, chair, id, 'complete-information', { on: '2026-02-01' }, '2026-02-01');
  await uploadReport(api, chair, id);
  await actOn(api, chair, id, 'complete-draft', { on: '2026-02-10' }, '2026-02-10');
  api.clock.setDate('2026-02-12');
  const recommendation = await api
    .post(manager, `/api/reviews/${id}/recommendations`, {
      text: 'Fictional: share risk information sooner.',
      level: 'local',
      owningAgency: 'housing',
      themes: ['domestic-abuse-vawg'],
      outcome: 'Fictional: shared within 48 hours.',
    })
    .expect(201);
  await api
    .post(manager, `/api/reviews/${id}/recommendations/${recommendation.body.id}/actions`, {
      description: 'Fictional: train housing officers.',
      owningAgency: 'housing',
      dueOn: '2026-02-20',
    })
    .expect(201);
}
