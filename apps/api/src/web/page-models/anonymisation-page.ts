import { VersionFindingsView } from '@app/anonymisation';
import { ErrorSummaryItem } from '../forms';

const KIND_NAMES: Record<string, string> = {
  name: 'Protected name',
  'date-of-birth': 'Date of birth',
  unreadable: 'Could not read the text',
};

/** A finding's acknowledgement form: one per finding not yet acknowledged. */
export interface AcknowledgeForm {
  formId: string;
  action: string;
  checkId: string;
  findingId: string;
  reason: string;
  error: string | null;
}

/** `/reviews/:id/documents/:documentId/versions/:n/anonymisation`: what `reviews/anonymisation.njk` shows. */
export interface FindingsPageModel {
  title: string;
  review: { id: string; reference: string; pseudonym: string };
  document: { kindName: string; title: string; version: number; latest: boolean };
  checked: boolean;
  /** Checked before a protected name was recorded on the review. */
  stale: boolean;
  checkedAt: string | null;
  cleared: boolean;
  unacknowledgedCount: number;
  findings: {
    kindName: string;
    whose: string;
    /** The matched text in its context, in pieces the template escapes (the match goes in <mark>); null when not shown. */
    context: { before: string; match: string; after: string } | null;
    note: string | null;
    acknowledgement: { reason: string; at: string } | null;
    form: AcknowledgeForm | null;
  }[];
  recheck: { action: string } | null;
  backHref: string;
  errors: ErrorSummaryItem[];
}

/** The form id of a finding's acknowledgement (a finding's id is `document:offset`). */
export function acknowledgeFormId(findingId: string): string {
  return `acknowledge-${findingId.replace(/[^A-Za-z0-9]/g, '-')}`;
}

export function findingsPage(
  view: VersionFindingsView,
  review: { id: string; reference: string; pseudonym: string },
  failed?: { findingId: string; reason: string; error: string },
): FindingsPageModel {
  const base = `/reviews/${review.id}/documents/${view.documentId}/versions/${view.version}/anonymisation`;
  return {
    title: `Identifying details in ${view.kindName.toLowerCase()} version ${view.version} – ${review.reference}`,
    review,
    document: { kindName: view.kindName, title: view.title, version: view.version, latest: view.latest },
    checked: view.checkId !== null,
    stale: view.checkedBeforeLatestName,
    checkedAt: view.checkedAt,
    cleared: view.cleared,
    unacknowledgedCount: view.unacknowledgedCount,
    findings: view.findings.map((f) => {
      const mine = failed?.findingId === f.id;
      return {
        kindName: KIND_NAMES[f.kind] ?? f.kind,
        whose:
          f.kind === 'name'
            ? `the ${f.label}’s name`
            : f.kind === 'date-of-birth'
              ? f.label === 'date of birth'
                ? 'written as a date of birth'
                : `the ${f.label}`
              : '',
        context: f.match !== null && f.before !== null && f.after !== null ? { before: f.before, match: f.match, after: f.after } : null,
        note: f.note,
        acknowledgement: f.acknowledgement ? { reason: f.acknowledgement.reason, at: f.acknowledgement.acknowledgedAt } : null,
        form:
          f.acknowledgement || view.checkId === null
            ? null
            : {
                formId: acknowledgeFormId(f.id),
                action: `${base}/acknowledgements`,
                checkId: view.checkId,
                findingId: f.id,
                reason: mine ? failed.reason : '',
                error: mine ? failed.error : null,
              },
      };
    }),
    recheck: view.checkable ? { action: `${base}/check` } : null,
    backHref: `/reviews/${review.id}#documents`,
    errors: failed ? [{ text: failed.error, href: `#${acknowledgeFormId(failed.findingId)}-reason` }] : [],
  };
}
