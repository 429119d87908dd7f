import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DeadlineView } from '@app/deadlines';
import { SOURCE_KINDS, SourceKind } from '@app/rulesets';

export class SourceView {
  @ApiProperty({ enum: SOURCE_KINDS, description: 'An Act, regulations, statutory guidance, a proposal not in force, or local practice' }) kind: SourceKind;
  @ApiProperty({ example: '2016 statutory guidance, section 5 (timescales)' }) cite: string;
}

/** A deadline as its review shows it: with where its date comes from. */
export class ReviewDeadlineView extends DeadlineView {
  @ApiProperty({ example: 'six months from the decision to hold a review', description: 'How the ruleset sets the date, in words' }) basis: string;
  @ApiProperty({
    type: [SourceView],
    description: 'The law, guidance or local practice behind the duty and its period (empty for an edition stored before sources were required)',
  })
  sources: SourceView[];
  @ApiProperty({ example: '2016 statutory guidance, section 5 (timescales)', description: 'The sources as one line, to show beside the date' })
  citation: string;
  @ApiProperty({ description: 'A notice the law requires (Home Office, Secretary of State, Domestic Abuse Commissioner)' }) statutoryNotice: boolean;
}

export class VictimView {
  @ApiProperty() pseudonym: string;
  @ApiProperty() ageAtDeath: number;
  @ApiProperty() sex: string;
}

export class CriteriaWarningView {
  @ApiProperty({ example: 'victim-16-or-over' }) key: string;
  @ApiProperty() warning: string;
}

export class ReportDutiesView {
  @ApiProperty({ format: 'date', description: 'The day the report went to the Secretary of State' }) submittedOn: string;
  @ApiProperty({ description: 'Those expected to act on a recommendation were informed (PCSCA 2022 s.28(3))' }) recommendationOwnersInformed: boolean;
  @ApiProperty({ description: 'Material that could endanger a person or prejudice an investigation or prosecution was considered for exclusion (s.28(6))' })
  exclusionsConsidered: boolean;
  @ApiProperty({ description: 'What was considered for exclusion, and why' }) exclusionsNote: string;
}

export class DecisionView {
  @ApiProperty({ example: 'hold', description: "One of the ruleset's outcomes: hold or not-held for a DHR; under-a-duty or not-under-a-duty for an OWHR" })
  outcome: string;
  @ApiProperty({ format: 'date' }) decidedOn: string;
  @ApiProperty() rationale: string;
}

export class ChairView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date' }) appointedOn: string;
}

export class PanelMemberView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) agency: string;
  @ApiProperty() agencyName: string;
}

export class PauseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'criminal-proceedings' }) category: string;
  @ApiProperty({ example: 'Criminal proceedings', description: 'The category in words' }) categoryName: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date' }) startedOn: string;
  @ApiProperty({ format: 'date', nullable: true }) endedOn: string | null;
  @ApiProperty({ nullable: true }) pausedDays: number | null;
  @ApiProperty({ type: () => PauseProceedingView, nullable: true, description: 'The parallel proceeding the pause waits for, if any' })
  proceeding: PauseProceedingView | null;
  @ApiProperty({
    format: 'date',
    nullable: true,
    type: String,
    description: "When the pause is expected to end: as said, or the proceeding's expected conclusion",
  })
  expectedEndOn: string | null;
}

export class PauseProceedingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'criminal-trial' }) kind: string;
  @ApiProperty({ example: 'Criminal trial' }) kindName: string;
  @ApiProperty({ example: 'Liverpool Crown Court', description: 'The court or body' }) body: string;
  @ApiProperty({ nullable: true, type: String }) reference: string | null;
}

export class ReceivedDocumentView {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ description: 'The version the agency answered with (1, 2, 3...)' }) version: number;
  @ApiProperty({ nullable: true, type: String, description: "The document's title; null when you may not see the document (another agency's IMR)" })
  title: string | null;
}

