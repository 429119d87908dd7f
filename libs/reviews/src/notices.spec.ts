import { NOT_YET_DECIDED, noticeOwed } from './notices';

describe('notices to the Secretary of State (PCSCA 2022 s.27)', () => {
  it('owes a further notice of the decision only after a first notice that said none was taken yet (s.27(3))', () => {
    expect(noticeOwed('decision', [])).toBe(false);
    expect(noticeOwed('decision', [{ kind: 'initial', outcome: 'under-a-duty' }])).toBe(false);
    expect(noticeOwed('decision', [{ kind: 'initial', outcome: NOT_YET_DECIDED }])).toBe(true);
  });

  it('owes the other kinds whenever their event happens', () => {
    for (const kind of ['initial', 'reversal', 'discontinuance'] as const) expect(noticeOwed(kind, [])).toBe(true);
  });
});
