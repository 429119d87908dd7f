import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { ConflictProblem, NotFoundProblem, ValidationProblem } from '@app/common';
import { ConfigurationError } from '@app/config';
import { ReviewTypeView } from './dto/review-type.dto';
import { PartnershipReviewType } from './entities/partnership-review-type.entity';
import { RulesetRecord } from './entities/ruleset.entity';
import { Ruleset, RulesetDefinition } from './ruleset';
import { rulesetProblems } from './ruleset-validation';

/** A ruleset the product cannot run with: reported at start like any bad setting. */
export class RulesetError extends ConfigurationError {}

@Injectable()
export class RulesetsService {
  private readonly logger = new Logger(RulesetsService.name);
  private readonly cache = new Map<string, Ruleset>();

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  // Reads join the caller's transaction when there is one: never a second connection from inside one.
  private get records(): Repository<RulesetRecord> {
    return this.txHost.tx.getRepository(RulesetRecord);
  }

  /**
   * Checks each ruleset and stores any the database does not have yet. An edition is never
   * changed once stored, because open reviews run under it: changed rules need a new key.
   */
  async install(documents: unknown[], knownActions: ReadonlySet<string>, knownRoles: ReadonlySet<string>): Promise<void> {
    for (const document of documents) {
      const problems = rulesetProblems(document, knownActions, knownRoles);
      const key = (document as { key?: unknown })?.key;
      if (problems.length > 0) throw new RulesetError(`Ruleset ${String(key)} is not valid:\n  ${problems.join('\n  ')}`);
      const definition = document as RulesetDefinition;
      const definitionHash = hashOf(definition);
      await this.records
        .createQueryBuilder()
        .insert()
        .values({ key: definition.key, reviewType: definition.reviewType, name: definition.name, definition, definitionHash })
        .orIgnore()
        .execute();
      const stored = await this.records.findOneByOrFail({ key: definition.key });
      if (stored.definitionHash !== definitionHash) {
        throw new RulesetError(`Ruleset ${definition.key} differs from the edition already in use; give the changed rules a new key (a new edition) instead`);
      }
      this.cache.set(definition.key, new Ruleset(stored.definition));
    }
    this.logger.log(`Rulesets in use: ${[...this.cache.keys()].join(', ')}`);
  }

  /** The editions installed at start (and any read since), for documents built without a request. */
  installed(): Ruleset[] {
    return [...this.cache.values()];
  }

  async get(key: string): Promise<Ruleset> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const record = await this.records.findOneByOrFail({ key });
    const ruleset = new Ruleset(record.definition);
    this.cache.set(key, ruleset);
    return ruleset;
  }

  /**
   * The edition a partnership's new reviews of this type open under: the one it chose, else the
   * product's default (the default edition installed last). Refused when the partnership does
   * not run the type.
   */
  async currentFor(partnershipId: string, reviewType: string): Promise<Ruleset> {
    const type = (await this.reviewTypes(partnershipId)).find((t) => t.type === reviewType);
    if (!type) throw ValidationProblem.field('type', `no ruleset is installed for review type '${reviewType}'`);
    if (!type.enabled)
      throw new ConflictProblem(`This partnership does not run ${type.name}s (${reviewType}); an administrator can switch the type on.`, { reviewType });
    return this.get(type.defaultRuleset);
  }

  /** Every installed review type as this partnership has it: on or off, and its edition for new reviews. */
  async reviewTypes(partnershipId: string): Promise<ReviewTypeView[]> {
    const records = await this.records.find({ order: { loadedAt: 'DESC', key: 'DESC' } });
    const choices = await this.txHost.tx.getRepository(PartnershipReviewType).findBy({ partnershipId });
    const types = [...new Set(records.map((r) => r.reviewType))].sort();
    return types.map((type) => {
      const editions = records.filter((r) => r.reviewType === type);
      const choice = choices.find((c) => c.reviewType === type);
      const productDefault = editions.find((r) => r.definition.default) ?? editions[0];
      const current = editions.find((r) => r.key === choice?.defaultRulesetKey) ?? productDefault;
      return {
        type,
        enabled: choice?.enabled ?? productDefault.definition.enabledByDefault,
        defaultRuleset: current.key,
        name: current.definition.name,
        editions: editions.map((r) => r.key).sort(),
      };
    });
  }

  /** An administrator's choice for a review type; audited by the caller. */
  async configure(partnershipId: string, reviewType: string, change: { enabled?: boolean; defaultRuleset?: string }, at: Date): Promise<ReviewTypeView> {
    const current = (await this.reviewTypes(partnershipId)).find((t) => t.type === reviewType);
    if (!current) throw new NotFoundProblem(`No ruleset is installed for review type '${reviewType}'.`);
    if (change.defaultRuleset !== undefined && !current.editions.includes(change.defaultRuleset)) {
      throw ValidationProblem.field('defaultRuleset', `must be an installed edition of ${reviewType}: ${current.editions.join(', ')}`);
    }
    await this.txHost.tx.getRepository(PartnershipReviewType).upsert(
      {
        partnershipId,
        reviewType,
        enabled: change.enabled ?? current.enabled,
        defaultRulesetKey: change.defaultRuleset ?? current.defaultRuleset,
        updatedAt: at,
      },
      ['partnershipId', 'reviewType'],
    );
    return (await this.reviewTypes(partnershipId)).find((t) => t.type === reviewType)!;
  }

  async list(): Promise<RulesetDefinition[]> {
    const records = await this.records.find({ order: { reviewType: 'ASC', key: 'ASC' } });
    return records.map((r) => r.definition);
  }
}

function hashOf(definition: RulesetDefinition): string {
  return createHash('sha256')
    .update(canonicalize(definition) ?? '')
    .digest('hex');
}
