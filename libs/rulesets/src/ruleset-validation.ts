import { CLOCK_PERIODS, CRITERION_FACTS, NOTICE_KINDS, RETENTION_FROM, ReviewStatusCondition, SOURCE_KINDS } from './ruleset';
import { ActionVocabulary, DEADLINE_ARGUMENT, RulesetVocabulary } from './ruleset-vocabulary';

/**
 * A vocabulary with parts left out, which then go unchecked. Only for the deprecated
 * `RulesetsService.install(documents, actionNames, roles)`, which knows no more than action and
 * role names; it goes when every caller passes a whole {@link RulesetVocabulary}.
 */
export type PartialVocabulary = Partial<Omit<RulesetVocabulary, 'actions' | 'roles'>> & {
  actions: ReadonlyMap<string, ActionVocabulary | undefined>;
  roles: ReadonlySet<string>;
};

const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const KEY_HINT = 'lower-case words joined by hyphens, e.g. dhr-2016';
const CAPITALS = /^[A-Z]+$/;
// What the sign-off and review-partner action bodies accept as a board or partner key.
const BOARD_KEY = /^[a-z]+$/;
const PARTNER_KEY = /^[a-z]+(-[a-z]+)*$/;
const STATUS_CONDITIONS: readonly ReviewStatusCondition[] = ['open', 'paused', 'any'];

/** `$.actions.decide.guards[0]`; keys that are not plain identifiers in brackets: `$.actions['appoint-chair']`. */
export function jsonPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

type Json = Record<string, unknown>;
type Rule = (value: unknown, path: string) => void;
interface Field {
  rule: Rule;
  optional?: boolean;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function listed(known: Iterable<string>): string {
  const names = [...known];
  return names.length ? names.join(', ') : 'none';
}

/**
 * Checks a ruleset document before it is used: its shape (no property it does not define, each
 * of the right type), that every stage, deadline, criterion and review partner it names is one
 * it defines, and that every action, outcome, date field, guard, role, notice kind and linked
 * review it names is one the product knows. Returns every problem, each as `<JSON path>: <what is
 * wrong>`; empty when the ruleset is sound. `reviewTypes`, when given, are the review types
 * installed alongside, which `precedence` may name.
 */
export function rulesetProblems(document: unknown, vocabulary: RulesetVocabulary | PartialVocabulary, reviewTypes?: ReadonlySet<string>): string[] {
  return new RulesetCheck(vocabulary, reviewTypes).run(document);
}

class RulesetCheck {
  private readonly problems: string[] = [];
  private stages = new Set<string>();
  private deadlines = new Set<string>();
  private readonly guards: Map<string, boolean> | undefined;

  constructor(
    private readonly vocabulary: RulesetVocabulary | PartialVocabulary,
    private readonly reviewTypes: ReadonlySet<string> | undefined,
  ) {
    // Each known guard, and whether it takes a deadline as its argument.
    this.guards = vocabulary.guards && new Map([...vocabulary.guards].map((g) => [g.split(':')[0], g.endsWith(`:${DEADLINE_ARGUMENT}`)]));
  }

