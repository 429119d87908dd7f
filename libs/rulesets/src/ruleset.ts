/**
 * A ruleset is one edition of the statutory guidance for one review type, held as data: its
 * stages, the actions allowed in each and by whom, and the clocks that actions start and stop.
 * The code knows what each action *does* (record a chair, a sign-off...); the ruleset says
 * *when* it may be done and what it does to the stage and the deadlines.
 */
export interface RulesetDefinition {
  key: string;
  reviewType: string;
  name: string;
  source: string;
  referencePrefix: string;
  /** The edition new reviews of this type are opened under, unless a partnership chose another. */
  default: boolean;
  /** Whether a partnership runs this review type until an administrator says otherwise. */
  enabledByDefault: boolean;
  initialStage: string;
  stagesReachedOnCreation: string[];
  closedStage: string;
  /** Board members see a review once it has reached this stage. */
  boardVisibleFromStage: string;
  /** Boards (by key) whose sign-off the review needs before submission. */
  requiredSignOffs: string[];
  /**
   * The review type's criteria. One a review does not meet is a warning, not a block: the bar
   * ("appears to have") is low, so the decision maker may hold the review anyway, but must say
   * they saw the warning (`acknowledgedWarnings` on the decision).
   */
  criteria: Criterion[];
  /** Who an escalation goes to besides the people a deadline chases. */
  escalateAlsoTo: string[];
  /** When, and by whom, recommendations may be written and changed. */
  recommendations: ChangeRule;
  /** When, and by whom, actions may be added to the action plan. */
  actionPlan: ChangeRule;
  stages: StageRule[];
  deadlines: Record<string, DeadlineRule>;
  onCreation: { opens: DeadlineClock[] };
  actions: Record<string, ActionRule>;
}

/** A fact of the review that must be at least a number, e.g. the victim's age. */
export interface Criterion {
  key: string;
  fact: 'victimAgeAtDeath';
  atLeast: number;
  warning: string;
}

export interface ChangeRule {
  stages: string[];
  roles: string[];
}

export interface StageRule {
  key: string;
  label: string;
}

export interface DeadlineRule {
  label: string;
  /** Where the clock comes from, in words, for people reading the deadline. */
  basis: string;
  /**
   * Who is reminded, by role: partnership roles (`csp-chair`, `csp-manager`) reach everyone in
   * them; `independent-chair` is the review's chair; `panel-member` the panel members of the
   * agency an information request went to. Resolved when the mail is sent.
   */
  chase: string[];
}

/** Opens `deadline`, due `months` calendar months and then `days` days after the date in `from`. */
export interface DeadlineClock {
  deadline: string;
  from: string;
  months?: number;
  days?: number;
}

export type ReviewStatusCondition = 'open' | 'paused' | 'any';

export interface ActionEffects {
  moveTo?: string;
  meets?: string[];
  opens?: DeadlineClock[];
  /** The sign-offs so far are for a draft that is going back: a fresh round is needed. */
  newSignOffRound?: boolean;
}

export interface ActionRule extends ActionEffects {
  label: string;
  stages: string[];
  roles: string[];
  /** Which review status the action is allowed in; `open` unless stated. */
  when?: ReviewStatusCondition;
  /** The body field that holds the date the action took effect on, if it has one. */
  effectiveDate?: string;
  /** Named preconditions the code checks, e.g. `chair-appointed`. */
  guards?: string[];
  /** Effects that depend on the body's `outcome`, on top of the action's own. */
  outcomes?: Record<string, ActionEffects>;
}

export class Ruleset {
  constructor(readonly definition: RulesetDefinition) {}

  get key(): string {
    return this.definition.key;
  }

  stageRank(stage: string): number {
    return this.definition.stages.findIndex((s) => s.key === stage);
  }

  stageLabel(stage: string): string {
    return this.definition.stages.find((s) => s.key === stage)?.label ?? stage;
  }

  action(name: string): ActionRule | undefined {
    return Object.prototype.hasOwnProperty.call(this.definition.actions, name) ? this.definition.actions[name] : undefined;
  }

  get actionNames(): string[] {
    return Object.keys(this.definition.actions);
  }

  deadlineRule(key: string): DeadlineRule | undefined {
    return this.definition.deadlines[deadlineKind(key)];
  }

  /** Whether an action may be taken at this stage and status, as the ruleset has it. */
  allows(name: string, stage: string, status: 'open' | 'paused' | 'closed'): boolean {
    const rule = this.action(name);
    if (!rule || !rule.stages.includes(stage)) return false;
    const when = rule.when ?? 'open';
    if (when === 'any') return true;
    return when === status;
  }

  /** The actions allowed now, in the ruleset's order. */
  allowedActions(stage: string, status: 'open' | 'paused' | 'closed'): string[] {
    return this.actionNames.filter((name) => this.allows(name, stage, status));
  }
}

/** Deadline keys can carry an instance after a colon: `information-request:<id>`. */
export function deadlineKind(key: string): string {
  return key.split(':')[0];
}
