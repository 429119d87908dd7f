import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { CalendarDateField } from '@app/common';
import { PAUSE_CATEGORIES } from '../entities/review-pause.entity';

/** The bodies of `POST /api/reviews/:id/actions/:action`, one class per action. */

/** Free text that must say something, up to `max` characters. */
function Text(max: number, example: string): PropertyDecorator {
  return applyDecorators(IsString(), MinLength(1), MaxLength(max), Matches(/\S/, { message: 'must not be blank' }), ApiProperty({ example, maxLength: max }));
}

/** Every decision outcome some ruleset uses; which a review may use is its ruleset's business. */
export const DECISION_OUTCOMES = ['hold', 'not-held', 'under-a-duty', 'not-under-a-duty'] as const;

export class DecideBody {
  @ApiProperty({ enum: DECISION_OUTCOMES, description: 'DHR: hold or not-held. OWHR: under-a-duty or not-under-a-duty (reverse-decision takes the same body)' })
  @IsIn(DECISION_OUTCOMES, { message: `must be one of: ${DECISION_OUTCOMES.join(', ')}` })
  outcome: (typeof DECISION_OUTCOMES)[number];

  @CalendarDateField('The date the CSP chair decided')
  decidedOn: string;

  @Text(10000, 'The death meets the criteria: the suspect is a former partner.')
  rationale: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['victim-16-or-over'],
    description: "Keys of the review's criteria warnings the decision maker saw and holds the review despite",
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  acknowledgedWarnings?: string[];
}

export class HomeOfficeNoticeBody {
  @CalendarDateField('The date the Home Office was told of the decision')
  sentOn: string;
}

export class CopySentBody {
  @CalendarDateField('The date the copy was sent')
  sentOn: string;
}

export class AppointChairBody {
  @ApiProperty({ format: 'uuid', description: 'A user with the independent-chair role' })
  @IsUUID('all', { message: 'must be the id of a user' })
  userId: string;

  @CalendarDateField('The date of appointment')
  appointedOn: string;
}

export class AddPanelMemberBody {
  @ApiProperty({ format: 'uuid', description: 'A user with the panel-member role' })
  @IsUUID('all', { message: 'must be the id of a user' })
  userId: string;

  @ApiProperty({ example: 'cheshire-police', description: 'The agency they represent: id or code' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  agency: string;
}

export class TermsOfReferenceBody {
  @CalendarDateField('The date the panel agreed the terms of reference')
  agreedOn: string;
}

export class RequestInformationBody {
  @ApiProperty({ example: 'cheshire-police', description: 'The agency asked: id or code' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  agency: string;

  @Text(2000, 'Individual management review and chronology, January 2023 onwards')
  description: string;

  @CalendarDateField('When the information is due; today or later')
  dueOn: string;
}

export class ReceiveInformationBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of an information request of this review' })
  requestId: string;

  @CalendarDateField('The date the information arrived')
  receivedOn: string;
}

export class OnDateBody {
  @CalendarDateField('The date it happened')
  on: string;
}

/** A vote on a report: a board member's for their board, or a review partner's. */
class VoteBody {
  @CalendarDateField('The date of the vote')
  on: string;

  @ApiPropertyOptional({ enum: ['approve', 'reject'], default: 'approve' })
  @IsOptional()
  @IsIn(['approve', 'reject'], { message: 'must be approve or reject' })
  decision?: 'approve' | 'reject';

  @ApiPropertyOptional({ maxLength: 4000, description: 'Required when rejecting: what must change' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(/\S/, { message: 'must not be blank' })
  comment?: string;
}

export class SignOffBody extends VoteBody {
  @ApiProperty({ enum: ['csp', 'dab'], description: 'csp: the CSP board; dab: the Domestic Abuse Board' })
  @IsString()
  @Matches(/^[a-z]+$/, { message: 'must be a board key such as csp or dab' })
  board: string;
}

export class SubmitBody {
  @CalendarDateField('The date the report was submitted: to the Home Office Quality Assurance Panel (DHR), or to the Secretary of State (OWHR)')
  submittedOn: string;
}

export class QaOutcomeBody {
  @ApiProperty({ enum: ['approved', 'approved-with-changes', 'resubmit'] })
  @IsIn(['approved', 'approved-with-changes', 'resubmit'], { message: 'must be approved, approved-with-changes or resubmit' })
  outcome: 'approved' | 'approved-with-changes' | 'resubmit';

  @CalendarDateField("The date of the panel's letter")
  receivedOn: string;
}

export class PublishBody {
  @CalendarDateField('The date of publication')
  publishedOn: string;
}

export class PauseBody {
  @Text(2000, 'Criminal trial listed for the spring; the panel cannot interview witnesses before it.')
  reason: string;

  @CalendarDateField('The date the pause began')
  startedOn: string;

  @ApiPropertyOptional({ enum: PAUSE_CATEGORIES, default: 'other' })
  @IsOptional()
  @IsIn(PAUSE_CATEGORIES, { message: `must be one of: ${PAUSE_CATEGORIES.join(', ')}` })
  category?: (typeof PAUSE_CATEGORIES)[number];
}

export class ExtendBody {
  @ApiProperty({ example: 'review', description: "The deadline's key, as the review lists it" })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  deadline: string;

  @CalendarDateField('The new due date; later than the current one')
  newDueOn: string;

  @Text(2000, 'Two agencies need more time for their IMRs.')
  reason: string;
}

export class NoticeSentBody {
  @CalendarDateField('The date the notice went to the Secretary of State')
  sentOn: string;
}

export class DiscontinueBody {
  @CalendarDateField('The date the review was discontinued')
  on: string;

  @Text(2000, 'A Domestic Homicide Review is to be held: the suspect was a former partner.')
  reason: string;
}

export class ReviewPartnerBody {
  @ApiProperty({ example: 'police', description: "One of the ruleset's review partners: police, local-authority, integrated-care-board" })
  @IsString()
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'must be a review partner such as police' })
  partner: string;

  @ApiProperty({ format: 'uuid', description: 'A user with the review-partner role who speaks for that partner; their agency is the one they represent' })
  @IsUUID('all', { message: 'must be the id of a user' })
  userId: string;
}

export class PartnerSignOffBody extends VoteBody {
  @ApiProperty({ example: 'police', description: 'The review partner you speak for' })
  @IsString()
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'must be a review partner such as police' })
  partner: string;
}
