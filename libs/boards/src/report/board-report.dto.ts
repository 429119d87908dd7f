import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from '@app/common';
import { IsIn, IsString, Matches } from 'class-validator';
import { QUARTER_PATTERN } from './quarter';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class BoardReportQuery {
  @ApiProperty({ example: '2026-Q3', description: 'The calendar quarter, YYYY-Qn (Q1 is January to March)' })
  @IsString()
  @Matches(QUARTER_PATTERN, { message: 'must be a calendar quarter written YYYY-Qn, e.g. 2026-Q3' })
  quarter: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, description: 'Without it, the Accept header chooses (text/csv, text/html), else JSON' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `must be one of: ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

export class ReportBoard {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'dab' }) key: string;
  @ApiProperty() name: string;
}

export class StageCount {
  @ApiProperty({ example: 'decision' }) stage: string;
  @ApiProperty({ example: 'Decision' }) label: string;
  @ApiProperty() count: number;
}

export class ReviewFigures {
  @ApiProperty({ description: 'Reviews notified on or before the as-at date' }) total: number;
  @ApiProperty({ type: [StageCount], description: 'Those reviews by the stage they are at now, every stage listed in order' }) byStage: StageCount[];
  @ApiProperty({ description: 'Says that the stage is the current one, not the stage at the quarter end' }) stageNote: string;
  @ApiProperty({ description: 'Reviews notified in the quarter' }) openedInQuarter: number;
  @ApiProperty({ description: 'Reviews now closed whose last move to closed fell in the quarter' }) closedInQuarter: number;
}

export class DeadlineCounts {
  @ApiProperty({ description: 'Completed on or before the due date' }) met: number;
  @ApiProperty({ description: 'Completed late, or not completed and past its due date at the as-at date' }) missed: number;
  @ApiProperty({ description: 'Not completed and not yet due, or its review paused, at the as-at date' }) open: number;
  @ApiProperty() total: number;
}

export class DeadlineKindCounts extends DeadlineCounts {
  @ApiProperty({ example: 'information-request', description: 'The deadline key before any `:`' }) kind: string;
  @ApiProperty({ example: 'Information from an agency' }) label: string;
}

export class DeadlineFigures {
  @ApiProperty({ type: DeadlineCounts, description: 'Every deadline due in the quarter' }) overall: DeadlineCounts;
  @ApiProperty({ type: [DeadlineKindCounts], description: 'The same by kind of deadline, each kind the rulesets know listed' }) byKind: DeadlineKindCounts[];
}

export class PausedTimeCount {
  @ApiProperty({ example: 'criminal-proceedings', description: "The pause category, or the proceeding's kind" }) key: string;
  @ApiProperty({ example: 'Criminal proceedings' }) label: string;
  @ApiProperty({ description: 'Days paused within the quarter, up to the as-at date' }) days: number;
  @ApiProperty({ description: 'Pauses that ran for some of those days' }) pauses: number;
}

export class PausedTimeFigures {
  @ApiProperty({ description: "Days the partnership's reviews were paused within the quarter, up to the as-at date (a day a review resumed not counted)" })
  totalDays: number;
  @ApiProperty({ type: [PausedTimeCount], description: 'By pause category, every category listed' }) byCategory: PausedTimeCount[];
  @ApiProperty({ type: [PausedTimeCount], description: 'Of those, the pauses tied to a parallel proceeding, by its kind; kinds with no days left out' })
  byProceedingKind: PausedTimeCount[];
  @ApiProperty({ description: 'How the days are counted, in words' }) note: string;
}

export class ActionCounts {
  @ApiProperty() notStarted: number;
  @ApiProperty() inProgress: number;
  @ApiProperty() complete: number;
  @ApiProperty() cannotComplete: number;
  @ApiProperty() total: number;
}

export class AgencyActionCounts extends ActionCounts {
  @ApiProperty({ example: 'cheshire-police' }) agency: string;
  @ApiProperty({ example: 'Cheshire Police' }) agencyName: string;
}

export class ThemeActionCounts extends ActionCounts {
  @ApiProperty({ example: 'domestic-abuse-vawg', description: "The priority's key" }) theme: string;
  @ApiProperty({ example: 'Domestic abuse and violence against women and girls' }) name: string;
}

export class ActionFigures {
  @ApiProperty({ type: ActionCounts, description: "Every action of the partnership's reviews that existed at the as-at date, by its status then" })
  overall: ActionCounts;
  @ApiProperty({ type: [AgencyActionCounts], description: 'By owning agency, agencies with no actions left out' }) byAgency: AgencyActionCounts[];
  @ApiProperty({
    type: [ThemeActionCounts],
    description: "By each theme of the action's recommendation (an action counts once under each), every priority listed",
  })
  byTheme: ThemeActionCounts[];
}

export class OverdueAction {
  @ApiProperty({ example: 'DHR-2026-001' }) reviewReference: string;
  @ApiProperty({ example: 'Adult A', description: "The victim's pseudonym; no real name appears in the report" }) victimPseudonym: string;
  @ApiProperty() recommendationNumber: number;
  @ApiProperty({ example: 'Cheshire Police' }) agencyName: string;
  @ApiProperty({ enum: ['not-started', 'in-progress'] }) status: string;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ description: 'Days from the due date to the as-at date' }) daysOverdue: number;
}

export class ReportCheckpoint {
  @ApiProperty({ description: 'The audit entry the checkpoint names' }) seq: number;
  @ApiProperty() hash: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

/** The quarterly progress report a board receives (DOMAIN.md: monitoring, "reported to both boards quarterly"). */
export class BoardReportView {
  @ApiProperty({ type: ReportBoard }) board: ReportBoard;
  @ApiProperty({ example: 'Safer Halton Partnership' }) partnership: string;
  @ApiProperty({ example: '2026-Q3' }) quarter: string;
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
  @ApiProperty({ format: 'date', description: "The quarter's last day, or today while the quarter runs" }) asAt: string;
  @ApiProperty({ type: ReviewFigures }) reviews: ReviewFigures;
  @ApiProperty({ type: DeadlineFigures }) deadlines: DeadlineFigures;
  @ApiProperty({ type: PausedTimeFigures, description: 'Time paused in the quarter, by cause' }) pausedTime: PausedTimeFigures;
  @ApiProperty({ type: ActionFigures }) actions: ActionFigures;
  @ApiProperty({ type: [OverdueAction], description: 'Actions neither complete nor impossible whose due date had passed at the as-at date, oldest first' })
  overdueActions: OverdueAction[];
  @ApiProperty({ type: ReportCheckpoint, nullable: true, description: "The board's latest checkpoint of the audit chain recorded by the as-at date" })
  latestCheckpoint: ReportCheckpoint | null;
}
