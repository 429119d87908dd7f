import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateNested,
  validateSync,
} from 'class-validator';
import { fieldProblems } from '@app/common';
import { plainToInstance } from 'class-transformer';
import { RulesetDefinition } from './ruleset';

const KEY = /^[a-z0-9]+(-[a-z0-9]+)*$/;

class CriterionShape {
  @Matches(KEY) key: string;
  @IsIn(['victimAgeAtDeath', 'offensiveWeaponInvolved']) fact: string;
  @IsOptional() @IsInt() atLeast?: number;
  @IsOptional() @IsBoolean() is?: boolean;
  @IsString() @MinLength(1) warning: string;
}

class YieldsToShape {
  @IsArray() @IsString({ each: true }) reviewTypes: string[];
  @IsArray() @IsString({ each: true }) suspectRelationships: string[];
  @IsArray() @IsString({ each: true }) linkedReviews: string[];
}

class PrecedenceShape {
  @IsString() @MinLength(1) rule: string;
  @ValidateNested() @Type(() => YieldsToShape) yieldsTo: YieldsToShape;
}

class ChangeRuleShape {
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) stages: string[];
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) roles: string[];
}

class StageRuleShape {
  @Matches(KEY) key: string;
  @IsString() @MinLength(1) label: string;
}

class DeadlineClockShape {
  @Matches(KEY) deadline: string;
  @IsString() @MinLength(1) from: string;
  @IsOptional() @IsInt() @Min(0) @Max(120) months?: number;
  @IsOptional() @IsInt() @Min(0) @Max(3650) days?: number;
}

class EffectsShape {
  @IsOptional() @IsString() moveTo?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) meets?: string[];
  @IsOptional() @ValidateNested({ each: true }) @Type(() => DeadlineClockShape) opens?: DeadlineClockShape[];
  @IsOptional() @IsBoolean() newSignOffRound?: boolean;
  @IsOptional() @IsArray() @IsString({ each: true }) cancels?: string[];
}

class ActionRuleShape extends EffectsShape {
  @IsString() @MinLength(1) label: string;
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) stages: string[];
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) roles: string[];
  @IsOptional() @IsIn(['open', 'paused', 'any']) when?: string;
  @IsOptional() @IsString() effectiveDate?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) guards?: string[];
  @IsOptional() @IsObject() outcomes?: Record<string, EffectsShape>;
}

class RulesetShape {
  @Matches(KEY, { message: 'must be lower-case words joined by hyphens, e.g. dhr-2016' }) key: string;
  @Matches(/^[A-Z]+$/) reviewType: string;
  @IsString() @MinLength(1) name: string;
  @IsString() @MinLength(1) source: string;
  @Matches(/^[A-Z]+$/) referencePrefix: string;
  @IsBoolean() default: boolean;
  @IsBoolean() enabledByDefault: boolean;
  @IsString() initialStage: string;
  @IsArray() @IsString({ each: true }) stagesReachedOnCreation: string[];
  @IsString() closedStage: string;
  @IsOptional() @IsArray() @IsString({ each: true }) endStages?: string[];
  @IsString() boardVisibleFromStage: string;
  @IsArray() @IsString({ each: true }) requiredSignOffs: string[];
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => StageRuleShape) reviewPartners?: StageRuleShape[];
  @IsOptional() @ValidateNested() @Type(() => PrecedenceShape) precedence?: PrecedenceShape;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CriterionShape) criteria: CriterionShape[];
  @IsArray() @IsString({ each: true }) escalateAlsoTo: string[];
  @ValidateNested() @Type(() => ChangeRuleShape) recommendations: ChangeRuleShape;
  @ValidateNested() @Type(() => ChangeRuleShape) actionPlan: ChangeRuleShape;
  @IsArray() @ArrayMinSize(2) @ValidateNested({ each: true }) @Type(() => StageRuleShape) stages: StageRuleShape[];
  @IsObject() deadlines: Record<string, { label: string; basis: string }>;
  @IsObject() onCreation: { opens: DeadlineClockShape[] };
  @IsObject() actions: Record<string, ActionRuleShape>;
}

