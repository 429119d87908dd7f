import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { ValidationProblem } from '@app/common';
import { ConfigurationError } from '@app/config';
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

  async get(key: string): Promise<Ruleset> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const record = await this.records.findOneByOrFail({ key });
    const ruleset = new Ruleset(record.definition);
    this.cache.set(key, ruleset);
    return ruleset;
  }

  /** The edition new reviews of this type are opened under: the default installed last. */
  async currentFor(reviewType: string): Promise<Ruleset> {
    const records = await this.records.find({ where: { reviewType }, order: { loadedAt: 'DESC', key: 'DESC' } });
    const current = records.find((r) => r.definition.default) ?? records[0];
    if (!current) throw ValidationProblem.field('type', `no ruleset is installed for review type '${reviewType}'`);
    return this.get(current.key);
  }

  async list(): Promise<RulesetDefinition[]> {
    const records = await this.records.find({ order: { reviewType: 'ASC', key: 'ASC' } });
    return records.map((r) => r.definition);
  }
}

function hashOf(definition: RulesetDefinition): string {
  return createHash('sha256').update(canonicalize(definition) ?? '').digest('hex');
}