  run(document: unknown): string[] {
    if (!isObject(document)) return ['$: the ruleset must be a JSON object'];
    // Names the ruleset defines for itself, gathered first so that a reference can be checked wherever it comes.
    if (Array.isArray(document.stages))
      this.stages = new Set(
        document.stages
          .filter(isObject)
          .map((s) => s.key)
          .filter((k): k is string => typeof k === 'string'),
      );
    if (isObject(document.deadlines)) this.deadlines = new Set(Object.keys(document.deadlines));
    const stage = this.known(this.stages, 'stage');
    const role = this.known(this.vocabulary.roles, 'role');
    const stageList = this.list(stage);
    const sources = this.sources;
    const changeRule = this.object({ stages: { rule: this.list(stage, { min: 1 }) }, roles: { rule: this.list(role, { min: 1 }) } });
    this.object({
      key: { rule: this.matching(KEY, KEY_HINT) },
      supersedes: { rule: this.list(this.matching(KEY, KEY_HINT), { min: 1, unique: true }), optional: true },
      reviewType: { rule: this.matching(CAPITALS, 'capital letters, e.g. DHR') },
      name: { rule: this.text },
      source: { rule: this.text },
      inForce: { rule: this.boolean, optional: true },
      status: { rule: this.text, optional: true },
      referencePrefix: { rule: this.matching(CAPITALS, 'capital letters, e.g. DHR') },
      default: { rule: this.boolean },
      enabledByDefault: { rule: this.boolean },
      initialStage: { rule: stage },
      stagesReachedOnCreation: { rule: stageList },
      closedStage: { rule: stage },
      endStages: { rule: stageList, optional: true },
      boardVisibleFromStage: { rule: stage },
      requiredSignOffs: { rule: this.list(this.matching(BOARD_KEY, 'a board key such as csp or dab'), { unique: true }) },
      reviewPartners: {
        rule: this.list(
          this.object({ key: { rule: this.matching(PARTNER_KEY, 'lower-case words joined by hyphens, e.g. police') }, label: { rule: this.text } }),
          {
            min: 1,
            uniqueBy: 'key',
          },
        ),
        optional: true,
      },
      precedence: { rule: this.precedence(document), optional: true },
      pause: {
        rule: this.object({ moves: { rule: this.list(this.known(this.deadlines, 'deadline'), { unique: true }) }, source: { rule: sources } }),
        optional: true,
      },
      guardSources: { rule: this.record(() => sources, 'guard', this.guardName), optional: true },
      retention: {
        rule: this.object({ years: { rule: this.whole(1, 100) }, after: { rule: this.known(RETENTION_FROM, 'retention event') }, source: { rule: sources } }),
        optional: true,
      },
      criteria: { rule: this.list(this.criterion, { uniqueBy: 'key' }) },
      escalateAlsoTo: { rule: this.list(role) },
      recommendations: { rule: changeRule },
      actionPlan: { rule: changeRule },
      stages: { rule: this.list(this.object({ key: { rule: this.matching(KEY, KEY_HINT) }, label: { rule: this.text } }), { min: 2, uniqueBy: 'key' }) },
      deadlines: { rule: this.record(this.deadlineRule, 'deadline') },
      onCreation: { rule: this.object({ opens: { rule: this.list(this.clock(this.vocabulary.creationDateFields)) } }) },
      actions: { rule: this.record(this.action, 'action') },
    })(document, '$');
    this.inForceRules(document);
    if (document.guardSources !== undefined) this.everyGuardSourced(document);
    return this.problems;
  }

  /** An edition whose law is not in force is never what a partnership gets without choosing it. */
  private inForceRules(document: Json): void {
    if (document.inForce !== false) return;
    if (document.default === true) this.report('$.default', 'an edition not in force (inForce: false) cannot be the default');
    if (document.enabledByDefault === true) this.report('$.enabledByDefault', 'an edition not in force (inForce: false) cannot be switched on by default');
    if (document.status === undefined) this.report('$.status', 'an edition not in force must say what it is (e.g. a consultation proposal)');
  }

  /** Every guard an action names cites its source in `guardSources`. */
  private everyGuardSourced(document: Json): void {
    if (!isObject(document.actions)) return;
    const sourced = isObject(document.guardSources) ? document.guardSources : {};
    for (const [name, action] of Object.entries(document.actions)) {
      if (!isObject(action) || !Array.isArray(action.guards)) continue;
      action.guards.forEach((guard, i) => {
        if (typeof guard !== 'string') return;
        if (!Object.prototype.hasOwnProperty.call(sourced, guard))
          this.report(jsonPath(jsonPath(jsonPath('$.actions', name), 'guards'), i), `the guard '${guard}' needs its source in $.guardSources`);
      });
    }
  }

  /** A list of at least one source, each the kind of source and its citation. */
  private readonly sources: Rule = (value, path) =>
    this.list(this.object({ kind: { rule: this.known(SOURCE_KINDS, 'kind of source') }, cite: { rule: this.text } }), { min: 1 })(value, path);

  /** A guard as an action names it (with any argument), for `guardSources`. */
  private readonly guardName: Rule = (value, path) => {
    if (typeof value !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*(:[a-z0-9-]+)?$/.test(value)) this.report(path, 'must be a guard as the actions name it');
  };

  private report(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  private readonly text: Rule = (value, path) => {
    if (typeof value !== 'string' || !/\S/.test(value)) this.report(path, 'must be text, not empty');
  };

  private readonly boolean: Rule = (value, path) => {
    if (typeof value !== 'boolean') this.report(path, 'must be true or false');
  };

  private whole(min: number, max: number): Rule {
    return (value, path) => {
      if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) this.report(path, `must be a whole number from ${min} to ${max}`);
    };
  }