export class TimeRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The panel member who asked' }) askedBy: string | null;
  @ApiProperty() askedAt: string;
  @ApiProperty({ format: 'date' }) proposedDueOn: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['granted', 'refused'], nullable: true, type: String, description: 'null while the chair has not answered' })
  decision: 'granted' | 'refused' | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'When granted: the new due date' }) newDueOn: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why (always said when refused)' }) decisionReason: string | null;
}

export class InformationRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: "The agency's id" }) agency: string;
  @ApiProperty() agencyName: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The first due date, before any extension' }) originalDueOn: string | null;
  @ApiProperty({ format: 'date', nullable: true }) receivedOn: string | null;
  @ApiProperty({ type: ReceivedDocumentView, nullable: true, description: 'The document the agency answered with, where it answered in the product' })
  receivedDocument: ReceivedDocumentView | null;
  @ApiProperty({ type: [TimeRequestView], description: "The agency's asks for more time, oldest first" }) timeRequests: TimeRequestView[];
}

export class DraftPartView {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ example: 'Overview report' }) title: string;
  @ApiProperty({ example: 2, description: "The document's version number" }) version: number;
  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', description: "The version's SHA-256, hex" }) sha256: string;
}

export class DraftView {
  @ApiProperty({ type: DraftPartView }) overviewReport: DraftPartView;
  @ApiProperty({ type: DraftPartView, nullable: true }) executiveSummary: DraftPartView | null;
}

export class SignOffView {
  @ApiProperty({ example: 'csp' }) board: string;
  @ApiProperty() boardName: string;
  @ApiProperty({ format: 'date' }) signedOn: string;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ['approve', 'reject'] }) decision: string;
  @ApiProperty({ nullable: true }) comment: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) memberId: string | null;
  @ApiProperty({ nullable: true, example: 'Ash Board', description: 'Who cast the vote: the board member’s name' }) memberName: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, description: 'Set when a later change took this approval back' }) withdrawnAt: string | null;
  @ApiProperty({ nullable: true }) withdrawnReason: string | null;
  @ApiProperty({
    type: DraftView,
    nullable: true,
    description: 'The report versions (and their SHA-256) the vote was cast on; null for a vote cast before reports were held in the service',
  })
  castOn: DraftView | null;
}

export class BoardSignOffView {
  @ApiProperty({ example: 'dab' }) board: string;
  @ApiProperty() boardName: string;
  @ApiProperty() quorum: number;
  @ApiProperty() approvals: number;
  @ApiProperty() rejections: number;
  @ApiProperty({ nullable: true, description: 'Whether the board chair approved; null when the board has no chair' }) chairApproved: boolean | null;
  @ApiProperty({ description: 'The quorum approved, the chair among them' }) complete: boolean;
}

export class StageView {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ enum: ['completed', 'current', 'not-started', 'not-needed'] }) status: string;
}

export class DeathSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true }) placeOfDeath: string | null;
  @ApiProperty({ nullable: true, description: 'null when not known' }) offensiveWeaponInvolved: boolean | null;
  @ApiProperty({ nullable: true, example: 'former-partner' }) suspectRelationship: string | null;
  @ApiProperty({ nullable: true, description: "The suspect's age at the time of the death; null when not known" }) suspectAgeAtDeath: number | null;
  @ApiProperty() suspectedSuicide: boolean;
}

export class ReviewPartnerView {
  @ApiProperty({ example: 'police' }) partner: string;
  @ApiProperty({ example: 'Chief officer of police' }) label: string;
  @ApiProperty({ format: 'uuid', nullable: true }) userId: string | null;
  @ApiProperty({ description: "The representative's name; empty until one is recorded" }) name: string;
  @ApiProperty({ format: 'uuid', nullable: true }) agency: string | null;
  @ApiProperty() agencyName: string;
  @ApiProperty({ enum: ['approve', 'reject'], nullable: true, description: "The partner's latest vote on the report" }) decision: string | null;
  @ApiProperty({ format: 'date', nullable: true }) signedOn: string | null;
  @ApiProperty({ nullable: true }) comment: string | null;
  @ApiProperty({ type: DraftView, nullable: true, description: "The report versions the partner's latest vote was cast on" }) castOn: DraftView | null;
}

