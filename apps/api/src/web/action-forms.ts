import { validateBody, ValidationProblem } from '@app/common';
import { ACTION_STATUSES, ActionStatus, LEVELS } from '@app/recommendations';
import { ACTION_BODIES, ReviewView, SUSPECT_RELATIONSHIPS, VICTIM_SEXES } from '@app/reviews';
import { Ruleset } from '@app/rulesets';
import { Choice, FieldSpec } from './forms';

/** The people and things an action's form may offer to choose from. */
export interface FormChoices {
  agencies: Choice[];
  independentChairs: Choice[];
  panelMembers: Choice[];
  reviewPartnerPeople: Choice[];
  /** Boards the signed-in person sits on, of those that must sign off. */
  myBoards: Choice[];
}

const date = (path: string, label: string, hint?: string): FieldSpec => ({ path, label, kind: 'date', hint });
const textarea = (path: string, label: string, hint?: string): FieldSpec => ({ path, label, kind: 'textarea', hint });
const humanise = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replace(/-/g, ' ');

const OUTCOME_NAMES: Record<string, string> = {
  hold: 'Hold a review',
  'not-held': 'Do not hold a review',
  'under-a-duty': 'Under a duty to hold a review',
  'not-under-a-duty': 'Not under a duty to hold a review',
  approved: 'Approved for publication',
  'approved-with-changes': 'Approved subject to changes',
  resubmit: 'Inadequate: revise and resubmit',
};

const PAUSE_CATEGORIES: Choice[] = [
  { value: 'criminal-proceedings', text: 'Criminal proceedings' },
  { value: 'inquest', text: 'Inquest' },
  { value: 'family-request', text: 'The family asked' },
  { value: 'other', text: 'Other' },
];

function vote(extra: FieldSpec[]): FieldSpec[] {
  return [
    ...extra,
    date('on', 'Date of the decision'),
    {
      path: 'decision',
      label: 'Decision',
      kind: 'radios',
      choices: [
        { value: 'approve', text: 'Approve' },
        { value: 'reject', text: 'Reject', hint: 'Say in the comment what must change' },
      ],
    },
    textarea('comment', 'Comment', 'Required when you reject'),
  ];
}

/**
 * The questions of each action's form, by the action's body DTO (libs/reviews dto): the DTO
 * still decides what is valid, and the service whether the action may be taken now.
 */
export function actionFields(action: string, review: ReviewView, ruleset: Ruleset, choices: FormChoices): FieldSpec[] {
  const outcomes = ruleset.outcomesOf(action).map((value) => ({ value, text: OUTCOME_NAMES[value] ?? humanise(value) }));
  switch (action) {
    case 'decide':
    case 'reverse-decision':
      return [
        { path: 'outcome', label: 'Decision', kind: 'radios', choices: outcomes },
        date('decidedOn', 'Date decided'),
        textarea('rationale', 'Rationale', 'Against the criteria; name no one, use pseudonyms'),
        ...(review.criteriaWarnings.length
          ? [
              {
                path: 'acknowledgedWarnings',
                label: 'Criteria not met that you have taken into account',
                kind: 'checkboxes',
                choices: review.criteriaWarnings.map((w) => ({ value: w.key, text: w.warning })),
              } as FieldSpec,
            ]
          : []),
      ];
    case 'record-home-office-notice':
      return [date('sentOn', 'Date the Home Office was told')];
    case 'record-commissioner-copy':
      return [date('sentOn', 'Date the copy was sent')];
    case 'notify-secretary-of-state':
      return [date('sentOn', 'Date the notice was sent')];
    case 'appoint-chair':
      return [{ path: 'userId', label: 'Independent chair', kind: 'select', choices: choices.independentChairs }, date('appointedOn', 'Date appointed')];
    case 'add-panel-member':
      return [
        { path: 'userId', label: 'Panel member', kind: 'select', choices: choices.panelMembers },
        { path: 'agency', label: 'Agency they represent', kind: 'select', choices: choices.agencies },
      ];
    case 'agree-terms-of-reference':
      return [date('agreedOn', 'Date the terms of reference were agreed')];
    case 'request-information':
      return [
        { path: 'agency', label: 'Agency asked', kind: 'select', choices: choices.agencies },
        textarea('description', 'What is asked for', 'For example, an individual management review and chronology'),
        date('dueOn', 'Date due'),
      ];
    case 'receive-information':
      return [
        {
          path: 'requestId',
          label: 'Request answered',
          kind: 'select',
          choices: review.informationRequests.filter((r) => !r.receivedOn).map((r) => ({ value: r.id, text: `${r.agencyName}: ${r.description}` })),
        },
        date('receivedOn', 'Date received'),
      ];
    case 'sign-off':
      return vote([{ path: 'board', label: 'Board', kind: 'radios', choices: choices.myBoards }]);
    case 'partner-sign-off':
      return vote([
        {
          path: 'partner',
          label: 'Review partner you speak for',
          kind: 'radios',
          choices: (ruleset.definition.reviewPartners ?? []).map((p) => ({ value: p.key, text: p.label })),
        },
      ]);
    case 'add-review-partner':
      return [
        {
          path: 'partner',
          label: 'Review partner',
          kind: 'radios',
          choices: (ruleset.definition.reviewPartners ?? []).map((p) => ({ value: p.key, text: p.label })),
        },
        { path: 'userId', label: 'Person who speaks for it', kind: 'select', choices: choices.reviewPartnerPeople },
      ];
    case 'submit-to-home-office':
    case 'submit-to-secretary-of-state':
      return [date('submittedOn', 'Date submitted')];
    case 'record-qa-outcome':
      return [
        {
          path: 'outcome',
          label: "The panel's outcome",
          kind: 'radios',
          choices: outcomes.length ? outcomes : ['approved', 'approved-with-changes', 'resubmit'].map((value) => ({ value, text: OUTCOME_NAMES[value] })),
        },
        date('receivedOn', 'Date of the letter'),
      ];
    case 'publish':
      return [date('publishedOn', 'Date published')];
    case 'pause':
      return [
        { path: 'category', label: 'Why the review is paused', kind: 'radios', choices: PAUSE_CATEGORIES },
        textarea('reason', 'Reason'),
        date('startedOn', 'Date the pause began'),
      ];
    case 'extend':
      return [
        {
          path: 'deadline',
          label: 'Deadline',
          kind: 'select',
          choices: review.deadlines.filter((d) => d.completedOn === null && d.status !== 'cancelled').map((d) => ({ value: d.key, text: d.label })),
        },
        date('newDueOn', 'New due date'),
        textarea('reason', 'Reason for the extension'),
      ];
    case 'discontinue':
      return [date('on', 'Date discontinued'), textarea('reason', 'Reason')];
    default:
      // complete-information, complete-draft, close, resume: a date and nothing else.
      return [date('on', 'Date')];
  }
}