  private matching(pattern: RegExp, hint: string): Rule {
    return (value, path) => {
      if (typeof value !== 'string' || !pattern.test(value)) this.report(path, `must be ${hint}`);
    };
  }

  /** A name from `known`; with no `known` (a part of a partial vocabulary), any text. */
  private known(known: Iterable<string> | undefined, what: string): Rule {
    const names = known && new Set(known);
    return (value, path) => {
      if (typeof value !== 'string') this.report(path, `must be the name of a ${what}`);
      else if (names && !names.has(value)) this.report(path, `unknown ${what} '${value}' (known: ${listed(names)})`);
    };
  }

  private list(each: Rule, options: { min?: number; unique?: boolean; uniqueBy?: string } = {}): Rule {
    return (value, path) => {
      if (!Array.isArray(value)) return this.report(path, 'must be a list');
      if (value.length < (options.min ?? 0)) this.report(path, `must list at least ${options.min}`);
      const seen = new Set<unknown>();
      value.forEach((item, i) => {
        each(item, jsonPath(path, i));
        const identity = options.uniqueBy ? (isObject(item) ? item[options.uniqueBy] : undefined) : options.unique ? item : undefined;
        if (identity === undefined) return;
        if (seen.has(identity))
          this.report(options.uniqueBy ? jsonPath(jsonPath(path, i), options.uniqueBy) : jsonPath(path, i), `'${String(identity)}' is listed twice`);
        seen.add(identity);
      });
    };
  }

  /** An object with exactly these properties: a misspelt one (`meet` for `meets`) is refused, not ignored. */
  private object(fields: Record<string, Field>): Rule {
    return (value, path) => {
      if (!isObject(value)) return this.report(path, 'must be an object');
      for (const key of Object.keys(value)) {
        if (!Object.prototype.hasOwnProperty.call(fields, key))
          this.report(jsonPath(path, key), `unknown property '${key}' (known: ${listed(Object.keys(fields))})`);
      }
      for (const [key, field] of Object.entries(fields)) {
        if (value[key] !== undefined) field.rule(value[key], jsonPath(path, key));
        else if (!field.optional) this.report(jsonPath(path, key), 'is required');
      }
    };
  }

  /** An object keyed by names of the ruleset's own choosing. */
  private record(each: (name: string) => Rule, what: string, keyRule: Rule = this.matching(KEY, `a ${what} name of ${KEY_HINT}`)): Rule {
    return (value, path) => {
      if (!isObject(value)) return this.report(path, 'must be an object');
      for (const [name, item] of Object.entries(value)) {
        const at = jsonPath(path, name);
        keyRule(name, at);
        each(name)(item, at);
      }
    };
  }

  private readonly deadlineRule = (): Rule =>
    this.object({
      label: { rule: this.text },
      notice: { rule: this.known(NOTICE_KINDS, 'notice kind'), optional: true },
      statutoryNotice: { rule: this.boolean, optional: true },
      basis: { rule: this.text },
      source: { rule: this.sources, optional: true },
      chase: { rule: this.list(this.known(this.vocabulary.roles, 'role'), { min: 1 }) },
    });

  private clock(from: readonly string[] | undefined): Rule {
    const check = this.object({
      deadline: { rule: this.known(this.deadlines, 'deadline') },
      from: { rule: this.known(from, 'date field') },
      months: { rule: this.whole(0, 120), optional: true },
      days: { rule: this.whole(0, 3650), optional: true },
      period: { rule: this.known(CLOCK_PERIODS, 'clock period'), optional: true },
    });
    return (value, path) => {
      check(value, path);
      if (isObject(value) && value.months === undefined && value.days === undefined) this.report(path, 'a clock needs months or days');
    };
  }

  private effects(action: ActionVocabulary | undefined): Record<string, Field> {
    const deadlines = this.list(this.known(this.deadlines, 'deadline'));
    const from = action && this.vocabulary.reviewDateFields && [...action.dateFields, ...this.vocabulary.reviewDateFields];
    return {
      moveTo: { rule: this.known(this.stages, 'stage'), optional: true },
      meets: { rule: deadlines, optional: true },
      opens: { rule: this.list(this.clock(from)), optional: true },
      newSignOffRound: { rule: this.boolean, optional: true },
      cancels: { rule: deadlines, optional: true },
    };
  }

