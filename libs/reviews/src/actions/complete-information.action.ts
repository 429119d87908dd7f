import { Injectable } from '@nestjs/common';
import { ReviewAction } from '../pipeline/review-action';
import { MoveOnAction } from './unanswered-requests';

@ReviewAction()
@Injectable()
export class CompleteInformationAction extends MoveOnAction {
  readonly name = 'complete-information';
  readonly summary =
    'Closes information gathering: the panel has what it asked the agencies for, and drafting begins. With a request still unanswered, the reason to go on is required and recorded.';
}
