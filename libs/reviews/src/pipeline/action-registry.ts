import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ConflictProblem } from '@app/common';
import { ROLES } from '@app/access';
import { actionVocabularyOf, DEADLINE_ARGUMENT, Ruleset, RulesetVocabulary } from '@app/rulesets';
import { SUSPECT_RELATIONSHIPS } from '../deaths/death.entity';
import { LINK_KINDS } from '../entities/review-link.entity';
import { Review } from '../entities/review.entity';
import { ConditionGuardHandler, GuardFailure, ReviewAction, ReviewActionHandler, ReviewGuard, ReviewGuardHandler } from './review-action';

/** Review fields a ruleset's clock may run from, besides the date fields of the action's own body. */
export const REVIEW_DATE_FIELDS = ['notifiedOn', 'decidedOn', 'chairAppointedOn', 'stageEnteredOn'] as const;

/** The review's date fields set when it is created: the only ones a clock opened on creation may run from. */
export const CREATION_DATE_FIELDS = ['notifiedOn', 'stageEnteredOn'] as const;

/**
 * Every action and guard the running product can carry out: the providers marked
 * `@ReviewAction()` and `@ReviewGuard()` in any module the app imports. Rulesets are checked
 * against it at start, and the pipeline, the OpenAPI document and the web forms look actions up here.
 */
@Injectable()
export class ActionRegistry {
  private found?: { actions: Map<string, ReviewActionHandler>; guards: Map<string, ReviewGuardHandler> };

  constructor(private readonly discovery: DiscoveryService) {}

  /** Found once, after every module's providers exist (Nest builds them all before any start-up hook runs). */
  private get registered() {
    if (!this.found) {
      const actions = new Map<string, ReviewActionHandler>();
      for (const wrapper of this.discovery.getProviders({ metadataKey: ReviewAction.KEY })) {
        const handler = wrapper.instance as ReviewActionHandler;
        if (!(handler instanceof ReviewActionHandler)) throw new Error(`${wrapper.name} is marked @ReviewAction() but does not extend ReviewActionHandler`);
        if (actions.has(handler.name)) throw new Error(`Two providers carry out the action '${handler.name}'`);
        actions.set(handler.name, handler);
      }
      const guards = new Map<string, ReviewGuardHandler>();
      for (const wrapper of this.discovery.getProviders({ metadataKey: ReviewGuard.KEY })) {
        const guard = wrapper.instance as ReviewGuardHandler;
        if (!(guard instanceof ReviewGuardHandler)) throw new Error(`${wrapper.name} is marked @ReviewGuard() but does not extend ReviewGuardHandler`);
        if (guards.has(guard.name)) throw new Error(`Two providers check the guard '${guard.name}'`);
        guards.set(guard.name, guard);
      }
      this.found = { actions, guards };
    }
    return this.found;
  }

  action(name: string): ReviewActionHandler | undefined {
    return this.registered.actions.get(name);
  }

  actions(): ReviewActionHandler[] {
    return [...this.registered.actions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** What rulesets may name that the product defines: each action's outcomes and date fields, the guards, the roles, the review's own lists. */
  vocabulary(): RulesetVocabulary {
    return {
      actions: new Map(this.actions().map((handler) => [handler.name, actionVocabularyOf(handler.body)])),
      guards: new Set([...this.registered.guards.values()].map((g) => (g.argument === 'deadline' ? `${g.name}:${DEADLINE_ARGUMENT}` : g.name))),
      roles: new Set(ROLES),
      reviewDateFields: REVIEW_DATE_FIELDS,
      creationDateFields: CREATION_DATE_FIELDS,
      suspectRelationships: SUSPECT_RELATIONSHIPS,
      linkedReviewKinds: LINK_KINDS,
    };
  }

  /** Throws a 409 (`guard-failed`) naming the first of the guards not met. */
  async check(guards: string[], review: Review, ruleset: Ruleset): Promise<void> {
    for (const guard of guards) {
      const failure = await this.failure(guard, review, ruleset);
      if (failure) throw new ConflictProblem(failure.detail, { guard, ...failure.extensions }, 'guard-failed');
    }
  }

  async allMet(guards: string[], review: Review, ruleset: Ruleset): Promise<boolean> {
    for (const guard of guards) if (await this.failure(guard, review, ruleset)) return false;
    return true;
  }

  /** The first of the guards not met, with why; null when every one is. */
  async firstFailure(guards: string[], review: Review, ruleset: Ruleset): Promise<(GuardFailure & { guard: string }) | null> {
    for (const guard of guards) {
      const failure = await this.failure(guard, review, ruleset);
      if (failure) return { guard, ...failure };
    }
    return null;
  }

  /**
   * Of these guards (as rulesets name them), those that are one SQL condition, as a JSON object
   * guard → met over the review `r`, for a statement that reads them with everything else ('{}' when none).
   */
  conditionsSql(r: string, guards: Iterable<string>): string {
    const pairs: string[] = [];
    for (const guard of [...new Set(guards)].sort()) {
      const [name, argument] = guard.split(':');
      const handler = this.registered.guards.get(name);
      if (handler instanceof ConditionGuardHandler) pairs.push(`'${guard.replaceAll("'", "''")}', ${handler.condition(r, argument)}`);
    }
    return pairs.length ? `json_build_object(${pairs.join(', ')})` : `'{}'::json`;
  }

  private failure(guard: string, review: Review, ruleset: Ruleset) {
    const [name, argument] = guard.split(':');
    const handler = this.registered.guards.get(name);
    // Rulesets are checked against the registered guards at start, so this is a defect, not input.
    if (!handler) throw new Error(`Ruleset ${ruleset.key} names a guard the product does not know: ${guard}`);
    return handler.failure(review, ruleset, argument);
  }
}
