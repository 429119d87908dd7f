import { Injectable } from '@nestjs/common';
import { GuardFailure, Review, ReviewGuard, ReviewGuardHandler } from '@app/reviews';
import { DraftReports } from './draft-reports';

/**
 * `overview-report-uploaded`: the review holds its overview report, with a version the boards can
 * read (not infected; scanned, where a scanner is set), so that completing the draft names the
 * report the boards sign off.
 */
@ReviewGuard()
@Injectable()
export class OverviewReportUploadedGuard extends ReviewGuardHandler {
  readonly name = 'overview-report-uploaded';

  constructor(private readonly reports: DraftReports) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    if (await this.reports.hasReadableReport(review.id)) return null;
    return {
      detail:
        "Upload the overview report first (a document of the kind 'Overview report' in the review's Documents): the boards sign off the report held here. A version still waiting for its virus scan, or one that failed it, does not count.",
    };
  }
}
