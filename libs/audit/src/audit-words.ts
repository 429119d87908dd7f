/** What each kind of audit entry records, in words (the review's own actions are its ruleset's labels). */
const AUDIT_ACTION_WORDS: Record<string, string> = {
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
  'review.imported': 'Imported the review from the partnership’s records',
  'reviews.import-checked': 'Checked a spreadsheet of reviews to import',
  'reviews.imported': 'Imported reviews from a spreadsheet',
};

/**
 * An audit entry's action in words, for the pages and the printable record: a review action by
 * the label its ruleset gives it (`actionLabel`), any other by a known name.
 */
export function auditActionInWords(action: string, actionLabel: (name: string) => string | undefined): string {
  if (action.startsWith('review.action.')) return actionLabel(action.slice('review.action.'.length)) ?? 'Took an action on the review';
  return AUDIT_ACTION_WORDS[action] ?? `Recorded ${action.replace(/[.-]/g, ' ')}`;
}
