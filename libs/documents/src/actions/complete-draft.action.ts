import { Injectable } from '@nestjs/common';
import { IntersectionType } from '@nestjs/swagger';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { FieldSpec } from '@app/common';
import { ActionContext, ActionFormInput, confirmUnanswered, MoveOnBody, moveOnForm, ReviewAction, ReviewActionHandler } from '@app/reviews';
import { DraftNaming, draftDetails, DraftReports } from './draft-reports';

export class CompleteDraftBody extends IntersectionType(MoveOnBody, DraftNaming) {}

/**
 * The draft is complete: the review goes to sign-off, and the report the boards read is fixed as
 * specific versions (issue 15.6), by default the latest of the overview report and executive
 * summary. A later upload does not change what the boards are voting on: a revised draft does.
 */
@ReviewAction()
@Injectable()
export class CompleteDraftAction extends ReviewActionHandler<CompleteDraftBody> {
  readonly name = 'complete-draft';
  readonly body = CompleteDraftBody;
  readonly summary =
    'Records that the overview report, executive summary and action plan are drafted, ready for sign-off, and names the report versions the boards will read (the latest, unless others are named). With a request still unanswered, the reason to go on is required and recorded.';

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reports: DraftReports,
  ) {
    super();
  }

  override async apply({ review, body, details }: ActionContext<CompleteDraftBody>): Promise<void> {
    await confirmUnanswered(this.txHost, review.id, body, details);
    const draft = await this.reports.name(review, body);
    review.signOffDraft = draft;
    if (draft) Object.assign(details, draftDetails(draft));
  }

  form(input: ActionFormInput): FieldSpec[] {
    const [date, ...rest] = moveOnForm(input);
    return [{ ...date, hint: 'The boards will read the latest version of the overview report and of the executive summary' }, ...rest];
  }
}
