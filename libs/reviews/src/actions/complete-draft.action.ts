import { Injectable } from '@nestjs/common';
import { ReviewAction } from '../pipeline/review-action';
import { MoveOnAction } from './unanswered-requests';

@ReviewAction()
@Injectable()
export class CompleteDraftAction extends MoveOnAction {
  readonly name = 'complete-draft';
  readonly summary =
    'Records that the overview report, executive summary and action plan are drafted, ready for sign-off. With a request still unanswered, the reason to go on is required and recorded.';
}