  private readonly action = (name: string): Rule => {
    const known = this.vocabulary.actions.has(name);
    const action = this.vocabulary.actions.get(name);
    const check = this.object({
      label: { rule: this.text },
      stages: { rule: this.list(this.known(this.stages, 'stage'), { min: 1 }) },
      roles: { rule: this.list(this.known(this.vocabulary.roles, 'role'), { min: 1 }) },
      when: { rule: this.known(STATUS_CONDITIONS, 'review status condition'), optional: true },
      effectiveDate: { rule: this.known(action?.dateFields, `date field of ${name}'s body`), optional: true },
      guards: { rule: this.list(this.guard, { unique: true }), optional: true },
      outcomes: { rule: this.outcomes(name, action), optional: true },
      ...this.effects(action),
    });
    return (value, path) => {
      if (!known) this.report(path, `the product has no action '${name}' (known: ${listed(this.vocabulary.actions.keys())})`);
      check(value, path);
    };
  };

  private outcomes(name: string, action: ActionVocabulary | undefined): Rule {
    const effects = this.object(this.effects(action));
    if (action && !action.outcomes) return (_value, path) => this.report(path, `the action '${name}' has no outcome to depend on`);
    return this.record(() => effects, 'outcome', this.known(action?.outcomes, `outcome of ${name}`));
  }

  private readonly guard: Rule = (value, path) => {
    if (typeof value !== 'string') return this.report(path, 'must be the name of a guard');
    if (!this.guards) return;
    const colon = value.indexOf(':');
    const [name, argument] = colon < 0 ? [value, undefined] : [value.slice(0, colon), value.slice(colon + 1)];
    const takesDeadline = this.guards.get(name);
    if (takesDeadline === undefined) this.report(path, `unknown guard '${name}' (known: ${listed(this.vocabulary.guards!)})`);
    else if (!takesDeadline && argument !== undefined) this.report(path, `the guard '${name}' takes no argument`);
    else if (takesDeadline && !argument) this.report(path, `the guard '${name}' needs a deadline: write ${name}:${DEADLINE_ARGUMENT}`);
    else if (takesDeadline && !this.deadlines.has(argument!))
      this.report(path, `unknown deadline '${argument}' in guard '${name}' (known: ${listed(this.deadlines)})`);
  };

  private readonly criterion: Rule = (value, path) => {
    this.object({
      key: { rule: this.matching(KEY, KEY_HINT) },
      fact: { rule: this.known(Object.keys(CRITERION_FACTS), 'criterion fact') },
      atLeast: { rule: this.whole(0, 150), optional: true },
      is: { rule: this.boolean, optional: true },
      oneOf: { rule: this.list(this.known(this.vocabulary.suspectRelationships, 'suspect relationship'), { min: 1, unique: true }), optional: true },
      warning: { rule: this.text },
      source: { rule: this.sources, optional: true },
    })(value, path);
    if (!isObject(value)) return;
    const tests = ['atLeast', 'is', 'oneOf'] as const;
    const test = CRITERION_FACTS[value.fact as keyof typeof CRITERION_FACTS] as string | undefined;
    if (test === undefined) {
      if (tests.filter((t) => value[t] !== undefined).length !== 1) this.report(path, 'give one of atLeast, is or oneOf');
      return;
    }
    for (const other of tests.filter((t) => t !== test)) {
      if (value[other] !== undefined) this.report(jsonPath(path, other), `${String(value.fact)} is tested with ${test}, not ${other}`);
    }
    if (value[test] === undefined) this.report(path, `${String(value.fact)} needs ${test}`);
  };

  private precedence(document: Json): Rule {
    const check = this.object({
      rule: { rule: this.text },
      source: { rule: this.sources, optional: true },
      yieldsTo: {
        rule: this.object({
          reviewTypes: { rule: this.list(this.reviewType(document.reviewType), { min: 1 }) },
          suspectRelationships: { rule: this.list(this.known(this.vocabulary.suspectRelationships, 'suspect relationship')) },
          linkedReviews: { rule: this.list(this.known(this.vocabulary.linkedReviewKinds, 'kind of linked review')) },
        }),
      },
    });
    return (value, path) => {
      check(value, path);
      if (!isObject(document.actions) || !Object.prototype.hasOwnProperty.call(document.actions, 'discontinue')) {
        this.report(path, "a review type that gives way to others needs the action 'discontinue'");
      }
    };
  }

  private reviewType(own: unknown): Rule {
    const known = this.known(this.reviewTypes, 'review type');
    return (value, path) => {
      if (value === own) this.report(path, 'a review type cannot give way to itself');
      else known(value, path);
    };
  }
}
