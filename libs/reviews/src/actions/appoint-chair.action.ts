import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Role } from '@app/access';
import { CalendarDateField, ConflictProblem, dateField, FieldSpec } from '@app/common';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Appointing } from './appointing';

export class AppointChairBody {
  @ApiProperty({ format: 'uuid', description: 'A user with the independent-chair role' })
  @IsUUID('all', { message: 'must be the id of a user' })
  userId: string;

  @CalendarDateField('The date of appointment')
  appointedOn: string;
}

@ReviewAction()
@Injectable()
export class AppointChairAction extends ReviewActionHandler<AppointChairBody> {
  readonly name = 'appoint-chair';
  readonly body = AppointChairBody;
  readonly summary = 'Appoints (or replaces) the independent chair: a user with the independent-chair role, of this partnership or one contributing.';

  constructor(private readonly appointing: Appointing) {
    super();
  }

  override async apply({ review, body, details }: ActionContext<AppointChairBody>): Promise<void> {
    const chair = await this.appointing.appointable(review, body.userId, Role.IndependentChair);
    notBefore('appointedOn', body.appointedOn, review.decidedOn, 'the decision to hold the review');
    if (review.chairUserId === chair.id) throw new ConflictProblem('That user already chairs this review.');
    details.previousChairUserId = review.chairUserId;
    details.chairUserId = chair.id;
    review.chairUserId = chair.id;
    review.chairAppointedOn = body.appointedOn;
  }

  /** Once the review has a chair, appointing another replaces them. */
  override title({ review }: ActionFormInput): string | undefined {
    return review.chair ? 'Change the independent chair' : undefined;
  }

  async form({ user }: ActionFormInput): Promise<FieldSpec[]> {
    return [
      { path: 'userId', label: 'Independent chair', kind: 'select', choices: await this.appointing.people(user, Role.IndependentChair) },
      dateField('appointedOn', 'Date appointed'),
    ];
  }
}
