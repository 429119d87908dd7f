import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsIn, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { FieldSpec, textareaField, ValidationProblem, IsOptional } from '@app/common';
import { QaChange } from '../entities/qa-change.entity';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { longDate } from './action-fields';

export const QA_CHANGE_MARKS = ['done', 'explained'] as const;

export class QaChangeBody {
  @ApiProperty({ format: 'uuid', description: 'The change, as the review lists it in qaChanges' })
  @IsUUID('all', { message: 'must be the id of a change the QA letter requires on this review' })
  changeId: string;

  @ApiProperty({ enum: QA_CHANGE_MARKS, description: 'done: the report was changed; explained: it was not, and the explanation says why' })
  @IsIn(QA_CHANGE_MARKS, { message: 'is required: done or explained' })
  status: (typeof QA_CHANGE_MARKS)[number];

  @ApiPropertyOptional({ maxLength: 4000, description: 'Why the change was not made: required when explained; a note of how it was made, when done' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @Matches(/\S/, { message: 'must not be blank' })
  explanation?: string;
}

/** Marks one change the QA letter requires as done, or as not made with the reason (issue 16.4). */
@ReviewAction()
@Injectable()
export class RecordQaChangeAction extends ReviewActionHandler<QaChangeBody> {
  readonly name = 'record-qa-change';
  readonly body = QaChangeBody;
  readonly summary =
    "Marks one change the Home Office Quality Assurance Panel's letter requires as done, or as explained (not made, with the reason). A change can be marked again; its latest mark counts.";

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, user, now, details }: ActionContext<QaChangeBody>): Promise<void> {
    const repo = this.txHost.tx.getRepository(QaChange);
    const change = await repo
      .createQueryBuilder('c')
      .where('c.id = :id AND c.review_id = :reviewId', { id: body.changeId, reviewId: review.id })
      .setLock('pessimistic_write')
      .getOne();
    if (!change) throw ValidationProblem.field('changeId', 'this review has no change required by a QA letter with that id');
    const explanation = body.explanation?.trim() || null;
    if (body.status === 'explained' && !explanation) {
      throw ValidationProblem.field('explanation', 'is required when the change is explained: say why it was not made');
    }
    const from = change.status;
    await repo.update({ id: change.id }, { status: body.status, explanation, markedBy: user.id, markedAt: now });
    Object.assign(details, { changeId: change.id, round: change.letterRound, from, status: body.status });
  }

  form({ review }: ActionFormInput): FieldSpec[] {
    return [
      {
        path: 'changeId',
        label: 'Change',
        kind: 'select',
        choices: review.qaChanges.map((c) => ({
          value: c.id,
          text: `${c.position}. ${c.text} (letter of ${longDate(c.letterReceivedOn)}; ${c.statusName.toLowerCase()})`,
        })),
      },
      {
        path: 'status',
        label: 'What was done',
        kind: 'radios',
        choices: [
          { value: 'done', text: 'Done: the report was changed' },
          { value: 'explained', text: 'Not made: explained', hint: 'Say why in the explanation' },
        ],
      },
      textareaField('explanation', 'Explanation', 'Required when the change was not made; otherwise, optionally, how it was made'),
    ];
  }
}
