import { ErrorSummaryItem } from '../forms';

/** `/sign-in`: what `sign-in.njk` shows. */
export interface SignInPageModel {
  title: string;
  /** Where to go once signed in (a path of this site). */
  returnTo: string;
  timedOut?: boolean;
  signedOut?: boolean;
  signedOutEverywhere?: boolean;
  idleMinutes?: number;
  /** Whether "Sign in with your council account" is offered (OIDC_ISSUER_URL is set). */
  councilSignIn: boolean;
  values: { email?: string };
  errors?: ErrorSummaryItem[];
  fieldErrors?: Record<string, string>;
}