export class NoticeView {
  @ApiProperty({ example: 'initial', description: "The ruleset's kind of notice: initial, decision, reversal, discontinuance" }) kind: string;
  @ApiProperty({ example: 'not-yet-decided' }) outcome: string;
  @ApiProperty({ example: 'sos-notice', description: 'The deadline it answered' }) deadline: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'date' }) sentOn: string;
}

export class ContributorView {
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
}

export class LinkView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['SAR', 'CSPR', 'CDR', 'DHR', 'OWHR'], description: 'What the other review is' }) kind: string;
  @ApiProperty({ nullable: true, description: 'Its reference where it is run outside the product' }) externalReference: string | null;
  @ApiProperty({ nullable: true, description: 'The board or body running it' }) runBy: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, description: 'The other review, where it is in the product and the caller may see it' }) reviewId:
    string | null;
  @ApiProperty({ nullable: true, description: "The other review's reference, where it is in the product and the caller may see it" }) reference: string | null;
  @ApiProperty({ type: [String], description: 'Panel members who sit on both panels (user ids)' }) sharedPanelMembers: string[];
  @ApiProperty({ nullable: true }) note: string | null;
  @ApiProperty({
    enum: ['made-here', 'made-there', 'death'],
    description: 'Whether the link was recorded from this review, from the other, or against the death',
  })
  side: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class HistoryView {
  @ApiProperty() action: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty() fromStage: string;
  @ApiProperty() toStage: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({
    nullable: true,
    description: 'What else the history records of the step, in words: e.g. the reason the review went on with information requests unanswered',
  })
  note: string | null;
}

export class QaChangeView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Its place in the letter’s list, from 1' }) position: number;
  @ApiProperty({ example: 'Fictional: remove the date of the inquest from paragraph 4.2.' }) text: string;
  @ApiProperty({ enum: ['outstanding', 'done', 'explained'] }) status: string;
  @ApiProperty({ example: 'Done', description: 'The status in words' }) statusName: string;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was not made (explained), or a note of how it was (done)' }) explanation: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Who marked it' }) markedBy: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String, description: 'The day it was marked' }) markedOn: string | null;
  @ApiProperty({ format: 'date', description: 'The date of the QA panel’s letter that requires it' }) letterReceivedOn: string;
  @ApiProperty({ description: 'The sign-off round the letter answered' }) letterRound: number;
  @ApiProperty({ description: 'It comes from the latest QA letter (earlier letters’ changes are kept on record)' }) latestLetter: boolean;
}

export class PublicationView {
  @ApiProperty({ format: 'date' }) publishedOn: string;
  @ApiProperty({ example: 'https://www.example.gov.uk/dhr/adult-a', description: 'Where the report is published' }) url: string;
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: "The QA panel's letter is published with the report; null for a type with no QA letter (an OWHR)",
  })
  qaLetterPublished: boolean | null;
}

/** A deadline as an action that ends a review names it. */
export class NamedDeadlineView {
  @ApiProperty({ example: 'home-office-notice' }) key: string;
  @ApiProperty({ example: 'Tell the Home Office of the decision' }) label: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
}

const OUTSTANDING_DEADLINES =
  'Only in the answer to an action that ended the review (closed, discontinued, decided not held): the deadlines still outstanding after it, which are its statutory notices still to be recorded as sent, or as not sent with a reason (record-notice-not-sent)';
const CANCELLED_DEADLINES =
  'Only in the answer to an action that ended the review: the clocks it stopped as no longer needed (information requests, the review clock...)';