/** The questions of the log-a-notification form (CreateReviewRequest). */
export function notificationFields(types: Choice[], agencies: Choice[]): FieldSpec[] {
  return [
    { path: 'type', label: 'Type of review', kind: 'radios', choices: types },
    date('notifiedOn', 'Date the partnership was notified', 'The date the partnership became aware of the death. For example, 27 3 2026'),
    { path: 'notifyingAgency', label: 'Notifying agency', kind: 'select', choices: agencies },
    date('dateOfDeath', 'Date of death'),
    { path: 'victim.pseudonym', label: 'Victim’s pseudonym', kind: 'text', hint: 'For example, Adult A. Never a real name', classes: 'govuk-input--width-20' },
    { path: 'victim.ageAtDeath', label: 'Age at death', kind: 'number', classes: 'govuk-input--width-3' },
    { path: 'victim.sex', label: 'Sex', kind: 'radios', choices: VICTIM_SEXES.map((value) => ({ value, text: humanise(value) })) },
    { path: 'placeOfDeath', label: 'Place of death (optional)', kind: 'text', hint: 'Name no one' },
    {
      path: 'suspectRelationship',
      label: 'Who the suspect was to the victim (optional)',
      kind: 'select',
      choices: SUSPECT_RELATIONSHIPS.map((value) => ({ value, text: humanise(value) })),
    },
    { path: 'offensiveWeaponInvolved', label: 'Was an offensive weapon involved? (optional)', kind: 'yes-no' },
    { path: 'suspectedSuicide', label: 'Is it a suicide where domestic abuse is suspected? (optional)', kind: 'yes-no' },
    textarea('circumstances', 'Circumstances as notified', 'Use pseudonyms only'),
  ];
}

/** The boards that must sign off this review and that the person sits on. */
export function myBoardChoices(review: ReviewView, memberOf: string[]): Choice[] {
  return review.signOffStatus.filter((s) => memberOf.includes(s.board)).map((s) => ({ value: s.board, text: s.boardName }));
}

/** The questions of the add-a-recommendation form (RecommendationBody). */
export function recommendationFields(agencies: Choice[], priorities: Choice[]): FieldSpec[] {
  return [
    textarea('text', 'Recommendation', 'Use pseudonyms only'),
    { path: 'level', label: 'Level', kind: 'radios', choices: LEVELS.map((value) => ({ value, text: humanise(value) })) },
    { path: 'owningAgency', label: 'Agency that owns it', kind: 'select', choices: agencies },
    { path: 'themes', label: 'The partnership’s priorities it serves', kind: 'checkboxes', choices: priorities },
    textarea('outcome', 'Outcome sought', 'What will have changed, by when, and how it will be checked'),
  ];
}

/** The questions of the add-an-action form (ActionBody). */
export function planActionFields(agencies: Choice[]): FieldSpec[] {
  return [
    textarea('description', 'Action'),
    { path: 'owningAgency', label: 'Agency that owns the action', kind: 'select', choices: agencies },
    date('dueOn', 'Date due'),
  ];
}

/** The questions of a progress update on an action (ActionUpdateBody). */
export function progressFields(): FieldSpec[] {
  return [
    {
      path: 'status',
      label: 'Where the action stands',
      kind: 'radios',
      choices: ACTION_STATUSES.map((value) => ({ value, text: ACTION_STATUS_NAMES[value] })),
    },
    textarea('note', 'Progress note (optional)', 'What has been done. Use pseudonyms only'),
    textarea('reason', 'Why it cannot be completed', 'Only when it cannot be completed'),
    date('on', 'Date of the progress'),
  ];
}

const ACTION_STATUS_NAMES: Record<ActionStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
  'cannot-complete': 'Cannot be completed',
};

/** The questions of a board member's vote on the sign-off page (SignOffBody, less the board). */
export function voteFields(): FieldSpec[] {
  return vote([]);
}

/**
 * A vote's body takes "approve" when it names no decision; a person on a page must choose,
 * so a vote sent without one is refused here, naming the field.
 */
export async function requireVoteDecision(action: 'sign-off' | 'partner-sign-off' | string, data: Record<string, unknown>): Promise<void> {
  if ((action !== 'sign-off' && action !== 'partner-sign-off') || data.decision !== undefined) return;
  const missing = { field: 'decision', message: 'is required' };
  // The rest of the form is checked too, so every mistake is named at once.
  try {
    await validateBody(ACTION_BODIES[action] as new () => object, data);
  } catch (error) {
    if (error instanceof ValidationProblem) throw new ValidationProblem([missing, ...error.errors]);
    throw error;
  }
  throw new ValidationProblem([missing]);
}
