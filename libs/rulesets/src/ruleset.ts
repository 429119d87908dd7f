/**
 * A ruleset is one edition of the statutory guidance for one review type, held as data: its
 * stages, the actions allowed in each and by whom, and the clocks that actions start and stop.
 * The code knows what each action *does* (record a chair, a sign-off...); the ruleset says
 * *when* it may be done and what it does to the stage and the deadlines.
 */
export interface RulesetDefinition {
  key: string;
  /**
   * Earlier editions this one puts right (e.g. `dhr-2016-v4` supersedes `dhr-2016`): a superseded
   * edition is never the product's default, though reviews opened under it keep it.
   */
  supersedes?: string[];
  reviewType: string;
  name: string;
  /** The edition's sources, in words. */
  source: string;
  /**
   * Whether the law this edition follows is in force. One that is not (a consultation's proposal,
   * a prospective section) is never a default nor switched on by default, and says so wherever it
   * is shown. Editions stored before this was required are in force.
   */
  inForce?: boolean;
  /** What an edition not in force is, for the people choosing it: shown beside its name. */
  status?: string;
  referencePrefix: string;
  /** The edition new reviews of this type are opened under, unless a partnership chose another. */
  default: boolean;
  /** Whether a partnership runs this review type until an administrator says otherwise. */
  enabledByDefault: boolean;
  initialStage: string;
  stagesReachedOnCreation: string[];
  closedStage: string;
  /** Other stages that end the review short of its course, e.g. `discontinued`. */
  endStages?: string[];
  /** Board members see a review once it has reached this stage. */
  boardVisibleFromStage: string;
  /** Boards (by key) whose sign-off the review needs before submission. */
  requiredSignOffs: string[];
  /**
   * Statutory review partners (an OWHR's police, local authority and integrated care board): each
   * is recorded per review with the person who speaks for it, and each must approve the report.
   */
  reviewPartners?: StageRule[];
  /** Which other reviews of the same death this type gives way to, and how. */
  precedence?: PrecedenceRule;
  /** Which clocks a pause of the review moves on, and why: the rest keep running while it is paused. */
  pause?: PauseRule;
  /** Where each guard the actions name comes from: every guard named must cite its source. */
  guardSources?: Record<string, Source[]>;
  /** When a review of this type begins (for the guard `before-review-begins`). */
  reviewBegins?: ReviewBeginsRule;
  /** The statutory pilot the review type runs under, if any (OWHRs: SI 2023/227). */
  pilot?: PilotRule;
  /** How long a closed review's records are kept before they are due for disposal. */
  retention?: RetentionRule;
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

/**
 * The kinds of source a rule can have: an Act and its section, regulations (a statutory
 * instrument), statutory guidance and its section, a proposal not in force (a consultation, a
 * prospective section), or the partnership's own practice where the law sets nothing.
 */
export const SOURCE_KINDS = ['act', 'regulations', 'statutory-guidance', 'proposal', 'local-practice'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** One source of a rule, e.g. `{ kind: 'act', cite: 'PCSCA 2022 s.27(1), (8)' }`. */
export interface Source {
  kind: SourceKind;
  /** The Act and section, the guidance and section, or who set the practice: short enough to show beside a date. */
  cite: string;
}

/**
 * What a pause moves: the deadline kinds (the review's own completion, its information
 * requests...) that stop while the review is paused and move on by the paused days when it
 * resumes. Every other clock (a statutory notice) keeps running.
 */
export interface PauseRule {
  moves: string[];
  source: Source[];
}

/** The events a retention period can run from. */
export const RETENTION_FROM = ['closure'] as const;

/**
 * How long a review's records are kept: `years` after it `after` (its closure). Local practice
 * (no national rule): an administrator can set another period for a partnership.
 */
export interface RetentionRule {
  years: number;
  after: (typeof RETENTION_FROM)[number];
  source: Source[];
}

/**
 * The guard that lets an action (an OWHR's reversed decision, PCSCA 2022 s.27(4), (6)) be taken only
 * before the review begins; once begun, a review found not to meet its conditions is discontinued
 * instead (s.24(3), s.27(5)). An edition naming it must say when its reviews begin.
 */
export const REVIEW_BEGINS_GUARD = 'before-review-begins';

/**
 * When a review begins: once it has reached `stage`. Where the law does not define it, the
 * source says whose reading it is.
 */
export interface ReviewBeginsRule {
  stage: string;
  source: Source[];
}

/**
 * A statutory pilot: the deaths it covers, by date of death (`deathsFrom` to `deathsTo`, both
 * days included), in the areas named. A review of a death outside those dates is warned of, not
 * refused: the partnership may hold one anyway.
 */
export interface PilotRule {
  deathsFrom: string;
  deathsTo: string;
  areas: string[];
  source: Source[];
}

/** A ruleset document as read, with the file it came from, to name in any complaint about it. */
export interface RulesetSource {
  file: string;
  definition: unknown;
}

/** The facts of a death a criterion can test, with the test each takes: `atLeast` a number, `is` a yes or no. */
export const CRITERION_FACTS = {
  victimAgeAtDeath: 'atLeast',
  offensiveWeaponInvolved: 'is',
  suspectAgeAtDeath: 'atLeast',
  suspectRelationship: 'oneOf',
} as const;
export type CriterionFact = keyof typeof CRITERION_FACTS;

/**
 * A fact of the death that must be at least a number (the victim's age) or must be so (an
 * offensive weapon was involved). A fact not yet known does not meet it.
 */
export interface Criterion {
  key: string;
  fact: CriterionFact;
  atLeast?: number;
  is?: boolean;
  /** For a fact tested with `oneOf`: the values that meet it. */
  oneOf?: string[];
  warning: string;
  source?: Source[];
}

/**
 * PCSCA 2022 s.26 and the like: a review of this type is not opened for a death that has, or may
 * have, a review of another kind. Opening one of `yieldsTo.reviewTypes` for a death with an open
 * review of this type discontinues it, by its ruleset's action `discontinue`.
 */
export interface PrecedenceRule {
  /** The rule, cited in the refusal. */
  rule: string;
  source?: Source[];
  yieldsTo: {
    reviewTypes: string[];
    /** A suspect so related to the victim means the death may qualify for one of those reviews. */
    suspectRelationships: string[];
    /** Links to reviews outside the product (kinds such as SAR, CSPR, CDR) that take precedence. */
    linkedReviews: string[];
  };
}

export interface ChangeRule {
  stages: string[];
  roles: string[];
}

export interface StageRule {
  key: string;
  label: string;
}

/**
 * The notices a review can give, each answered by the action that gives notices: the first
 * (whatever was or was not decided yet), and those a decision, a reversal of it or a
 * discontinuance call for. The action judges which a notice sent on a given day can answer by
 * its kind, so the list is closed: a new kind needs code.
 */
export const NOTICE_KINDS = ['initial', 'decision', 'reversal', 'discontinuance'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export interface DeadlineRule {
  label: string;
  /**
   * Set for a deadline to give a notice (e.g. to the Secretary of State): the notice's kind.
   * The action that gives notices records one for each such deadline outstanding, and meets it.
   */
  notice?: NoticeKind;
  /**
   * A notice the law requires (to the Home Office, the Secretary of State, the Domestic Abuse
   * Commissioner): a review cannot close while one is outstanding unless it is recorded as sent,
   * or as not sent with a reason.
   */
  statutoryNotice?: boolean;
  /** Where the clock comes from, in words, for people reading the deadline: "six months from the decision to hold a review". */
  basis: string;
  /** The law, guidance or practice behind the duty and its period (required of every edition installed now). */
  source?: Source[];
  /**
   * Who is reminded, by role: partnership roles (`csp-chair`, `csp-manager`) reach everyone in
   * them; `independent-chair` is the review's chair; `panel-member` the panel members of the
   * agency an information request went to. Resolved when the mail is sent.
   */
  chase: string[];
}

/**
 * How a clock's period is counted from its date (the law uses both):
 * - `after` (the default): "N months after D" ends on the corresponding date, or the month's last
 *   day where there is none (the 2016 guidance's clocks);
 * - `beginning-with`: "the period of N months beginning with D" counts D itself, so it ends the day
 *   before the corresponding date, or the month's last day where there is none (PCSCA 2022 s.27(8):
 *   aware 10 March, due 9 April; aware 31 January 2024, due 29 February 2024).
 */
export const CLOCK_PERIODS = ['after', 'beginning-with'] as const;
export type ClockPeriod = (typeof CLOCK_PERIODS)[number];

export interface DeadlineClock {
  deadline: string;
  from: string;
  months?: number;
  days?: number;
  /** How the period is counted: `after` unless the ruleset says otherwise. */
  period?: ClockPeriod;
}

export type ReviewStatusCondition = 'open' | 'paused' | 'any';

export interface ActionEffects {
  moveTo?: string;
  meets?: string[];
  opens?: DeadlineClock[];
  /** The sign-offs so far are for a draft that is going back: a fresh round is needed. */
  newSignOffRound?: boolean;
  /** Deadline kinds that stop running because the review no longer needs them (it was discontinued...). */
  cancels?: string[];
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

  /** The review type's name with its article: "a Domestic Homicide Review", "an Offensive Weapons Homicide Review". */
  get aName(): string {
    return `${/^[aeiou]/i.test(this.definition.name) ? 'an' : 'a'} ${this.definition.name}`;
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

  /**
   * Whether this deadline (by key or kind) is a notice the law requires (`statutoryNotice`): a
   * review cannot close while one is outstanding, and ending a review leaves it running.
   */
  isStatutoryNotice(key: string): boolean {
    return this.deadlineRule(key)?.statutoryNotice === true;
  }

  /**
   * Whether the edition says which of its deadlines are statutory notices. Only then does ending a
   * review stop its other clocks: an edition stored before they were marked keeps every clock.
   */
  get marksStatutoryNotices(): boolean {
    return Object.values(this.definition.deadlines).some((rule) => rule.statutoryNotice !== undefined);
  }

  /** Whether the law this edition follows is in force (editions stored before it was said are). */
  get inForce(): boolean {
    return this.definition.inForce ?? true;
  }

  /**
   * Whether a pause of the review moves this deadline (by key or kind). An edition stored before
   * pauses were ruled moved every clock, and still does for the reviews opened under it.
   */
  movedByPause(key: string): boolean {
    const pause = this.definition.pause;
    return pause ? pause.moves.includes(deadlineKind(key)) : true;
  }

  /** The stages that end the review: its closed stage and any that end it early. */
  get endStages(): string[] {
    return [this.definition.closedStage, ...(this.definition.endStages ?? [])];
  }

  /**
   * Whether this outcome of the action goes ahead with a review (it moves the review on, not to
   * an end), so that every criteria warning must be acknowledged first.
   */
  goesAhead(name: string, outcome: string | undefined): boolean {
    const moveTo = outcome === undefined ? undefined : this.action(name)?.outcomes?.[outcome]?.moveTo;
    return moveTo !== undefined && !this.endStages.includes(moveTo);
  }

  /** Outcomes the action can have, if it has any. */
  outcomesOf(name: string): string[] {
    return Object.keys(this.action(name)?.outcomes ?? {});
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
