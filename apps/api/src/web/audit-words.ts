import { auditActionInWords } from '@app/audit';
import { Ruleset } from '@app/rulesets';

/** An audit entry's action in words: the ruleset's label for a review action, or a known name (libs/audit). */
export function auditActionName(action: string, ruleset: Ruleset): string {
  return auditActionInWords(action, (name) => ruleset.action(name)?.label);
}
