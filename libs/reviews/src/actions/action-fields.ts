import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CalendarDateField, Choice, dateField, FieldSpec, dateInWords, humanise, textareaField, IsOptional } from '@app/common';
import { Ruleset } from '@app/rulesets';

/** What the action bodies share: free text, a date, a vote; and the words the forms use for outcomes. */

/** Free text that must say something, up to `max` characters. */
export function Text(max: number, example: string): PropertyDecorator {
  return applyDecorators(IsString(), MinLength(1), MaxLength(max), Matches(/\S/, { message: 'must not be blank' }), ApiProperty({ example, maxLength: max }));
}

/** An action that records only the day it happened. */
export class OnDateBody {
  @CalendarDateField('The date it happened')
  on: string;
}

export const onDateForm = (): FieldSpec[] => [dateField('on', 'Date')];

/** A vote on a report: a board member's for their board, or a review partner's. */
export class VoteBody {
  @CalendarDateField('The date of the vote')
  on: string;

  @ApiProperty({ enum: ['approve', 'reject'], description: 'Always said: a vote is never taken as an approval by default' })
  @IsIn(['approve', 'reject'], { message: 'is required: approve or reject' })
  decision: 'approve' | 'reject';

  @ApiPropertyOptional({ maxLength: 4000, description: 'Required when rejecting: what must change' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(/\S/, { message: 'must not be blank' })
  comment?: string;
}

/** The questions of a vote, after any of its own (the board, the partner). */
export function voteForm(extra: FieldSpec[]): FieldSpec[] {
  return [
    ...extra,
    dateField('on', 'Date of the decision'),
    {
      path: 'decision',
      label: 'Decision',
      kind: 'radios',
      choices: [
        { value: 'approve', text: 'Approve' },
        { value: 'reject', text: 'Reject', hint: 'Say in the comment what must change' },
      ],
    },
    textareaField('comment', 'Comment', 'Required when you reject'),
  ];
}

const OUTCOME_NAMES: Record<string, string> = {
  hold: 'Hold a review',
  'not-held': 'Do not hold a review',
  'under-a-duty': 'Under a duty to hold a review',
  'not-under-a-duty': 'Not under a duty to hold a review',
  approved: 'Approved for publication',
  'approved-with-changes': 'Approved subject to changes',
  resubmit: 'Inadequate: revise and resubmit',
};

/** An action's outcome in words ("Hold a review"), as its form and the review's pages say it. */
export function outcomeName(outcome: string): string {
  return OUTCOME_NAMES[outcome] ?? humanise(outcome);
}

/** The outcomes the ruleset has for an action (or, where it names none, these), in words. */
export function outcomeChoices(ruleset: Ruleset, action: string, fallback: readonly string[] = []): Choice[] {
  const outcomes = ruleset.outcomesOf(action);
  return (outcomes.length ? outcomes : fallback).map((value) => ({ value, text: outcomeName(value) }));
}

/** The ruleset's review partners (an OWHR's police, local authority and integrated care board) as choices. */
export function reviewPartnerChoices(ruleset: Ruleset): Choice[] {
  return (ruleset.definition.reviewPartners ?? []).map((p) => ({ value: p.key, text: p.label }));
}

/** 2027-03-14 as "14 March 2027" (libs/common's dateInWords), for forms. */
export const longDate = dateInWords;
