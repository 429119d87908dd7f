import { Injectable } from '@nestjs/common';
import { AuthenticatedUser, dateField as date, humanise, textareaField as textarea } from '@app/common';
import { ACTION_STATUS_NAMES, ACTION_STATUSES, LEVELS } from '@app/recommendations';
import { ActionRegistry, ReviewView, SUSPECT_RELATIONSHIPS, VICTIM_SEXES, voteForm } from '@app/reviews';
import { Ruleset } from '@app/rulesets';
import { Choice, FieldSpec } from './forms';

/** The forms of a review's actions, as each action's module gives them (the web holds no list of actions). */
@Injectable()
export class ActionForms {
  constructor(private readonly registry: ActionRegistry) {}

  /** The questions of an action's form; none for an action the product does not carry out. */
  async fields(action: string, review: ReviewView, ruleset: Ruleset, user: AuthenticatedUser): Promise<FieldSpec[]> {
    return (await this.registry.action(action)?.form({ review, ruleset, user })) ?? [];
  }

  /** The heading of an action's form: the action's own for the review as it stands, else the ruleset's label. */
  label(action: string, review: ReviewView, ruleset: Ruleset, user: AuthenticatedUser): string {
    return this.registry.action(action)?.title({ review, ruleset, user }) ?? ruleset.action(action)?.label ?? action;
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
    { path: 'suspectAgeAtDeath', label: "The suspect's age at the time of the death (optional)", kind: 'number', classes: 'govuk-input--width-3' },
    { path: 'offensiveWeaponInvolved', label: 'Was an offensive weapon involved? (optional)', kind: 'yes-no' },
    { path: 'suspectedSuicide', label: 'Is it a suicide where domestic abuse is suspected? (optional)', kind: 'yes-no' },
    textarea('circumstances', 'Circumstances as notified', 'Use pseudonyms only'),
  ];
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

/** The question of withdrawing a recommendation (WithdrawBody). */
export const WITHDRAW_FIELDS: FieldSpec[] = [
  textarea('reason', 'Why it is withdrawn', 'It stays on the review, marked withdrawn with this reason. Use pseudonyms only'),
];

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

/** The questions of a board member's vote on the sign-off page (SignOffBody, less the board). */
export function voteFields(): FieldSpec[] {
  return voteForm([]);
}
