import { Ruleset } from '@app/rulesets';

const AUDIT_ACTIONS: Record<string, string> = {
  'review.created': 'Logged the notification',
  'review.viewed': 'Viewed the review',
  'review.audit-viewed': 'Read the audit trail',
  'review.exported': 'Exported the review’s record',
  'review.contributor-added': 'Let another partnership contribute',
  'review.linked': 'Linked another review',
  'recommendation.created': 'Added a recommendation',
  'document.uploaded': 'Uploaded a document',
  'document.version-uploaded': 'Uploaded a new version of a document',
  'document.downloaded': 'Downloaded a document',
  'review.anonymisation-checked': 'Checked documents for identifying details (anonymisation)',
  'review.anonymisation-finding-acknowledged': 'Acknowledged a finding of the anonymisation check, with a reason',
  'review.anonymisation-findings-viewed': 'Read the findings of the anonymisation check',
  'document.infected': 'A document version was found to carry malware (never served)',
  'recommendation.changed': 'Changed a recommendation',
  'recommendation.withdrawn': 'Withdrew a recommendation',
  'action.created': 'Added an action to the action plan',
  'action.progress': 'Recorded progress on an action',
  'action.withdrawn': 'Withdrew an action from the action plan',
  'death.recorded': 'Recorded the death',
  'death.updated': 'Changed the facts of the death',
  'death.viewed': 'Viewed the death',
  'death.identity-viewed': 'Read the victim’s real name',
  'death.linked': 'Linked a review to the death',
  'review.legal-hold-placed': 'Placed a legal hold',
  'review.legal-hold-lifted': 'Lifted a legal hold',
  'review.disposed': 'Disposed of the review’s personal data (retention)',
  'retention-rule.set': 'Set the partnership’s retention period',
  'retention-rule.cleared': 'Went back to the ruleset’s retention rule',
};

/** An audit entry's action in words: the ruleset's label for a review action, or a known name. */
export function auditActionName(action: string, ruleset: Ruleset): string {
  if (action.startsWith('review.action.')) return ruleset.action(action.slice('review.action.'.length))?.label ?? 'Took an action on the review';
  return AUDIT_ACTIONS[action] ?? `Recorded ${action.replace(/[.-]/g, ' ')}`;
}