/**
 * Checks a ruleset document before it is used: its shape, and that every stage, deadline and
 * action it names is one it defines (or, for actions, one the code can carry out). Returns the
 * list of problems, empty when it is sound.
 */
export function rulesetProblems(document: unknown, knownActions: ReadonlySet<string>, knownRoles: ReadonlySet<string>): string[] {
  if (document === null || typeof document !== 'object') return ['the ruleset must be a JSON object'];
  const shaped = plainToInstance(RulesetShape, document);
  const problems = fieldProblems(validateSync(shaped)).map((p) => `${p.field}: ${p.message}`);
  if (problems.length > 0) return problems;

  const definition = document as RulesetDefinition;
  const stages = new Set(definition.stages.map((s) => s.key));
  const deadlines = new Set(Object.keys(definition.deadlines));
  const stage = (where: string, key: string | undefined) => {
    if (key !== undefined && !stages.has(key)) problems.push(`${where}: no stage '${key}'`);
  };
  const clock = (where: string, c: { deadline: string; months?: number; days?: number }) => {
    if (!deadlines.has(c.deadline)) problems.push(`${where}: no deadline '${c.deadline}'`);
    if (c.months === undefined && c.days === undefined) problems.push(`${where}: a clock needs months or days`);
  };
  stage('initialStage', definition.initialStage);
  stage('closedStage', definition.closedStage);
  (definition.endStages ?? []).forEach((s, i) => stage(`endStages[${i}]`, s));
  definition.criteria.forEach((c, i) => {
    if ((c.atLeast === undefined) === (c.is === undefined)) problems.push(`criteria[${i}]: give atLeast or is, not both`);
  });
  if (definition.precedence && !Object.prototype.hasOwnProperty.call(definition.actions, 'discontinue')) {
    problems.push("precedence: a review type that gives way to others needs the action 'discontinue'");
  }
  stage('boardVisibleFromStage', definition.boardVisibleFromStage);
  definition.stagesReachedOnCreation.forEach((s, i) => stage(`stagesReachedOnCreation[${i}]`, s));
  (definition.onCreation.opens ?? []).forEach((c, i) => clock(`onCreation.opens[${i}]`, c));
  const role = (where: string, r: string) => {
    if (!knownRoles.has(r)) problems.push(`${where}: no role '${r}'`);
  };
  definition.escalateAlsoTo.forEach((r) => role('escalateAlsoTo', r));
  for (const part of ['recommendations', 'actionPlan'] as const) {
    definition[part].stages.forEach((s) => stage(`${part}.stages`, s));
    definition[part].roles.forEach((r) => role(`${part}.roles`, r));
  }
  for (const [key, deadline] of Object.entries(definition.deadlines)) {
    if (!Array.isArray(deadline.chase) || deadline.chase.length === 0) problems.push(`deadlines.${key}.chase: must name at least one role`);
    else deadline.chase.forEach((r) => role(`deadlines.${key}.chase`, r));
  }
  for (const [name, rule] of Object.entries(definition.actions)) {
    const where = `actions.${name}`;
    const shape = plainToInstance(ActionRuleShape, rule);
    problems.push(...fieldProblems(validateSync(shape)).map((p) => `${where}.${p.field}: ${p.message}`));
    if (!knownActions.has(name)) problems.push(`${where}: the product has no action '${name}'`);
    (rule.stages ?? []).forEach((s) => stage(`${where}.stages`, s));
    (rule.roles ?? []).forEach((r) => role(`${where}.roles`, r));
    const effects = [{ at: where, e: rule as EffectsShape }, ...Object.entries(rule.outcomes ?? {}).map(([o, e]) => ({ at: `${where}.outcomes.${o}`, e }))];
    for (const { at, e } of effects) {
      stage(`${at}.moveTo`, e.moveTo);
      (e.meets ?? []).forEach((d) => {
        if (!deadlines.has(d)) problems.push(`${at}.meets: no deadline '${d}'`);
      });
      (e.opens ?? []).forEach((c, i) => clock(`${at}.opens[${i}]`, c));
      (e.cancels ?? []).forEach((d) => {
        if (!deadlines.has(d)) problems.push(`${at}.cancels: no deadline '${d}'`);
      });
    }
  }
  return problems;
}
