import { Injectable } from '@nestjs/common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { ValidationProblem } from '@app/common';
import { Environment } from '@app/config';

/**
 * The rule every password must meet, after the NCSC's "Password policy: updating your approach"
 * (https://www.ncsc.gov.uk/collection/passwords/updating-your-approach): no composition rules,
 * no expiry, but a minimum length and a deny list of passwords attackers try first. With no
 * second factor yet, 12 characters is the length (the NCSC's three random words are longer).
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 500;

/**
 * zxcvbn's score runs from 0 to 4. Below 3 (fewer than 10^8 guesses) the password is a common
 * one, a variation of one (a word with a year or digits added, a keyboard walk, leetspeak), or
 * built from the person's own email: the passwords found in breach lists and tried first.
 */
const LEAST_SCORE = 3;

// One estimator for the process: building its dictionaries (the common-password list of
// @zxcvbn-ts/language-common and the English words, names and Wikipedia terms of
// @zxcvbn-ts/language-en) takes a moment; each check afterwards takes milliseconds.
let estimator: ZxcvbnFactory | undefined;

function strength(password: string, userInputs: string[]) {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  return estimator.check(password, userInputs);
}

export interface PasswordContext {
  /** The email of the account the password is for: refused as the password, and as a part of it. */
  email: string;
  /** The account's name, if known: guessable from it. */
  name?: string;
  /** The demo password (DEMO_PASSWORD): refused for every account but the demo's own. */
  demoPassword?: string;
  /** The demo seed's own accounts, which are given the demo password on purpose. */
  demoAccount?: boolean;
}

/**
 * Why a password is refused, in plain words after the field's name ("must be…"), or null when
 * it is good enough. Pure: no Nest, no database.
 */
export function passwordRefusal(password: string, context: PasswordContext): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be ${PASSWORD_MIN_LENGTH} characters or more`;
  if (password.length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const email = context.email.trim().toLowerCase();
  const folded = password.trim().toLowerCase();
  if (folded === email || folded === email.split('@')[0]) return 'must not be the email address';
  if (context.demoPassword !== undefined && password === context.demoPassword) {
    if (context.demoAccount) return null;
    return 'must not be the demo password';
  }
  const local = email.split('@')[0];
  const name = context.name?.toLowerCase().trim() ?? '';
  // The person's own words, whole and in parts, joined up too ("robin.calder" → "robincalder").
  const inputs = [email, local, local.replace(/[^a-z0-9]/g, ''), ...email.split(/[@.\-_+]/), name.replace(/\s+/g, ''), ...name.split(/\s+/)].filter(
    (part) => part.length > 2,
  );
  if (strength(password, inputs).score < LEAST_SCORE) {
    return 'is too easy to guess: it is a common password, or like one, or made from your name or email. Try three random words';
  }
  return null;
}

/** The password rule with the product's settings; every path that sets a password calls `check`. */
@Injectable()
export class PasswordPolicy {
  constructor(private readonly env: Environment) {}

  /** Why the password is refused ("must…", "is too easy…"), or null when it meets the rule. */
  refusal(password: string, context: Omit<PasswordContext, 'demoPassword'>): string | null {
    return passwordRefusal(password, { ...context, demoPassword: this.env.DEMO_PASSWORD });
  }

  /** Refuses a password that breaks the rule with a 400 naming `field` (`invalid-input`). */
  check(password: string, context: Omit<PasswordContext, 'demoPassword'>, field = 'password'): void {
    const refusal = this.refusal(password, context);
    if (refusal) throw ValidationProblem.field(field, refusal);
  }
}
