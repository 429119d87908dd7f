import { ApiProperty } from '@nestjs/swagger';
import { DeadlineView } from '@app/deadlines';

export class VictimView {
  @ApiProperty() pseudonym: string;
  @ApiProperty() ageAtDeath: number;
  @ApiProperty() sex: string;
}

export class CriteriaWarningView {
  @ApiProperty({ example: 'victim-16-or-over' }) key: string;
  @ApiProperty() warning: string;
}

export class DecisionView {
  @ApiProperty({ enum: ['hold', 'not-held'] }) outcome: string;
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
  @ApiProperty() category: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date' }) startedOn: string;
  @ApiProperty({ format: 'date', nullable: true }) endedOn: string | null;
  @ApiProperty({ nullable: true }) pausedDays: number | null;
}

export class InformationRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: "The agency's id" }) agency: string;
  @ApiProperty() agencyName: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'date', nullable: true }) receivedOn: string | null;
}

export class SignOffView {
  @ApiProperty({ example: 'csp' }) board: string;
  @ApiProperty() boardName: string;
  @ApiProperty({ format: 'date' }) signedOn: string;
  @ApiProperty() round: number;
  @ApiProperty({ enum: ['approve', 'reject'] }) decision: string;
  @ApiProperty({ nullable: true }) comment: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) memberId: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, description: 'Set when a later change took this approval back' }) withdrawnAt: string | null;
  @ApiProperty({ nullable: true }) withdrawnReason: string | null;
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

export class HistoryView {
  @ApiProperty() action: string;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty() fromStage: string;
  @ApiProperty() toStage: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class ReviewView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'DHR-2026-001' }) reference: string;
  @ApiProperty({ example: 'DHR' }) type: string;
  @ApiProperty({ example: 'Domestic Homicide Review', description: 'The name the ruleset in force gives the review type' }) typeName: string;
  @ApiProperty({ example: 'dhr-2016' }) ruleset: string;
  @ApiProperty({ example: 'decision' }) stage: string;
  @ApiProperty() stageLabel: string;
  @ApiProperty({ enum: ['open', 'paused', 'closed'] }) status: string;
  @ApiProperty({ description: 'Send back as If-Match: "<version>" to refuse a stale change' }) version: number;
  @ApiProperty({ format: 'date' }) notifiedOn: string;
  @ApiProperty({ format: 'date' }) dateOfDeath: string;
  @ApiProperty({ format: 'uuid' }) notifyingAgency: string;
  @ApiProperty() notifyingAgencyName: string;
  @ApiProperty({ type: VictimView }) victim: VictimView;
  @ApiProperty() circumstances: string;
  @ApiProperty({ type: [CriteriaWarningView], description: "The review type's criteria this review does not meet: holding it needs them acknowledged" }) criteriaWarnings: CriteriaWarningView[];
  @ApiProperty({ type: DecisionView, nullable: true }) decision: DecisionView | null;
  @ApiProperty({ type: ChairView, nullable: true }) chair: ChairView | null;
  @ApiProperty({ type: [PanelMemberView] }) panel: PanelMemberView[];
  @ApiProperty({ type: [DeadlineView] }) deadlines: DeadlineView[];
  @ApiProperty({ type: [PauseView] }) pauses: PauseView[];
  @ApiProperty({ type: [InformationRequestView] }) informationRequests: InformationRequestView[];
  @ApiProperty({ type: [SignOffView], description: 'Votes on the current draft, withdrawn ones included' }) signOffs: SignOffView[];
  @ApiProperty({ type: [BoardSignOffView], description: 'Where each board the ruleset names stands on the current draft' }) signOffStatus: BoardSignOffView[];
  @ApiProperty({ type: [StageView], description: 'The statutory stages as a task list' }) stages: StageView[];
  @ApiProperty({ type: [String], description: 'Actions the caller may take now' }) availableActions: string[];
  @ApiProperty({ type: [HistoryView] }) history: HistoryView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
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
  @ApiProperty({ description: 'A deadline is past due and not completed' }) overdue: boolean;
  @ApiProperty({ format: 'date', nullable: true, description: 'The earliest outstanding due date' }) nextDueOn: string | null;
}
