import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { FieldSpec } from '@app/common';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { confirmUnanswered, MoveOnBody, moveOnForm } from './unanswered-requests';

@ReviewAction()
@Injectable()
export class CompleteInformationAction extends ReviewActionHandler<MoveOnBody> {
  readonly name = 'complete-information';
  readonly body = MoveOnBody;
  readonly summary =
    'Closes information gathering: the panel has what it asked the agencies for, and drafting begins. With a request still unanswered, the reason to go on is required and recorded.';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, details }: ActionContext<MoveOnBody>): Promise<void> {
    await confirmUnanswered(this.txHost, review.id, body, details);
  }

  form(input: ActionFormInput): FieldSpec[] {
    return moveOnForm(input);
  }
}