/** What an action that ends a review adds to its answer: what it stopped, and what is still outstanding. */
export class ReviewEnding {
  @ApiProperty({ type: [NamedDeadlineView], description: OUTSTANDING_DEADLINES }) outstandingDeadlines: NamedDeadlineView[];
  @ApiProperty({ type: [NamedDeadlineView], description: CANCELLED_DEADLINES }) cancelledDeadlines: NamedDeadlineView[];
}

/** What an action answers with when the caller asks for no more (`Prefer: return=minimal`). */
export class ReviewActionSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'DHR-2026-001' }) reference: string;
  @ApiProperty({ example: 'information' }) stage: string;
  @ApiProperty({ example: 'open' }) status: string;
  @ApiProperty({ example: 4 }) version: number;
  @ApiPropertyOptional({ type: [NamedDeadlineView], description: OUTSTANDING_DEADLINES }) outstandingDeadlines?: NamedDeadlineView[];
  @ApiPropertyOptional({ type: [NamedDeadlineView], description: CANCELLED_DEADLINES }) cancelledDeadlines?: NamedDeadlineView[];
}

export class ReviewView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'DHR-2026-001' }) reference: string;
  @ApiProperty({ example: 'DHR' }) type: string;
  @ApiProperty({ example: 'Domestic Homicide Review', description: 'The name the ruleset in force gives the review type' }) typeName: string;
  @ApiProperty({ example: 'dhr-2016-v4' }) ruleset: string;
  @ApiProperty({
    nullable: true,
    description: 'Set when the edition the review runs under follows law not in force (a draft): what it is',
    example: "Draft, not in force: the 2024 consultation's proposal.",
  })
  rulesetNotInForce: string | null;
  @ApiProperty({ example: 'decision' }) stage: string;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ enum: ['open', 'paused', 'closed'] }) status: string;
  @ApiProperty({ description: 'Send back as If-Match: "<version>" to refuse a stale change' }) version: number;
  @ApiProperty({ format: 'date' }) notifiedOn: string;
  @ApiProperty({ format: 'date' }) dateOfDeath: string;
  @ApiProperty({ format: 'uuid' }) notifyingAgency: string;
  @ApiProperty() notifyingAgencyName: string;
  @ApiProperty({ type: VictimView }) victim: VictimView;
  @ApiProperty({ type: DeathSummaryView, description: 'The death the review is about (GET /api/deaths/:id has all of it)' }) death: DeathSummaryView;
  @ApiProperty() circumstances: string;
  @ApiProperty({ type: [CriteriaWarningView], description: "The review type's criteria this review does not meet: holding it needs them acknowledged" })
  criteriaWarnings: CriteriaWarningView[];
  @ApiProperty({
    type: [CriteriaWarningView],
    description: 'The death is outside the statutory pilot the ruleset names (an OWHR: SI 2023/227): a warning, nothing to acknowledge',
  })
  pilotWarnings: CriteriaWarningView[];
  @ApiProperty({ type: DecisionView, nullable: true }) decision: DecisionView | null;
  @ApiProperty({ type: ChairView, nullable: true }) chair: ChairView | null;
  @ApiProperty({ type: [PanelMemberView] }) panel: PanelMemberView[];
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "The agency you sit on this review's panel for (your appointment's agency); null when you are not on its panel",
  })
  yourPanelAgency: string | null;
  @ApiProperty({ type: [ReviewDeadlineView] }) deadlines: ReviewDeadlineView[];
  @ApiProperty({ type: [PauseView] }) pauses: PauseView[];
  @ApiProperty({ type: [InformationRequestView] }) informationRequests: InformationRequestView[];
  @ApiProperty({ type: [SignOffView], description: 'Votes on the current draft, withdrawn ones included' }) signOffs: SignOffView[];
  @ApiProperty({ type: [SignOffView], description: 'Votes cast on earlier drafts (earlier sign-off rounds), kept on record: each names its round' })
  earlierSignOffs: SignOffView[];
  @ApiProperty({
    type: DraftView,
    nullable: true,
    description:
      'The report under sign-off: the overview report (and executive summary) versions named when the draft was completed or last revised; null before then, and for reviews drafted before reports were held in the service',
  })
  draftUnderSignOff: DraftView | null;
  @ApiProperty({ type: [BoardSignOffView], description: 'Where each board the ruleset names stands on the current draft' }) signOffStatus: BoardSignOffView[];
  @ApiProperty({
    type: [ReviewPartnerView],
    description: 'The review partners the ruleset names (OWHR), with their representatives and votes; empty for other types',
  })
  reviewPartners: ReviewPartnerView[];
  @ApiProperty({ type: [NoticeView], description: 'Notices given, such as those to the Secretary of State, oldest first' }) notices: NoticeView[];
  @ApiProperty({
    type: ReportDutiesView,
    nullable: true,
    description: "An OWHR's report as sent to the Secretary of State, with the confirmations PCSCA 2022 s.28 asks for; null until it is sent",
  })
  reportDuties: ReportDutiesView | null;
  @ApiProperty({
    type: [QaChangeView],
    description:
      "The changes the Home Office Quality Assurance Panel's letters require (record-qa-outcome), latest letter first, each as done, explained or outstanding: the QA checklist",
  })
  qaChanges: QaChangeView[];
  @ApiProperty({ type: PublicationView, nullable: true, description: 'Where and when the report was published; null until it is' })
  publication: PublicationView | null;
  @ApiProperty({ type: [ContributorView], description: 'Partnerships contributing to this review' }) contributors: ContributorView[];
  @ApiProperty({
    type: [LinkView],
    description: 'Other reviews of the same death: safeguarding reviews run jointly, and reviews this one displaced or gave way to',
  })
  links: LinkView[];
  @ApiProperty({ type: [StageView], description: 'The statutory stages as a task list' }) stages: StageView[];
  @ApiProperty({ type: [String], description: 'Actions the caller may take now' }) availableActions: string[];
  @ApiProperty({ type: [HistoryView] }) history: HistoryView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ type: [NamedDeadlineView], description: OUTSTANDING_DEADLINES }) outstandingDeadlines?: NamedDeadlineView[];
  @ApiPropertyOptional({ type: [NamedDeadlineView], description: CANCELLED_DEADLINES }) cancelledDeadlines?: NamedDeadlineView[];
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    description: 'When its personal data was disposed of under the retention rule; its statistical shape stays, and nothing more can be done to it',
  })
  disposedAt: string | null;
}

