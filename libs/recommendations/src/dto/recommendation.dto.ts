import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { CalendarDateField, IsOptional, PageQuery } from '@app/common';
import { ACTION_STATUSES, ActionStatus } from '../entities/recommendation-action.entity';
import { Level, LEVELS } from '../entities/recommendation.entity';

export class RecommendationBody {
  @ApiProperty({ example: 'Agencies share risk information about repeat callers within 48 hours.', maxLength: 4000 })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @Matches(/\S/, { message: 'must not be blank' })
  text: string;

  @ApiProperty({ enum: LEVELS })
  @IsIn(LEVELS, { message: `must be one of: ${LEVELS.join(', ')}` })
  level: Level;

  @ApiProperty({ example: 'cheshire-police', description: 'The owning agency: id or code' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  owningAgency: string;

  @ApiProperty({ example: ['domestic-abuse-vawg'], description: "Keys of the partnership's priorities (GET /api/priorities)" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(9)
  @ArrayUnique()
  @IsString({ each: true })
  themes: string[];

  @ApiPropertyOptional({ example: ['information-sharing'], description: 'Free tags' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  tags?: string[];

  @ApiProperty({ example: 'By March 2027 every repeat call is shared within 48 hours, checked by a quarterly audit of 20 cases.', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'must not be blank' })
  outcome: string;
}

export class UpdateRecommendationBody extends PartialType(RecommendationBody, { skipNullProperties: false }) {}

export class ActionBody {
  @ApiProperty({ example: 'Train call handlers on the repeat-caller flag.', maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'must not be blank' })
  description: string;

  @ApiProperty({ example: 'cheshire-police', description: 'The agency that owns the action: id or code' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  owningAgency: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The lead person: a user of the owning agency' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the id of a user' })
  leadUserId?: string;

  @CalendarDateField('When the action is due: on or after the day the action plan set it (today, unless setOn says otherwise)')
  dueOn: string;

  @ValidateIf((body: ActionBody) => body.setOn !== undefined)
  @CalendarDateField('The day the action plan set the action, when that was before today (a plan agreed before it was recorded); today when left out', {
    required: false,
  })
  setOn?: string;
}

export class ActionUpdateBody {
  @ApiProperty({ enum: ACTION_STATUSES })
  @IsIn(ACTION_STATUSES, { message: `must be one of: ${ACTION_STATUSES.join(', ')}` })
  status: ActionStatus;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required for cannot-complete: why not' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'must not be blank' })
  reason?: string;

  @CalendarDateField('The date of the progress')
  on: string;
}

export class ActionListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional()
  @IsIn(ACTION_STATUSES, { message: `must be one of: ${ACTION_STATUSES.join(', ')}` })
  status?: ActionStatus;

  @ApiPropertyOptional({ description: 'Only actions owned by this agency: id or code' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  agency?: string;
}

export class ActionUpdateView {
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  @ApiProperty({ nullable: true }) note: string | null;
  @ApiProperty({ nullable: true }) reason: string | null;
  @ApiProperty({ format: 'date' }) on: string;
  @ApiProperty({ format: 'uuid', nullable: true }) recordedBy: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

/** Why a recommendation, or an action of its plan, is withdrawn. */
export class WithdrawBody {
  @ApiProperty({ maxLength: 2000, example: 'Fictional: the agency has already changed its practice, so the recommendation is not needed.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'must not be blank' })
  reason: string;
}

export class WithdrawalView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true }) by: string | null;
  @ApiProperty() reason: string;
}

export class ActionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recommendationId: string;
  @ApiProperty() recommendationNumber: number;
  @ApiProperty({ format: 'uuid' }) reviewId: string;
  @ApiProperty() reviewReference: string;
  @ApiProperty() description: string;
  @ApiProperty({ format: 'uuid' }) owningAgency: string;
  @ApiProperty() owningAgencyName: string;
  @ApiProperty({ format: 'uuid', nullable: true }) leadUserId: string | null;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty({ format: 'date', nullable: true }) completedOn: string | null;
  @ApiProperty({ description: 'Past its due date and not finished' }) overdue: boolean;
  @ApiProperty({ type: [ActionUpdateView], description: 'Every progress update, oldest first' }) history: ActionUpdateView[];
  @ApiProperty({ type: WithdrawalView, nullable: true, description: 'When, by whom and why it was withdrawn; null while it stands' })
  withdrawn: WithdrawalView | null;
}

export class RecommendationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() number: number;
  @ApiProperty() text: string;
  @ApiProperty({ enum: LEVELS }) level: Level;
  @ApiProperty({ format: 'uuid' }) owningAgency: string;
  @ApiProperty() owningAgencyName: string;
  @ApiProperty({ type: [String] }) themes: string[];
  @ApiProperty({ type: [String] }) themeNames: string[];
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() outcome: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [ActionView] }) actions: ActionView[];
  @ApiProperty({ type: WithdrawalView, nullable: true, description: 'When, by whom and why it was withdrawn; null while it stands' })
  withdrawn: WithdrawalView | null;
  @ApiProperty({ type: [String], description: 'Boards whose approval this change withdrew (on create and update)' }) withdrawnSignOffs?: string[];
}
