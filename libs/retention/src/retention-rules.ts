import { addCalendarMonths, CalendarDate } from '@app/common';
import { RetentionRule, Source } from '@app/rulesets';

/**
 * The retention rule a review is kept under, and its disposal date: pure, no Nest, no database.
 *
 * A review type's rule is its ruleset edition's (`retention`), unless the partnership set a
 * period of its own (local practice: no national rule). A ruleset with no retention rule and no
 * partnership setting means the review is never due for disposal.
 */

/** A partnership's own period for a review type, as an administrator set it. */
export interface RetentionSetting {
  years: number;
  setBy: { id: string; name: string } | null;
  setAt: Date;
}

export interface EffectiveRetention {
  years: number;
  after: RetentionRule['after'];
  source: Source[];
  /** True when it is the partnership's own setting rather than the ruleset's rule. */
  partnershipSetting: boolean;
  setBy: { id: string; name: string } | null;
  setAt: string | null;
}

export function effectiveRetention(rulesetRule: RetentionRule | undefined, setting: RetentionSetting | null): EffectiveRetention | null {
  if (setting) {
    return {
      years: setting.years,
      after: 'closure',
      source: [
        { kind: 'local-practice', cite: `The partnership's own retention period, set by an administrator on ${setting.setAt.toISOString().slice(0, 10)}` },
      ],
      partnershipSetting: true,
      setBy: setting.setBy,
      setAt: setting.setAt.toISOString(),
    };
  }
  if (!rulesetRule) return null;
  return { years: rulesetRule.years, after: rulesetRule.after, source: rulesetRule.source, partnershipSetting: false, setBy: null, setAt: null };
}

/** "N years after D": the same day of the month, or the month's last day where it does not exist (29 February). */
export function disposalDueOn(endedOn: CalendarDate, years: number): CalendarDate {
  return addCalendarMonths(endedOn, years * 12);
}

/** What the pages and the API say of a rule, e.g. "6 years after closure". */
export function describeRetention(rule: { years: number; after: string } | null): string {
  if (!rule) return 'No retention rule: never due for disposal';
  return `${rule.years} ${rule.years === 1 ? 'year' : 'years'} after ${rule.after}`;
}
