import { ReviewView } from '@app/reviews';
import { FailedForm } from '../form-post';
import { dateField, textareaField } from '@app/common';
import { ErrorSummaryItem, FieldSpec } from '../forms';
import { formModel, FormModel } from './parts';

/** The form ids of an agency's page: one upload and one ask for more time per request. */
export const answerForm = (requestId: string) => `answer-${requestId}`;
export const moreTimeForm = (requestId: string) => `more-time-${requestId}`;

/** The questions of an ask for more time (the request is the form's own). */
export const MORE_TIME_FIELDS: FieldSpec[] = [
  dateField('proposedDueOn', 'Date you propose', 'Later than the date it is due now. For example, 27 3 2026'),
  textareaField('reason', 'Why your agency needs more time', 'The chair reads this. Use the victim’s pseudonym, never their name.'),
];

export interface AgencyRequestRow {
  id: string;
  description: string;
  dueOn: string;
  /** The first due date, when an extension or a pause has moved it. */
  originalDueOn: string | null;
  /** Where it stands, in words. */
  status: string;
  statusColour: 'green' | 'red' | 'blue' | 'grey';
  receivedOn: string | null;
  /** The document the agency answered with, where it did in the service. */
  document: { title: string; version: number; href: string } | null;
  timeRequests: { proposedDueOn: string; reason: string; decision: string; decisionReason: string | null }[];
  upload: { action: string; formId: string; fieldErrors: Record<string, string>; open: boolean } | null;
  moreTime: (FormModel & { postTo: string }) | null;
}

/** `/reviews/:id/agency`: the requests made of the agency a panel member sits for, with their answers. */
export interface AgencyPageModel {
  title: string;
  review: { id: string; reference: string; pseudonym: string; stageLabel: string };
  agencyName: string;
  requests: AgencyRequestRow[];
  errors: ErrorSummaryItem[];
}

const STATUS: Record<string, { text: string; colour: AgencyRequestRow['statusColour'] }> = {
  met: { text: 'Received', colour: 'green' },
  missed: { text: 'Received late', colour: 'green' },
  paused: { text: 'Paused with the review', colour: 'grey' },
  cancelled: { text: 'No longer needed', colour: 'grey' },
};

export function agencyPage(review: ReviewView, failed?: FailedForm): AgencyPageModel {
  const agency = review.yourPanelAgency;
  const mayAnswer = review.availableActions.includes('answer-information-request');
  const mayAsk = review.availableActions.includes('ask-for-more-time');
  const requests = review.informationRequests.filter((r) => r.agency === agency);
  return {
    title: `Your agency's requests: ${review.reference}`,
    review: { id: review.id, reference: review.reference, pseudonym: review.victim.pseudonym, stageLabel: review.stageLabel },
    agencyName: review.panel.find((p) => p.agency === agency)?.agencyName ?? '',
    requests: requests.map((r): AgencyRequestRow => {
      const deadline = review.deadlines.find((d) => d.key === `information-request:${r.id}`);
      const known = deadline ? STATUS[deadline.status] : undefined;
      const status = r.receivedOn
        ? { text: 'Received', colour: 'green' as const }
        : (known ?? (deadline?.overdue ? { text: 'Overdue', colour: 'red' as const } : { text: 'Waiting for your agency', colour: 'blue' as const }));
      const askOpen = r.timeRequests.some((t) => t.decision === null);
      const uploadId = answerForm(r.id);
      return {
        id: r.id,
        description: r.description,
        dueOn: r.dueOn,
        originalDueOn: r.originalDueOn && r.originalDueOn !== r.dueOn ? r.originalDueOn : null,
        status: status.text,
        statusColour: status.colour,
        receivedOn: r.receivedOn,
        document:
          r.receivedDocument && r.receivedDocument.title !== null
            ? {
                title: r.receivedDocument.title,
                version: r.receivedDocument.version,
                href: `/reviews/${review.id}/documents/${r.receivedDocument.documentId}/versions/${r.receivedDocument.version}`,
              }
            : null,
        timeRequests: r.timeRequests.map((t) => ({
          proposedDueOn: t.proposedDueOn,
          reason: t.reason,
          decision: t.decision === 'granted' ? 'Granted' : t.decision === 'refused' ? 'Refused' : 'Waiting for the chair',
          decisionReason: t.decisionReason,
        })),
        upload:
          mayAnswer && !r.receivedOn
            ? {
                action: `/reviews/${review.id}/agency/requests/${r.id}/documents`,
                formId: uploadId,
                fieldErrors: failed?.id === uploadId ? failed.errors.fieldErrors : {},
                open: failed?.id === uploadId,
              }
            : null,
        moreTime:
          mayAsk && !r.receivedOn && !askOpen
            ? {
                ...formModel(moreTimeForm(r.id), 'Ask for more time', MORE_TIME_FIELDS, failed),
                postTo: `/reviews/${review.id}/agency/requests/${r.id}/more-time`,
              }
            : null,
      };
    }),
    errors: failed?.errors.errors ?? [],
  };
}
