import { NOT_YET_DECIDED, noticeOwed } from './notices';

describe('notices to the Secretary of State (PCSCA 2022 s.27)', () => {
  it('owes a further notice of the decision only after a first notice that said none was taken yet (s.27(3))', () => {
    expect(noticeOwed('decision', [])).toBe(false);
    expect(noticeOwed('decision', [{ kind: 'initial', outcome: 'under-a-duty' }])).toBe(false);
    expect(noticeOwed('decision', [{ kind: 'initial', outcome: NOT_YET_DECIDED }])).toBe(true);
  });

  it('owes a notice of a changed decision only once a notice has reported a decision (s.27(4), (6))', () => {
    expect(noticeOwed('reversal', [])).toBe(false);
    expect(noticeOwed('reversal', [{ kind: 'initial', outcome: NOT_YET_DECIDED }])).toBe(false);
    expect(noticeOwed('reversal', [{ kind: 'initial', outcome: 'under-a-duty' }])).toBe(true);
    expect(
      noticeOwed('reversal', [
        { kind: 'initial', outcome: NOT_YET_DECIDED },
        { kind: 'decision', outcome: 'not-under-a-duty' },
      ]),
    ).toBe(true);
  });

  it('owes the first notice and a discontinuance whenever their event happens', () => {
    for (const kind of ['initial', 'discontinuance'] as const) expect(noticeOwed(kind, [])).toBe(true);
  });
});
