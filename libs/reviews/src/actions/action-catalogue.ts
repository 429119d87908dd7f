import {
  AddPanelMemberBody,
  AppointChairBody,
  CopySentBody,
  DecideBody,
  DiscontinueBody,
  ExtendBody,
  HomeOfficeNoticeBody,
  NoticeSentBody,
  OnDateBody,
  PartnerSignOffBody,
  PauseBody,
  PublishBody,
  QaOutcomeBody,
  ReceiveInformationBody,
  RequestInformationBody,
  ReviewPartnerBody,
  SignOffBody,
  SubmitBody,
  TermsOfReferenceBody,
} from '../dto/action-bodies.dto';

/**
 * Every action the product can carry out, with the shape of its body. A ruleset may use any of
 * these (and no other); which stages and roles allow each is the ruleset's business.
 */
export const ACTION_BODIES = {
  decide: DecideBody,
  'record-home-office-notice': HomeOfficeNoticeBody,
  'appoint-chair': AppointChairBody,
  'add-panel-member': AddPanelMemberBody,
  'agree-terms-of-reference': TermsOfReferenceBody,
  'request-information': RequestInformationBody,
  'receive-information': ReceiveInformationBody,
  'complete-information': OnDateBody,
  'complete-draft': OnDateBody,
  'sign-off': SignOffBody,
  'submit-to-home-office': SubmitBody,
  'record-commissioner-copy': CopySentBody,
  'record-qa-outcome': QaOutcomeBody,
  publish: PublishBody,
  close: OnDateBody,
  pause: PauseBody,
  resume: OnDateBody,
  extend: ExtendBody,
  'notify-secretary-of-state': NoticeSentBody,
  'reverse-decision': DecideBody,
  discontinue: DiscontinueBody,
  'add-review-partner': ReviewPartnerBody,
  'partner-sign-off': PartnerSignOffBody,
  'submit-to-secretary-of-state': SubmitBody,
} as const;

export type ActionName = keyof typeof ACTION_BODIES;
export const ACTION_NAMES = new Set<string>(Object.keys(ACTION_BODIES));

export function isActionName(name: string): name is ActionName {
  return ACTION_NAMES.has(name);
}
