import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, NotFoundProblem, Page, pageOf } from '@app/common';
import { RulesetsService } from '@app/rulesets';
import { DueForDisposalItem, DueForDisposalQuery, ReviewTypeRetentionView, RetentionRuleView } from './dto/retention.dto';
import { RetentionOverride } from './entities/retention-override.entity';
import { LegalHolds } from './legal-holds.service';
import { describeRetention, disposalDueOn, EffectiveRetention, effectiveRetention, RetentionSetting } from './retention-rules';
import { namesOf } from './people';

interface DueRow {
  id: string;
  reference: string;
  type: string;
  ruleset_key: string;
  stage: string;
  ended_on: string;
  total: string;
}

/**
 * Which rule each review type's records are kept under (the ruleset's, or the partnership's own
 * period), and which ended reviews are due for disposal. Nothing here disposes of anything:
 * disposal is `Disposal.dispose`, on an administrator's confirmation.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly rulesets: RulesetsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly holds: LegalHolds,
  ) {}

  /** Every review type the partnership has, with its ruleset's rule, the partnership's setting and the rule in force. */
  async rules(partnershipId: string): Promise<ReviewTypeRetentionView[]> {
    const types = await this.rulesets.reviewTypes(partnershipId);
    const settings = await this.settings(partnershipId);
    const views: ReviewTypeRetentionView[] = [];
    for (const type of types) {
      const rulesetRule = (await this.rulesets.get(type.defaultRuleset)).definition.retention;
      const setting = settings.get(type.type) ?? null;
      const effective = effectiveRetention(rulesetRule, setting);
      views.push({
        reviewType: type.type,
        name: type.name,
        defaultRuleset: type.defaultRuleset,
        rulesetRule: ruleView(effectiveRetention(rulesetRule, null)),
        partnershipSetting: ruleView(setting ? effectiveRetention(undefined, setting) : null),
        effective: ruleView(effective),
        summary: describeRetention(effective),
      });
    }
    return views;
  }

  /** The rule a review is kept under: the partnership's setting for its type, else its own edition's; null means never due. */
  async ruleFor(review: { partnershipId: string; type: string; rulesetKey: string }): Promise<EffectiveRetention | null> {
    const setting = (await this.settings(review.partnershipId)).get(review.type) ?? null;
    return effectiveRetention((await this.rulesets.get(review.rulesetKey)).definition.retention, setting);
  }

  /** Sets the partnership's own retention period for a review type (local practice); audited. */
  setRule(user: AuthenticatedUser, reviewType: string, years: number): Promise<ReviewTypeRetentionView> {
    return this.txHost.withTransaction(async () => {
      const before = await this.ruleOf(user.partnershipId, reviewType);
      await this.txHost.tx
        .getRepository(RetentionOverride)
        .upsert({ partnershipId: user.partnershipId, reviewType, years, setBy: user.id, setAt: this.clock.now() }, ['partnershipId', 'reviewType']);
      const after = await this.ruleOf(user.partnershipId, reviewType);
      await this.audit.record({
        action: 'retention-rule.set',
        partnershipId: user.partnershipId,
        changes: { reviewType, before: auditRule(before.effective), after: auditRule(after.effective) },
      });
      return after;
    });
  }

  /** Goes back to the ruleset's rule for a review type; audited. */
  clearRule(user: AuthenticatedUser, reviewType: string): Promise<ReviewTypeRetentionView> {
    return this.txHost.withTransaction(async () => {
      const before = await this.ruleOf(user.partnershipId, reviewType);
      await this.txHost.tx.getRepository(RetentionOverride).delete({ partnershipId: user.partnershipId, reviewType });
      const after = await this.ruleOf(user.partnershipId, reviewType);
      if (before.partnershipSetting) {
        await this.audit.record({
          action: 'retention-rule.cleared',
          partnershipId: user.partnershipId,
          changes: { reviewType, before: auditRule(before.effective), after: auditRule(after.effective) },
        });
      }
      return after;
    });
  }

  /**
   * The partnership's ended reviews (closed, discontinued or decided not held) whose end date
   * plus the retention period is today or earlier, not yet disposed of, soonest due first,
   * with any active legal hold. Reviews under no rule are never listed.
   */
  async dueForDisposal(partnershipId: string, query: DueForDisposalQuery): Promise<Page<DueForDisposalItem>> {
    const today = this.clock.today();
    const settings = await this.settings(partnershipId);
    const editions = (await this.rulesets.list()).filter((definition) => definition.retention);
    const types = await this.rulesets.reviewTypes(partnershipId);
    // Each edition's period, and the partnership's own per type, go in as arrays: the due date is worked out in SQL, to sort and page by it.
    const rows: DueRow[] = await this.txHost.tx.query(
      `WITH edition_rules (ruleset_key, years) AS (SELECT * FROM unnest($2::text[], $3::int[])),
            type_settings (review_type, years) AS (SELECT * FROM unnest($4::text[], $5::int[])),
            ended AS (
              SELECT r.id, r.reference, r.type, r.ruleset_key, r.stage, r.stage_entered_on AS ended_on,
                     (r.stage_entered_on + make_interval(years => coalesce(s.years, e.years)))::date AS due_on
              FROM review_facts r
              LEFT JOIN type_settings s ON s.review_type = r.type
              LEFT JOIN edition_rules e ON e.ruleset_key = r.ruleset_key
              WHERE r.partnership_id = $1 AND r.status = 'closed' AND r.disposed_at IS NULL AND coalesce(s.years, e.years) IS NOT NULL)
       SELECT id, reference, type, ruleset_key, stage, to_char(ended_on, 'YYYY-MM-DD') AS ended_on, count(*) OVER () AS total
       FROM ended WHERE due_on <= $6::date
       ORDER BY due_on, reference LIMIT $7 OFFSET $8`,
      [
        partnershipId,
        editions.map((definition) => definition.key),
        editions.map((definition) => definition.retention!.years),
        [...settings.keys()],
        [...settings.values()].map((setting) => setting.years),
        today,
        query.pageSize,
        query.offset,
      ],
    );
    const total = rows.length ? Number(rows[0].total) : await this.countDue(partnershipId, query);
    const holds = await this.holds.activeFor(rows.map((row) => row.id));
    const items: DueForDisposalItem[] = [];
    for (const row of rows) {
      const rule = effectiveRetention((await this.rulesets.get(row.ruleset_key)).definition.retention, settings.get(row.type) ?? null)!;
      items.push({
        reviewId: row.id,
        reference: row.reference,
        type: row.type,
        typeName: types.find((t) => t.type === row.type)?.name ?? (await this.rulesets.get(row.ruleset_key)).definition.name,
        ruleset: row.ruleset_key,
        endedOn: row.ended_on,
        endStage: row.stage,
        rule: ruleView(rule)!,
        dueOn: disposalDueOn(row.ended_on, rule.years),
        legalHolds: holds.get(row.id) ?? [],
      });
    }
    return pageOf(items, total, query);
  }

  /** A page past the end has no rows to carry the total: count it then (the first page never needs this). */
  private async countDue(partnershipId: string, query: DueForDisposalQuery): Promise<number> {
    if (query.page === 1) return 0;
    return (await this.dueForDisposal(partnershipId, Object.assign(new DueForDisposalQuery(), { page: 1, pageSize: 1 }))).total;
  }

  private async ruleOf(partnershipId: string, reviewType: string): Promise<ReviewTypeRetentionView> {
    const view = (await this.rules(partnershipId)).find((rule) => rule.reviewType === reviewType);
    if (!view) throw new NotFoundProblem(`No ruleset is installed for review type '${reviewType}'; GET /api/admin/retention/rules lists them.`);
    return view;
  }

  private async settings(partnershipId: string): Promise<Map<string, RetentionSetting>> {
    const rows = await this.txHost.tx.getRepository(RetentionOverride).findBy({ partnershipId });
    const names = await namesOf(
      this.txHost.tx,
      rows.map((row) => row.setBy),
    );
    return new Map(
      rows.map((row) => [
        row.reviewType,
        { years: row.years, setAt: row.setAt, setBy: row.setBy ? { id: row.setBy, name: names.get(row.setBy) ?? '' } : null },
      ]),
    );
  }
}

export function ruleView(rule: EffectiveRetention | null): RetentionRuleView | null {
  if (!rule) return null;
  return {
    years: rule.years,
    after: rule.after,
    source: rule.source.map(({ kind, cite }) => ({ kind, cite })),
    partnershipSetting: rule.partnershipSetting,
    setBy: rule.setBy,
    setAt: rule.setAt,
  };
}

/** A rule as the audit trail records it: the period and where it comes from, no names. */
export function auditRule(rule: Pick<RetentionRuleView, 'years' | 'after' | 'partnershipSetting' | 'source'> | null): Record<string, unknown> | null {
  return rule ? { years: rule.years, after: rule.after, partnershipSetting: rule.partnershipSetting, source: rule.source.map((s) => s.kind) } : null;
}
