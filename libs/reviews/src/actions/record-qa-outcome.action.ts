import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { CalendarDateField, dateField, FieldSpec, ValidationProblem, IsOptional } from '@app/common';
import { QaChange } from '../entities/qa-change.entity';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { outcomeChoices } from './action-fields';

export const QA_OUTCOMES = ['approved', 'approved-with-changes', 'resubmit'] as const;

/** The most changes one letter lists, and the longest a change may be. */
export const QA_CHANGE_LIMITS = { changes: 50, length: 2000 };

export class QaOutcomeBody {
  @ApiProperty({ enum: QA_OUTCOMES })
  @IsIn(QA_OUTCOMES, { message: 'must be approved, approved-with-changes or resubmit' })
  outcome: (typeof QA_OUTCOMES)[number];

  @CalendarDateField("The date of the panel's letter")
  receivedOn: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: QA_CHANGE_LIMITS.changes,
    example: ['Fictional: remove the date of the inquest from paragraph 4.2.', 'Fictional: add the action plan as an appendix.'],
    description:
      "Each change the letter requires, one item each: at least one when approved subject to changes; allowed with revise and resubmit; none when approved. They become the review's QA checklist (qaChanges), each to be marked done or explained (record-qa-change).",
  })
  @IsOptional()
  @IsArray({ message: 'must be a list of the changes the letter requires' })
  @ArrayMaxSize(QA_CHANGE_LIMITS.changes, { message: `must list at most ${QA_CHANGE_LIMITS.changes} changes` })
  @IsString({ each: true, message: 'must each be the text of a change' })
  @MaxLength(QA_CHANGE_LIMITS.length, { each: true, message: `must each be at most ${QA_CHANGE_LIMITS.length} characters` })
  @Matches(/\S/, { each: true, message: 'must not include a blank change' })
  requiredChanges?: string[];
}

@ReviewAction()
@Injectable()
export class RecordQaOutcomeAction extends ReviewActionHandler<QaOutcomeBody> {
  readonly name = 'record-qa-outcome';
  readonly body = QaOutcomeBody;
  readonly summary =
    "Records the Home Office Quality Assurance Panel's letter: approved, approved subject to changes, or revise and resubmit (back to drafting, with a new draft to sign off). The changes the letter requires become the review's checklist: an approval subject to changes is not published until each is done or explained.";

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, details, now }: ActionContext<QaOutcomeBody>): Promise<void> {
    const changes = (body.requiredChanges ?? []).map((text) => text.trim());
    if (body.outcome === 'approved-with-changes' && changes.length === 0) {
      throw ValidationProblem.field('requiredChanges', 'must list at least one change when the letter approves the report subject to changes');
    }
    if (body.outcome === 'approved' && changes.length > 0) {
      throw ValidationProblem.field('requiredChanges', 'must be empty when the letter approves the report as it is: choose approved subject to changes');
    }
    details.outcome = body.outcome;
    details.round = review.signOffRound;
    if (changes.length === 0) return;
    const repo = this.txHost.tx.getRepository(QaChange);
    const saved = await repo.save(
      changes.map((text, i) =>
        repo.create({ reviewId: review.id, letterRound: review.signOffRound, letterReceivedOn: body.receivedOn, position: i + 1, text, createdAt: now }),
      ),
    );
    details.requiredChanges = saved.map((c) => c.id);
  }

  form({ ruleset }: ActionFormInput): FieldSpec[] {
    return [
      { path: 'outcome', label: "The panel's outcome", kind: 'radios', choices: outcomeChoices(ruleset, this.name, QA_OUTCOMES) },
      dateField('receivedOn', 'Date of the letter'),
      {
        path: 'requiredChanges',
        label: 'Changes the letter requires',
        kind: 'lines',
        hint: 'One change a line. Required when the report is approved subject to changes; leave empty when it is approved as it is.',
      },
    ];
  }
}
