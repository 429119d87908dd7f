import { FamilyContactView, FamilyMemberView, FamilyPublicationNoticeView } from '@app/family';
import { ADVOCACY_ACCEPTED, ADVOCACY_ACCEPTED_WORDS, CONTACT_METHOD_WORDS, CONTACT_METHODS, INVOLVEMENT, INVOLVEMENT_WORDS } from '@app/family';
import { FailedForm } from '../form-post';
import { dateValue, ErrorSummaryItem, FieldSpec, FormValues } from '../forms';
import { PageModel } from '../render';

export const ADD_MEMBER_FORM = 'add-member';
export const CONTACT_FORM = 'record-contact';
export const updateFormId = (memberId: string): string => `update-${memberId}`;

/** One form on the family page: where it posts, its questions, and what was typed and wrong when it failed. */
export interface FamilyForm {
  id: string;
  action: string;
  label: string;
  fields: FieldSpec[];
  values: FormValues;
  fieldErrors: Record<string, string>;
  open: boolean;
}

export interface FamilyPageModel extends PageModel {
  review: { id: string; reference: string; pseudonym: string };
  members: FamilyMemberView[];
  /** A form per member, to update them. */
  memberForms: FamilyForm[];
  contacts: FamilyContactView[];
  notice: FamilyPublicationNoticeView | null;
  addForm: FamilyForm;
  contactForm: FamilyForm | null;
  errors: ErrorSummaryItem[];
}

/** The questions about a family member: the real name only when adding one, or to change it. */
export function memberFields(adding: boolean): FieldSpec[] {
  return [
    { path: 'pseudonym', label: 'Pseudonym', kind: 'text', hint: 'How the review names them everywhere, for example Sister or Family member A' },
    {
      path: 'realName',
      label: 'Real name (optional)',
      kind: 'text',
      hint: adding
        ? 'Kept apart: shown nowhere else, never emailed, and checked for in the report'
        : 'Only to record or correct it: leave empty to keep what is recorded',
    },
    { path: 'relationship', label: 'Relationship to the victim', kind: 'text', hint: 'For example sister, friend or neighbour' },
    {
      path: 'involvement',
      label: 'How they want to be involved',
      kind: 'radios',
      choices: INVOLVEMENT.map((value) => ({ value, text: INVOLVEMENT_WORDS[value] })),
    },
    { path: 'advocacyService', label: 'Advocacy service offered (optional)', kind: 'text', hint: 'For example AAFDA' },
    { path: 'advocacyOfferedOn', label: 'Date advocacy was offered (optional)', kind: 'date' },
    {
      path: 'advocacyAccepted',
      label: 'Was the advocacy accepted? (optional)',
      kind: 'radios',
      choices: ADVOCACY_ACCEPTED.map((value) => ({ value, text: ADVOCACY_ACCEPTED_WORDS[value] })),
    },
    { path: 'termsOfReferenceSeenOn', label: 'Date they saw the terms of reference (optional)', kind: 'date' },
    { path: 'draftReportSeenOn', label: 'Date they saw the draft report (optional)', kind: 'date' },
  ];
}

export function contactFields(members: FamilyMemberView[]): FieldSpec[] {
  return [
    { path: 'contactedOn', label: 'Date of the contact', kind: 'date' },
    { path: 'method', label: 'How contact was made', kind: 'radios', choices: CONTACT_METHODS.map((value) => ({ value, text: CONTACT_METHOD_WORDS[value] })) },
    { path: 'memberIds', label: 'Who was contacted', kind: 'checkboxes', choices: members.map((m) => ({ value: m.id, text: m.pseudonym })) },
    { path: 'summary', label: 'Summary', kind: 'textarea', hint: 'What was said or agreed. Kept on the review only: never emailed' },
  ];
}

function memberValues(member: FamilyMemberView): FormValues {
  const values: FormValues = {
    pseudonym: member.pseudonym,
    realName: '',
    relationship: member.relationship,
    involvement: member.involvement,
    advocacyService: member.advocacy.service ?? '',
    advocacyAccepted: member.advocacy.accepted ?? '',
  };
  if (member.advocacy.offeredOn) values.advocacyOfferedOn = dateValue(member.advocacy.offeredOn);
  if (member.termsOfReferenceSeenOn) values.termsOfReferenceSeenOn = dateValue(member.termsOfReferenceSeenOn);
  if (member.draftReportSeenOn) values.draftReportSeenOn = dateValue(member.draftReportSeenOn);
  return values;
}

function form(id: string, action: string, label: string, fields: FieldSpec[], values: FormValues, failed?: FailedForm): FamilyForm {
  const mine = failed?.id === id;
  return {
    id,
    action,
    label,
    fields,
    values: mine ? failed.values : values,
    fieldErrors: mine ? failed.errors.fieldErrors : {},
    open: mine,
  };
}

export function familyPage(
  review: { id: string; reference: string; pseudonym: string },
  members: FamilyMemberView[],
  contacts: FamilyContactView[],
  notice: FamilyPublicationNoticeView | null,
  failed?: FailedForm,
): FamilyPageModel {
  const base = `/reviews/${review.id}`;
  return {
    title: `Family: ${review.reference} (${review.pseudonym})`,
    width: 'full',
    review,
    members,
    memberForms: members.map((m) => form(updateFormId(m.id), `${base}/family/${m.id}`, `Update ${m.pseudonym}`, memberFields(false), memberValues(m), failed)),
    contacts,
    notice,
    addForm: form(ADD_MEMBER_FORM, `${base}/family`, 'Add a family member', memberFields(true), {}, failed),
    contactForm: members.length ? form(CONTACT_FORM, `${base}/family-contacts`, 'Record a contact', contactFields(members), {}, failed) : null,
    errors: failed?.errors.errors ?? [],
  };
}
