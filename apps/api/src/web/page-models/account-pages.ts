import { Enrolment } from '@app/identity';
import { ErrorSummaryItem } from '../forms';

interface WithErrors {
  errors?: ErrorSummaryItem[];
  fieldErrors: Record<string, string>;
}

/** A page that only says something: a refused link, a refused council sign-in, "check your email". */
export interface MessagePageModel {
  title: string;
  text?: string;
  /** The refusal's stable name, on the page for tests and support (not for people to read). */
  reason?: string;
}

/** `account/set-password.njk`: the link's token goes back in the form's body. */
export interface SetPasswordPageModel extends WithErrors {
  title: string;
  token: string;
}

/** `account/forgot-password.njk`. */
export interface ForgotPasswordPageModel extends WithErrors {
  title: string;
  values: { email?: string };
}

/** `sign-in-code.njk`. */
export interface SignInCodePageModel extends WithErrors {
  title: string;
  /** The recovery code's part open (it was the one that failed). */
  recoveryOpen?: boolean;
}

/** `set-up-authenticator.njk`. */
export interface SetUpAuthenticatorPageModel extends WithErrors {
  title: string;
  enrolment: Enrolment;
  /** Where the code is posted: the sign-in's step, or a signed-in person's own choice. */
  action: '/sign-in/set-up-authenticator' | '/account/authenticator';
  /** Set up by choice (the account's roles do not require it). */
  optional?: boolean;
}

/** `account/authenticator.njk`: a signed-in person who has an app set up already. */
export interface AuthenticatorSetPageModel {
  title: string;
}

/** `recovery-codes.njk`: shown once. */
export interface RecoveryCodesPageModel {
  title: string;
  recoveryCodes: string[];
  returnTo: string;
}

/** A page model checked as its own type (render itself takes any PageModel). */
export function accountPage<T extends { title: string }>(model: T): T {
  return model;
}
