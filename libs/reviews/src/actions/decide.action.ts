import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsString } from 'class-validator';
import { CalendarDateField, ConflictProblem, dateField, FieldSpec, textareaField, ValidationProblem, IsOptional } from '@app/common';
import { unmetCriteria } from '../criteria';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { outcomeChoices, Text } from './action-fields';

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

/**
 * The criteria are warnings, not blocks: a decision that goes ahead with a review must name
 * each one the death does not meet in `acknowledgedWarnings` (409 otherwise), and may name no other.
 */
export function checkCriteriaAcknowledged({ action, review, ruleset, body, details }: ActionContext<DecideBody>): void {
  const warnings = unmetCriteria(ruleset, review.death);
  const acknowledged = body.acknowledgedWarnings ?? [];
  const stray = acknowledged.filter((key) => !warnings.some((w) => w.key === key));
  if (stray.length) {
    throw ValidationProblem.field('acknowledgedWarnings', `${stray.join(', ')} ${stray.length === 1 ? 'is not a warning' : 'are not warnings'} of this review`);
  }
  const unacknowledged = warnings.filter((w) => !acknowledged.includes(w.key));
  if (ruleset.goesAhead(action, body.outcome) && unacknowledged.length) {
    throw new ConflictProblem(
      `Going ahead with this review needs its criteria warnings acknowledged: ${unacknowledged.map((w) => w.warning).join(' ')} Send acknowledgedWarnings: [${unacknowledged.map((w) => `"${w.key}"`).join(', ')}] to go ahead anyway.`,
      { warnings: unacknowledged.map(({ key, warning }) => ({ key, warning })) },
    );
  }
  if (acknowledged.length) details.acknowledgedWarnings = acknowledged;
}

/** The decision form, shared with reverse-decision. */
export function decisionForm({ review, ruleset }: ActionFormInput, action: string): FieldSpec[] {
  return [
    { path: 'outcome', label: 'Decision', kind: 'radios', choices: outcomeChoices(ruleset, action) },
    dateField('decidedOn', 'Date decided'),
    textareaField('rationale', 'Rationale', 'Against the criteria; name no one, use pseudonyms'),
    ...(review.criteriaWarnings.length
      ? [
          {
            path: 'acknowledgedWarnings',
            label: 'Criteria not met that you have taken into account',
            kind: 'checkboxes',
            choices: review.criteriaWarnings.map((w) => ({ value: w.key, text: w.warning })),
          } as FieldSpec,
        ]
      : []),
  ];
}

@ReviewAction()
@Injectable()
export class DecideAction extends ReviewActionHandler<DecideBody> {
  readonly name = 'decide';
  readonly body = DecideBody;
  readonly summary =
    'Records the decision whether to hold a review, with its rationale. A decision that goes ahead must acknowledge each criteria warning the death has.';

  override async apply(context: ActionContext<DecideBody>): Promise<void> {
    const { review, body, details } = context;
    checkCriteriaAcknowledged(context);
    review.decisionOutcome = body.outcome;
    review.decidedOn = body.decidedOn;
    review.decisionRationale = body.rationale;
    details.outcome = body.outcome;
  }

  form(input: ActionFormInput): FieldSpec[] {
    return decisionForm(input, this.name);
  }
}
