import { AuthenticatedUser, CalendarDate } from '@app/common';
import { Ruleset } from '@app/rulesets';
import { Review } from '../entities/review.entity';

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
}
