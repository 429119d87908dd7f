import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CalendarDateField, dateField, FieldSpec } from '@app/common';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { outcomeChoices } from './action-fields';

export const QA_OUTCOMES = ['approved', 'approved-with-changes', 'resubmit'] as const;

export class QaOutcomeBody {
  @ApiProperty({ enum: QA_OUTCOMES })
  @IsIn(QA_OUTCOMES, { message: 'must be approved, approved-with-changes or resubmit' })
  outcome: (typeof QA_OUTCOMES)[number];

  @CalendarDateField("The date of the panel's letter")
  receivedOn: string;
}

@ReviewAction()
@Injectable()
export class RecordQaOutcomeAction extends ReviewActionHandler<QaOutcomeBody> {
  readonly name = 'record-qa-outcome';
  readonly body = QaOutcomeBody;
  readonly summary =
    "Records the Home Office Quality Assurance Panel's letter: approved, approved subject to changes, or revise and resubmit (back to drafting, with a new draft to sign off).";

  override async apply({ review, body, details }: ActionContext<QaOutcomeBody>): Promise<void> {
    details.outcome = body.outcome;
    details.round = review.signOffRound;
  }

  form({ ruleset }: ActionFormInput): FieldSpec[] {
    return [
      { path: 'outcome', label: "The panel's outcome", kind: 'radios', choices: outcomeChoices(ruleset, this.name, QA_OUTCOMES) },
      dateField('receivedOn', 'Date of the letter'),
    ];
  }
}
