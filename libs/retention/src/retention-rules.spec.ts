import { describeRetention, disposalDueOn, effectiveRetention } from './retention-rules';

describe('retention rules', () => {
  const rulesetRule = { years: 6, after: 'closure' as const, source: [{ kind: 'local-practice' as const, cite: 'Devon County Council retention schedule' }] };

  it("takes the ruleset's rule, unless the partnership set a period of its own", () => {
    expect(effectiveRetention(rulesetRule, null)).toEqual({ ...rulesetRule, partnershipSetting: false, setBy: null, setAt: null });
    const setting = { years: 10, setBy: { id: 'u1', name: 'Fictional Administrator' }, setAt: new Date('2026-03-02T10:00:00Z') };
    expect(effectiveRetention(rulesetRule, setting)).toMatchObject({
      years: 10,
      after: 'closure',
      partnershipSetting: true,
      setBy: setting.setBy,
      setAt: '2026-03-02T10:00:00.000Z',
      source: [{ kind: 'local-practice', cite: expect.stringContaining('2026-03-02') }],
    });
    expect(effectiveRetention(undefined, setting)?.years).toBe(10);
  });

  it('has no rule at all when neither the ruleset nor the partnership names one: never due', () => {
    expect(effectiveRetention(undefined, null)).toBeNull();
    expect(describeRetention(null)).toMatch(/never due/);
    expect(describeRetention({ years: 6, after: 'closure' })).toBe('6 years after closure');
    expect(describeRetention({ years: 1, after: 'closure' })).toBe('1 year after closure');
  });

  it('falls due the same day of the month N years on, or the last day of February for 29 February', () => {
    expect(disposalDueOn('2020-03-01', 6)).toBe('2026-03-01');
    expect(disposalDueOn('2020-02-29', 6)).toBe('2026-02-28');
    expect(disposalDueOn('2020-02-29', 4)).toBe('2024-02-29');
  });
});
