import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQuery } from '@app/common';

export class SourceView {
  @ApiProperty({ enum: ['act', 'regulations', 'statutory-guidance', 'proposal', 'local-practice'] }) kind: string;
  @ApiProperty({ example: 'Devon County Council records retention schedule' }) cite: string;
}

export class PersonRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class RetentionRuleView {
  @ApiProperty({ example: 6 }) years: number;
  @ApiProperty({ enum: ['closure'], description: 'The event the period runs from: the review ended (closed, discontinued or decided not held)' }) after: string;
  @ApiProperty({ type: [SourceView], description: 'Where the rule comes from; local practice where no law sets one' }) source: SourceView[];
  @ApiProperty({ description: "True when it is the partnership's own setting, not the ruleset's rule" }) partnershipSetting: boolean;
  @ApiProperty({ type: PersonRef, nullable: true, description: 'The administrator who set the partnership setting' }) setBy: PersonRef | null;
  @ApiProperty({ format: 'date-time', nullable: true }) setAt: string | null;
}

export class ReviewTypeRetentionView {
  @ApiProperty({ example: 'DHR' }) reviewType: string;
  @ApiProperty({ example: 'Domestic Homicide Review' }) name: string;
  @ApiProperty({ example: 'dhr-2016-v4', description: 'The edition new reviews of the type open under' }) defaultRuleset: string;
  @ApiProperty({ type: RetentionRuleView, nullable: true, description: "The default edition's rule; null when it names none" })
  rulesetRule: RetentionRuleView | null;
  @ApiProperty({ type: RetentionRuleView, nullable: true, description: "The partnership's own period, if an administrator set one" })
  partnershipSetting: RetentionRuleView | null;
  @ApiProperty({
    type: RetentionRuleView,
    nullable: true,
    description: "The rule reviews of the type are kept under (the partnership's setting, else the review's edition's); null: never due for disposal",
  })
  effective: RetentionRuleView | null;
  @ApiProperty({ example: '6 years after closure' }) summary: string;
}

export class SetRetentionRequest {
  @ApiProperty({ example: 6, minimum: 1, maximum: 100, description: 'Years after a review ends that its records are kept' })
  @IsInt()
  @Min(1)
  @Max(100)
  years: number;
}

/** A reason in words: what requires the records be kept (or lets them go). It should name no one. */
function Reason(example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ example, maxLength: 500, description: 'What requires it, in words that name no one' }),
    IsString(),
    MinLength(1),
    MaxLength(500),
    Matches(/\S/, { message: 'must not be blank' }),
  );
}

export class PlaceLegalHoldRequest {
  /** Say what requires the records be kept; name no one. */
  @Reason('IICSA instruction: records touching child sexual abuse')
  reason: string;
}

export class LiftLegalHoldRequest {
  @Reason('The Inquiry confirmed in writing that the records are no longer needed')
  reason: string;
}

export class LegalHoldView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) placedAt: string;
  @ApiProperty({ type: PersonRef, nullable: true }) placedBy: PersonRef | null;
  @ApiProperty({ description: 'True until it is lifted: while any hold is active the review is not disposed of' }) active: boolean;
  @ApiProperty({ format: 'date-time', nullable: true }) liftedAt: string | null;
  @ApiProperty({ type: PersonRef, nullable: true }) liftedBy: PersonRef | null;
  @ApiProperty({ nullable: true }) liftReason: string | null;
}

export class DueForDisposalQuery extends PageQuery {}

export class DueForDisposalItem {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ example: 'DHR-2020-001' }) reference: string;
  @ApiProperty({ example: 'DHR' }) type: string;
  @ApiProperty({ example: 'Domestic Homicide Review' }) typeName: string;
  @ApiProperty({ example: 'dhr-2016-v4' }) ruleset: string;
  @ApiProperty({ format: 'date', description: 'The day the review ended (closed, discontinued or decided not held)' }) endedOn: string;
  @ApiProperty({ example: 'closed', description: 'The stage it ended at' }) endStage: string;
  @ApiProperty({ type: RetentionRuleView }) rule: RetentionRuleView;
  @ApiProperty({ format: 'date', description: 'The ended-on date plus the retention period' }) dueOn: string;
  @ApiProperty({ type: [LegalHoldView], description: 'Active legal holds: while there is one, disposal is refused' }) legalHolds: LegalHoldView[];
}

export class DueForDisposalPage {
  @ApiProperty({ type: [DueForDisposalItem] }) items: DueForDisposalItem[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class DisposeRequest {
  @ApiProperty({ example: 'DHR-2020-001', description: "The review's reference, typed again to confirm: disposal cannot be undone" })
  @IsString()
  @MaxLength(40)
  confirmReference: string;
}

export class DisposalView {
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty({ example: 'DHR-2020-001' }) reference: string;
  @ApiProperty({ format: 'date-time' }) disposedAt: string;
  @ApiProperty({ type: PersonRef }) disposedBy: PersonRef;
  @ApiProperty({ type: RetentionRuleView }) rule: RetentionRuleView;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiPropertyOptional({
    description: 'What was removed, counted by kind (never what it said); the data keys destroyed make the personal data in its audit entries unreadable',
  })
  removed: Record<string, number>;
  @ApiProperty({ description: "Whether the death's own record (real name, place, pseudonym) went too: no other review of it is left" })
  deathDisposed: boolean;
}
