import { Injectable, Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import { ConflictProblem } from '@app/common';
import { Ruleset } from '@app/rulesets';
import { Review } from '../entities/review.entity';
import { ReviewAction, ReviewActionHandler, ReviewGuard, ReviewGuardHandler } from './review-action';

// TODO(merge-rulesets): these two come from @app/rulesets once its vocabulary check lands.
export interface ActionVocabulary {
  outcomes?: readonly string[];
  dateFields: readonly string[];
}
export interface RulesetVocabulary {
  actions: ReadonlyMap<string, ActionVocabulary>;
  guards: ReadonlySet<string>;
  roles: ReadonlySet<string>;
  reviewDateFields: readonly string[];
}

/** Review fields a ruleset's clock may run from, besides the date fields of the action's own body. */
export const REVIEW_DATE_FIELDS = ['notifiedOn', 'decidedOn', 'chairAppointedOn', 'stageEnteredOn'] as const;

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

  /** What rulesets may name: each action with its outcomes and date fields, the guards, the roles. */
  vocabulary(roles: Iterable<string>): RulesetVocabulary {
    const actions = new Map<string, ActionVocabulary>();
    for (const handler of this.actions()) actions.set(handler.name, bodyVocabulary(handler.body));
    return { actions, guards: new Set(this.registered.guards.keys()), roles: new Set(roles), reviewDateFields: REVIEW_DATE_FIELDS };
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

  private failure(guard: string, review: Review, ruleset: Ruleset) {
    const [name, argument] = guard.split(':');
    const handler = this.registered.guards.get(name);
    // Rulesets are checked against the registered guards at start, so this is a defect, not input.
    if (!handler) throw new Error(`Ruleset ${ruleset.key} names a guard the product does not know: ${guard}`);
    return handler.failure(review, ruleset, argument);
  }
}

/** The outcomes (an `outcome` property's enum) and the calendar-date fields of an action's body, from its OpenAPI metadata. */
export function bodyVocabulary(body: Type<object>): ActionVocabulary {
  const properties: string[] = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, body.prototype) ?? []).map((p: string) => p.replace(/^:/, ''));
  const meta = (property: string): { format?: string; enum?: unknown } => Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, body.prototype, property) ?? {};
  const outcomes = properties.includes('outcome') ? meta('outcome').enum : undefined;
  return {
    dateFields: properties.filter((p) => meta(p).format === 'date'),
    ...(Array.isArray(outcomes) ? { outcomes: outcomes.map(String) } : {}),
  };
}
