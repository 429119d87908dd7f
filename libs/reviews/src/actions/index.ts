import { AddPanelMemberAction } from './add-panel-member.action';
import { AgreeTermsOfReferenceAction } from './agree-terms-of-reference.action';
import { AppointChairAction } from './appoint-chair.action';
import { CloseAction } from './close.action';
import { CompleteInformationAction } from './complete-information.action';
import { DecideAction } from './decide.action';
import { DiscontinueAction } from './discontinue.action';
import { ExtendAction } from './extend.action';
import { NotifySecretaryOfStateAction } from './notify-secretary-of-state.action';
import { PauseAction, ResumeAction } from './pause.action';
import { PublishAction } from './publish.action';
import { ReceiveInformationAction } from './receive-information.action';
import { RecordCommissionerCopyAction } from './record-commissioner-copy.action';
import { RecordHomeOfficeNoticeAction } from './record-home-office-notice.action';
import { RecordNoticeNotSentAction } from './record-notice-not-sent.action';
import { RecordQaOutcomeAction } from './record-qa-outcome.action';
import { RecordQaChangeAction } from './record-qa-change.action';
import { RemovePanelMemberAction } from './remove-panel-member.action';
import { RequestInformationAction } from './request-information.action';
import { ReverseDecisionAction } from './reverse-decision.action';
import { AddReviewPartnerAction, PartnerSignOffAction } from './review-partners.action';
import { SignOffAction } from './sign-off.action';
import { AnswerTimeRequestAction, AskForMoreTimeAction } from './time-requests.action';
import { SubmitToHomeOfficeAction, SubmitToSecretaryOfStateAction } from './submit.action';

/** The actions libs/reviews itself carries out; other libs register theirs in their own modules. */
export const REVIEW_ACTIONS = [
  DecideAction,
  ReverseDecisionAction,
  RecordHomeOfficeNoticeAction,
  AppointChairAction,
  AddPanelMemberAction,
  RemovePanelMemberAction,
  AgreeTermsOfReferenceAction,
  RequestInformationAction,
  ReceiveInformationAction,
  CompleteInformationAction,
  SignOffAction,
  SubmitToHomeOfficeAction,
  RecordCommissionerCopyAction,
  RecordQaOutcomeAction,
  RecordQaChangeAction,
  PublishAction,
  CloseAction,
  PauseAction,
  ResumeAction,
  ExtendAction,
  NotifySecretaryOfStateAction,
  DiscontinueAction,
  AddReviewPartnerAction,
  PartnerSignOffAction,
  SubmitToSecretaryOfStateAction,
  RecordNoticeNotSentAction,
  AskForMoreTimeAction,
  AnswerTimeRequestAction,
];
