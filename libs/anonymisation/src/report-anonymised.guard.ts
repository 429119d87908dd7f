import { Injectable } from '@nestjs/common';
import { DOCUMENT_KIND_LABELS, DocumentKind, DocumentsService } from '@app/documents';
import { GuardFailure, Review, ReviewGuard, ReviewGuardHandler } from '@app/reviews';
import { Ruleset } from '@app/rulesets';
import { AnonymisationCheck } from './anonymisation-check.service';
import { ProtectedIdentities } from './protected-identities.service';
import { findingsPaths, REPORT_KINDS } from './report-checks.service';

/** A report as the refusal lists it (`extensions.documents`). */
interface ReportRow {
  documentId: string;
  kind: DocumentKind;
  title: string;
  version: number;
  checked: boolean;
  checkId: string | null;
  findings: number;
  unacknowledged: number;
  unreadable: boolean;
  /** Checked before a protected name was recorded on the review: that name was not looked for. */
  stale: boolean;
  infected: boolean;
  blocking: boolean;
  findingsPage: string;
  findingsApi: string;
}

/** The guard's name, as rulesets name it on the submission and publication actions. */
export const REPORT_ANONYMISED_GUARD = 'report-anonymised';

/**
 * `report-anonymised` (issue 15.7, "nothing identifying leaves"): the latest version of each of
 * the review's overview reports, executive summaries and published reports (and, for the
 * submission, the versions the boards signed off, where a later one was uploaded since) has been checked for
 * protected names and dates of birth (a check of that exact file, by SHA-256), and every finding
 * of that check is acknowledged with a reason, or there were none. A review with no overview
 * report at all is refused too. The refusal names each report still in the way (by its kind and
 * version, never its title, which may name someone) and where its findings are.
 */
@ReviewGuard()
@Injectable()
export class ReportAnonymisedGuard extends ReviewGuardHandler {
  readonly name = REPORT_ANONYMISED_GUARD;

  constructor(
    private readonly documents: DocumentsService,
    private readonly checks: AnonymisationCheck,
    private readonly identities: ProtectedIdentities,
  ) {
    super();
  }

  async failure(review: Review, ruleset: Ruleset): Promise<GuardFailure | null> {
    // The latest of each report; and while the review is still where it is signed off (so the step
    // is its submission), the versions signed off, which are what is submitted, where those are earlier.
    const draft = review.signOffDraft;
    const atSignOff = ['sign-off', 'partner-sign-off'].some((vote) => ruleset.action(vote)?.stages.includes(review.stage));
    const signedOff = draft && atSignOff ? [draft.overviewReport, ...(draft.executiveSummary ? [draft.executiveSummary] : [])] : [];
    const reports = await this.documents.latestVersionsOf(review.id, REPORT_KINDS, signedOff);
    if (!reports.some(({ document }) => document.kind === 'overview-report')) {
      return {
        detail:
          'Upload the overview report first: the latest version of the overview report (and of any executive summary or published report) must be checked for identifying details, and each finding acknowledged, before the report leaves the partnership.',
        extensions: { documents: [], missing: ['overview-report'] },
      };
    }
    const rows: ReportRow[] = [];
    const lastRecorded = await this.identities.lastRecordedAt(review.id);
    for (const { document, version } of reports) {
      const status = await this.checks.fileStatus(review.id, version.sha256);
      const paths = findingsPaths(review.id, document.id, version.n);
      rows.push({
        documentId: document.id,
        kind: document.kind,
        title: document.title,
        version: version.n,
        checked: status !== null,
        checkId: status?.check.id ?? null,
        findings: status?.findings.length ?? 0,
        unacknowledged: status?.unacknowledged ?? 0,
        unreadable: status?.findings.some(({ finding, acknowledgement }) => finding.kind === 'unreadable' && !acknowledgement) ?? false,
        stale: status !== null && lastRecorded !== null && lastRecorded > status.check.checkedAt,
        infected: version.scanStatus === 'infected',
        blocking: status === null || status.unacknowledged > 0 || (lastRecorded !== null && lastRecorded > status.check.checkedAt),
        findingsPage: paths.page,
        findingsApi: paths.api,
      });
    }
    const blocking = rows.filter((r) => r.blocking);
    if (blocking.length === 0) return null;
    const why = (r: ReportRow): string => {
      const what = `${DOCUMENT_KIND_LABELS[r.kind].toLowerCase()}, version ${r.version}`;
      if (r.infected) return `the ${what}, was found to carry malware: upload a clean version`;
      if (!r.checked) return `the ${what}, has not been checked yet: run the check (${r.findingsPage})`;
      if (r.stale) return `the ${what}, was checked before a protected name was recorded on the review: run the check again (${r.findingsPage})`;
      if (r.unreadable)
        return `the ${what}: its text could not be read, so it could not be checked: upload it as DOCX, PDF with text, ODT or plain text, or acknowledge that with a reason (${r.findingsPage})`;
      return `the ${what}, has ${r.unacknowledged} ${r.unacknowledged === 1 ? 'finding' : 'findings'} of identifying details not yet acknowledged: remove ${r.unacknowledged === 1 ? 'it' : 'them'} in a new version, or acknowledge each with a reason (${r.findingsPage})`;
    };
    return {
      detail: `The report must be anonymised before it leaves the partnership. Not yet: ${blocking.map(why).join('; ')}.`,
      extensions: {
        documents: rows.map(({ infected: _infected, ...row }) => row),
      },
    };
  }
}
