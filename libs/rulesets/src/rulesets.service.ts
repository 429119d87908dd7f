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
import { Ruleset, RulesetDefinition, RulesetSource } from './ruleset';
import { PartialVocabulary, rulesetProblems } from './ruleset-validation';
import { RulesetVocabulary } from './ruleset-vocabulary';

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
   * Checks every ruleset against the product's vocabulary, and each other, then stores any the
   * database does not have yet. Every mistake in every file is reported at once, each with its
   * file and JSON path, and nothing is stored while there is one. An edition is never changed
   * once stored, because open reviews run under it: changed rules need a new key.
   */
  async install(sources: readonly RulesetSource[], vocabulary: RulesetVocabulary): Promise<void>;
  /**
   * @deprecated Checks only action and role names, not guards, outcomes, date fields or the
   * rest; to be removed once every caller passes a {@link RulesetVocabulary}. A document may be
   * given bare (it is then named by its key) or as a {@link RulesetSource}.
   */
  async install(documents: readonly unknown[], knownActions: ReadonlySet<string>, knownRoles: ReadonlySet<string>): Promise<void>;
  async install(items: readonly unknown[], vocabulary: RulesetVocabulary | ReadonlySet<string>, knownRoles?: ReadonlySet<string>): Promise<void> {
    const known: RulesetVocabulary | PartialVocabulary = isVocabulary(vocabulary)
      ? vocabulary
      : { actions: new Map([...vocabulary].map((name) => [name, undefined])), roles: knownRoles ?? new Set() };
    const sources = items.map(asSource);
    await this.refuseMistakes(sources, known);
    for (const { definition: document } of sources) {
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

  /**
   * For a statement over reviews: the boards that must sign off under the edition `keySql` names
   * (its `requiredSignOffs`, as stored), as a text array; what an audit entry about the review is marked for.
   */
  static requiredSignOffsSql(keySql: string): string {
    return `ARRAY(SELECT json_array_elements_text(rs.definition::json -> 'requiredSignOffs') FROM rulesets rs WHERE rs.key = ${keySql})`;
  }

  /** The editions installed at start (and any read since), for documents built without a request. */
  installed(): Ruleset[] {
    return [...this.cache.values()];
  }

  /** One error naming every mistake in every file, so that one start shows all there is to fix. */
  private async refuseMistakes(sources: RulesetSource[], vocabulary: RulesetVocabulary | PartialVocabulary): Promise<void> {
    const stored = await this.records.createQueryBuilder('r').select('DISTINCT r.review_type', 'reviewType').getRawMany<{ reviewType: string }>();
    const fields = (source: RulesetSource) => (source.definition ?? {}) as { key?: unknown; reviewType?: unknown };
    const reviewTypes = new Set([
      ...stored.map((r) => r.reviewType),
      ...sources.map((s) => fields(s).reviewType).filter((t): t is string => typeof t === 'string'),
    ]);
    const problems: string[] = [];
    const keys = new Map<unknown, string>();
    for (const source of sources) {
      problems.push(...rulesetProblems(source.definition, vocabulary, reviewTypes).map((p) => `${source.file}: ${p}`));
      const key = fields(source).key;
      if (typeof key !== 'string') continue;
      if (keys.has(key)) problems.push(`${source.file}: $.key: '${key}' is also the key of ${keys.get(key)}; each edition needs a key of its own`);
      else keys.set(key, source.file);
    }
    if (problems.length > 0)
      throw new RulesetError(`The rulesets have ${problems.length} mistake(s); the product cannot start until they are fixed:\n  ${problems.join('\n  ')}`);
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
      // An edition put right by a later one is never the default: the later one is (the newest installed, where two say so).
      const superseded = new Set(editions.flatMap((r) => r.definition.supersedes ?? []));
      const current = editions.filter((r) => !superseded.has(r.key));
      const productDefault = current.find((r) => r.definition.default && (r.definition.inForce ?? true)) ?? current[0] ?? editions[0];
      const chosen = editions.find((r) => r.key === choice?.defaultRulesetKey) ?? productDefault;
      return {
        type,
        enabled: choice?.enabled ?? productDefault.definition.enabledByDefault,
        defaultRuleset: chosen.key,
        name: chosen.definition.name,
        editions: editions.map((r) => r.key).sort(),
        editionDetails: [...editions]
          .sort((a, b) => a.key.localeCompare(b.key))
          .map((r) => ({
            key: r.key,
            name: r.definition.name,
            inForce: r.definition.inForce ?? true,
            status: r.definition.status ?? null,
            supersededBy: editions.find((e) => e.definition.supersedes?.includes(r.key))?.key ?? null,
          })),
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

function isVocabulary(value: RulesetVocabulary | ReadonlySet<string>): value is RulesetVocabulary {
  return 'actions' in value && 'guards' in value;
}

/** A source as given, or a bare document named by its key (only the deprecated install form passes those). */
function asSource(item: unknown, index: number): RulesetSource {
  const fields = (item !== null && typeof item === 'object' ? item : {}) as Partial<RulesetSource> & { key?: unknown };
  if (typeof fields.file === 'string' && 'definition' in fields && fields.key === undefined) return fields as RulesetSource;
  return { file: typeof fields.key === 'string' ? `ruleset ${fields.key}` : `ruleset #${index + 1}`, definition: item };
}