export class ReviewListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() reference: string;
  @ApiProperty() type: string;
  @ApiProperty() ruleset: string;
  @ApiProperty() stage: string;
  @ApiProperty({ enum: ['open', 'paused', 'closed'] }) status: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'date' }) notifiedOn: string;
  @ApiProperty() victimPseudonym: string;
  @ApiProperty({ description: 'A deadline is past due and not completed while the review runs: never for a review that has ended' }) overdue: boolean;
  @ApiProperty({
    description: 'The review has ended (closed, discontinued, decided not held) with a statutory notice still outstanding: to send, or to record as not sent',
  })
  noticeOutstanding: boolean;
  @ApiProperty({ format: 'date', nullable: true, description: 'The earliest outstanding due date' }) nextDueOn: string | null;
  @ApiProperty({
    type: [String],
    example: ['victim-16-or-over'],
    description: "The keys of the ruleset's criteria the death does not meet (as the review's criteriaWarnings), such as a DHR of a victim under 16",
  })
  criteriaWarnings: string[];
}

/** A report waiting for one board member's vote for one of their boards. */
export class SignOffWaitingItem {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty() reference: string;
  @ApiProperty() typeName: string;
  @ApiProperty() victimPseudonym: string;
  @ApiProperty({ example: 'csp' }) board: string;
  @ApiProperty() boardName: string;
  @ApiProperty({ format: 'date', description: 'When the review reached its current stage' }) stageEnteredOn: string;
}
