import { Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AuthenticatedUser, CalendarDate, FieldSpec } from '@app/common';
import { DeadlineClock, Ruleset } from '@app/rulesets';
import { ReviewView } from '../dto/review.view';
import { Review } from '../entities/review.entity';

/**
 * The clocks an action may touch besides the ruleset's own effects (which the pipeline applies):
 * a clock per item (an information request's own due date), the notices it answers, the paused
 * days, an extension. Every kind named must be a deadline the review's ruleset declares, so a
 * ruleset still says which clocks a review has; the pipeline owns how they are written.
 */
export interface ActionClocks {
  /** Opens the ruleset's clock of `kind` for one item (key `<kind>:<item>`); returns the deadline's id. */
  openItem(kind: string, item: string, label: string, dueOn: CalendarDate): Promise<string>;
  /**
   * Opens clocks of the ruleset's own, as an action's effects would, from the dates given (else
   * the review's): a notice that falls due because of what the action recorded.
   */
  open(clocks: DeadlineClock[], dates: object): Promise<void>;
  /** Meets these outstanding deadlines (by key, or every instance of a kind) on a date. */
  meet(keys: string[], on: CalendarDate): Promise<void>;
  /** Moves every outstanding deadline of the review's own clocks on by the days paused; returns how many moved. */
  shiftOutstanding(days: number): Promise<number>;
  /** Moves one outstanding deadline to a later date, as a recorded decision that keeps the original date. */
  extend(key: string, newDueOn: CalendarDate, reason: string): Promise<void>;
  /** Stops one outstanding statutory notice as not sent and never to be, with the reason (it is then cancelled). */
  recordNotSent(key: string, reason: string, on: CalendarDate): Promise<void>;
}

export interface ActionContext<B> {
  /** The action's name, as the ruleset has it. */
  action: string;
  review: Review;
  ruleset: Ruleset;
  body: B;
  user: AuthenticatedUser;
  now: Date;
  today: CalendarDate;
  /** Facts the action adds to the review's history and its audit entry. */
  details: Record<string, unknown>;
  /** Outbox rows the action wrote, to hand to the mail queue once it commits. */
  mails: string[];
  clocks: ActionClocks;
}

/** What an action's web form may depend on: the review as the person sees it, its ruleset, who they are. */
export interface ActionFormInput {
  review: ReviewView;
  ruleset: Ruleset;
  user: AuthenticatedUser;
}

/**
 * One action a review can take: its name, its body (validated by class-validator and documented
 * in OpenAPI), what it does, its web form. A class extending this and marked `@ReviewAction()`
 * is found by the pipeline wherever its module is imported, so a capability lib registers its own
 * actions without editing libs/reviews. When, by whom, and with what effects on the stage and the
 * clocks is the ruleset's business; `apply` records only what the action itself knows.
 */
export abstract class ReviewActionHandler<B extends object = object> {
  abstract readonly name: string;
  abstract readonly body: Type<B>;
  /** What the action does, in a sentence: the OpenAPI operation's description. */
  abstract readonly summary: string;

  /** The action's own checks and records, in the pipeline's transaction. Most record nothing. */
  async apply(_context: ActionContext<B>): Promise<void> {}

  /** The questions of the action's web form, in order. */
  abstract form(input: ActionFormInput): FieldSpec[] | Promise<FieldSpec[]>;

  /** The form's heading where the review's state changes what the action means to people; otherwise the ruleset's label. */
  title(_input: ActionFormInput): string | undefined {
    return undefined;
  }
}

/** Why a guard holds an action back, in words, with any facts a client can act on. */
export interface GuardFailure {
  detail: string;
  extensions?: Record<string, unknown>;
}

/**
 * A precondition a ruleset can name in an action's `guards` (`name`, or `name:argument`). A class
 * extending this and marked `@ReviewGuard()` is found by the pipeline wherever its module is imported.
 */
export abstract class ReviewGuardHandler {
  abstract readonly name: string;
  /** Whether the guard takes an argument after a colon, and what it names (a deadline of the ruleset). */
  readonly argument?: 'deadline';
  /** The reason the action cannot be taken yet, or null when it can. */
  abstract failure(review: Review, ruleset: Ruleset, argument: string | undefined): Promise<GuardFailure | null>;
}

/**
 * A guard that is one SQL condition over the review: the condition is its only definition. Asked
 * on its own it is one statement; the review's page (ReviewViews) instead reads every such guard
 * its rulesets name inside its one statement, with the rest of the page.
 */
export abstract class ConditionGuardHandler extends ReviewGuardHandler {
  /** True when the guard is met, over the review's row as `r` (the review's own table or its published `review_facts`); other libs' tables only through views they publish. */
  abstract condition(r: string, argument: string | undefined): string;
  /** Why the action cannot be taken yet, when the condition is false. */
  abstract refusal(review: Review, ruleset: Ruleset, argument: string | undefined): GuardFailure;
  /** The connection the question is asked on (the caller's transaction). */
  protected abstract readonly asker: { query(sql: string, parameters: unknown[]): Promise<{ met: boolean }[]> };

  async failure(review: Review, ruleset: Ruleset, argument: string | undefined): Promise<GuardFailure | null> {
    const [row] = await this.asker.query(`SELECT ${this.condition('r', argument)} AS met FROM review_facts r WHERE r.id = $1`, [review.id]);
    return row?.met ? null : this.refusal(review, ruleset, argument);
  }
}

/** An SQL string literal of a ruleset's own word (a deadline's key, say): quotes doubled, so it is only ever text. */
export function sqlText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Marks a provider as one of the review's actions (it must extend ReviewActionHandler). */
export const ReviewAction = DiscoveryService.createDecorator<void>();

/** Marks a provider as a guard rulesets may name (it must extend ReviewGuardHandler). */
export const ReviewGuard = DiscoveryService.createDecorator<void>();
