import { Injectable } from '@nestjs/common';
import { IntersectionType } from '@nestjs/swagger';
import { CalendarDateField, dateField, FieldSpec, textareaField, ValidationProblem } from '@app/common';
import { ActionContext, notBefore, ReviewAction, ReviewActionHandler, Text } from '@app/reviews';
import { DraftNaming, draftDetails, DraftReports, sameDraft } from './draft-reports';

class RevisedDraftFacts {
  @CalendarDateField('The date the revised draft went to the boards')
  on: string;

  @Text(4000, 'Fictional: the chronology now includes the GP contacts the board asked about; recommendation 3 is reworded.')
  changes: string;
}

export class RevisedDraftBody extends IntersectionType(RevisedDraftFacts, DraftNaming) {}

/**
 * A board rejected the draft: the chair answers with a revised one, a new version of the report
 * (issue 15.6). The boards vote again, in a new sign-off round; the earlier votes stay on record
 * as cast on the earlier version. Without it a rejected draft would leave the review at sign-off
 * with nothing to do.
 */
@ReviewAction()
@Injectable()
export class IssueRevisedDraftAction extends ReviewActionHandler<RevisedDraftBody> {
  readonly name = 'issue-revised-draft';
  readonly body = RevisedDraftBody;
  readonly summary =
    'After a board rejected the draft, issues a revised one (a new version of the overview report or executive summary, the latest unless named), saying what changed: a new sign-off round starts, and the earlier votes stay on record as cast on the earlier version.';

  constructor(private readonly reports: DraftReports) {
    super();
  }

  override async apply({ review, body, details }: ActionContext<RevisedDraftBody>): Promise<void> {
    notBefore('on', body.on, review.stageEnteredOn, 'the review reached sign-off');
    const earlier = review.signOffDraft;
    const draft = await this.reports.name(review, body);
    if (earlier && (!draft || sameDraft(earlier, draft))) {
      const voted = `version ${earlier.overviewReport.version} of the overview report${earlier.executiveSummary ? ` and version ${earlier.executiveSummary.version} of the executive summary` : ''}`;
      throw ValidationProblem.field(
        'overviewReportVersion',
        `must name a new version: the boards voted on ${voted}. Upload the revised report as a new version of its document first`,
      );
    }
    review.signOffDraft = draft;
    Object.assign(details, { previousRound: review.signOffRound, changes: body.changes.trim(), ...(draft ? draftDetails(draft) : {}) });
  }

  form(): FieldSpec[] {
    return [
      dateField(
        'on',
        'Date the revised draft went to the boards',
        'The boards will read the latest version of the overview report and of the executive summary',
      ),
      textareaField('changes', 'What changed in answer to the rejection'),
    ];
  }
}
