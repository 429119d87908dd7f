import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CalendarDateField, dateField, FieldSpec, textareaField, ValidationProblem } from '@app/common';
import { DeadlinesService } from '@app/deadlines';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Text } from './action-fields';

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

@ReviewAction()
@Injectable()
export class ExtendAction extends ReviewActionHandler<ExtendBody> {
  readonly name = 'extend';
  readonly body = ExtendBody;
  readonly summary =
    'Moves one outstanding deadline to a later date, with a reason, as a recorded decision; the original due date is kept, so lateness against it stays visible.';

  constructor(private readonly deadlines: DeadlinesService) {
    super();
  }

  override async apply({ review, body, details, clocks }: ActionContext<ExtendBody>): Promise<void> {
    const deadline = await this.deadlines.findOutstanding(review.id, body.deadline);
    if (!deadline) throw ValidationProblem.field('deadline', 'this review has no outstanding deadline with that key');
    if (body.newDueOn <= deadline.dueOn) throw ValidationProblem.field('newDueOn', `must be later than the current due date (${deadline.dueOn})`);
    await clocks.extend(deadline.key, body.newDueOn, body.reason.trim());
    Object.assign(details, { deadline: deadline.key, fromDueOn: deadline.dueOn, toDueOn: body.newDueOn, originalDueOn: deadline.originalDueOn });
  }

  form({ review }: ActionFormInput): FieldSpec[] {
    return [
      {
        path: 'deadline',
        label: 'Deadline',
        kind: 'select',
        choices: review.deadlines.filter((d) => d.completedOn === null && d.status !== 'cancelled').map((d) => ({ value: d.key, text: d.label })),
      },
      dateField('newDueOn', 'New due date'),
      textareaField('reason', 'Reason for the extension'),
    ];
  }
}
