/** One document version of a draft: which document, which version, and the bytes it had (SHA-256). */
export interface DraftPart {
  documentId: string;
  title: string;
  version: number;
  sha256: string;
}

/**
 * The draft the boards vote on (issue 15.6): the overview report version and, where there is one,
 * the executive summary version. Named when the draft is completed and when a revised draft is
 * issued (the documents capability's actions); copied onto each vote as it is cast.
 */
export interface DraftUnderSignOff {
  overviewReport: DraftPart;
  executiveSummary: DraftPart | null;
}
