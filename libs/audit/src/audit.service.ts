import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { Tenancy } from '@app/database';
import { Actor, ACTOR_KEY, Clock, CORRELATION_KEY, Page, PageQuery, pageOf, SYSTEM_ACTOR } from '@app/common';
import { VerifierConnection, verifyStoredAuditChain } from './audit-chain';
import { AUDIT_CHAIN_LOCK } from './audit-journal';
import { AuditChainer } from './audit-chainer';
import { markAuditWritten } from './audit-commit.subscriber';
import { AuditDataKeys, DataKeyState } from './audit-data-keys';
import { isSealed, mergePersonal, seal, SEALED_FIELD, splitPersonal, unseal } from './audit-seal';
import { AUDIT_READ_ACTIONS, AuditTrailQuery } from './dto/audit-trail.query';
import { AuditEntryView, AuditVerification } from './dto/audit.view';
import { AuditEntry } from './entities/audit-entry.entity';

/** Boards of a partnership as rulesets name them; entries default to both. */
export const ALL_BOARDS = ['csp', 'dab'];

export interface AuditRecord {
  action: string;
  /** Who acted, where the request has no signed-in user yet (signing in). */
  actorId?: string;
  reviewId?: string | null;
  partnershipId?: string | null;
  changes: Record<string, unknown>;
  boards?: string[];
  /**
   * Personal data in `changes` (free text, a victim's facts, what a body said), by dotted path:
   * sealed under the data key of `of` (the review or death it is about) instead of written in
   * clear, so that disposing of that review or death destroys it while the entry and its hash
   * stay (see audit-seal.ts). Readers of the trail see it in place while the key exists.
   */
  personal?: { of: string; fields: string[] };
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenancy: Tenancy,
    private readonly keys: AuditDataKeys,
    private readonly chainer: AuditChainer,
  ) {}

  /**
   * An audited read answered by one statement (the review's page): the entry as a CTE of that
   * statement (name it `audit_read`), so the read and its record are one round trip and commit
   * together. `of` names another CTE of the statement giving the subject, at most one row with
   * `id`, `partnership_id` and `boards` (text[]); nothing is written when it gives none. Changes
   * are empty (a read says nothing personal). After the statement, `chainRead` chains it.
   */
  readEntrySql(of: string, action: string): { sql: string; parameters: Record<string, unknown> } {
    const actor = this.cls.get<Actor>(ACTOR_KEY) ?? SYSTEM_ACTOR;
    return {
      sql: `audit_read AS (
        INSERT INTO audit_journal (occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards)
        SELECT CAST(:auditAt AS timestamptz), CAST(:auditActor AS uuid), CAST(:auditAction AS text), ${of}.id, ${of}.partnership_id, '{}'::jsonb, CAST(:auditCorrelation AS text), ${of}.boards
        FROM ${of})`,
      parameters: { auditAt: this.clock.now(), auditActor: actor.id, auditAction: action, auditCorrelation: this.cls.get<string>(CORRELATION_KEY) ?? null },
    };
  }

  /**
   * After a statement that wrote `readEntrySql`'s entry: chains it before the caller answers; in a
   * transaction, once that commits (as every other entry is).
   */
  async chainRead(): Promise<void> {
    if (this.txHost.isTransactionActive()) return markAuditWritten(this.txHost.tx.queryRunner);
    // The entry committed with the read, so it is kept whatever happens here; the chainer's sweep retries.
    await this.chainer.flush().catch((error: Error) => this.logger.warn(`Chaining an audited read failed, the sweep will retry: ${error.message}`));
  }

  /**
   * Records an entry in the caller's transaction (or a transaction of its own), so it is kept
   * with the change it records or not at all. It goes to the journal, with no lock; when the
   * transaction commits, the chainer hashes it into the chain before the caller goes on
   * (`AuditCommitSubscriber`). The actor and the correlation id come from the request or job
   * context.
   */
  async record(record: AuditRecord): Promise<void> {
    // Start-up work runs outside any request, so it gets a context (and the system actor) here.
    if (!this.cls.isActive()) return this.cls.run(() => this.record(record));
    if (this.txHost.isTransactionActive()) return this.append(record);
    return this.txHost.withTransaction(() => this.append(record));
  }

  private async append(record: AuditRecord): Promise<void> {
    const actor = this.cls.get<Actor>(ACTOR_KEY) ?? SYSTEM_ACTOR;
    const partnershipId = record.partnershipId ?? actor.partnershipId;
    const now = this.clock.now();
    const changes = record.personal ? await this.sealPersonal(record.changes, record.personal, partnershipId, now) : record.changes;
    const tx = this.txHost.tx;
    // A plain INSERT with nothing returned: the application may add to the journal, never read it.
    await tx.query(
      `INSERT INTO audit_journal (occurred_at, actor_id, action, review_id, partnership_id, changes, correlation_id, boards)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        now,
        record.actorId ?? actor.id,
        record.action,
        record.reviewId ?? null,
        partnershipId,
        JSON.stringify(changes),
        this.cls.get<string>(CORRELATION_KEY) ?? null,
        record.boards ?? ALL_BOARDS,
      ],
    );
    markAuditWritten(tx.queryRunner);
  }

  /** The personal fields of `changes` moved into its sealed part, under the subject's data key. */
  private async sealPersonal(
    changes: Record<string, unknown>,
    personal: NonNullable<AuditRecord['personal']>,
    partnershipId: string | null,
    at: Date,
  ): Promise<Record<string, unknown>> {
    const split = splitPersonal(changes, personal.fields);
    if (split.fields.length === 0) return changes;
    const key = await this.keys.keyFor(personal.of, partnershipId, at);
    return { ...split.clear, [SEALED_FIELD]: seal(key, personal.of, split.fields, split.personal) };
  }

  /**
   * Destroys the data keys of these reviews or deaths, in the caller's transaction (disposal):
   * what their audit entries sealed can never be read again; the entries and hashes are unchanged.
   */
  destroyPersonalData(subjectIds: readonly string[], partnershipId: string): Promise<number> {
    return this.keys.destroy(subjectIds, partnershipId, this.clock.now());
  }

  /**
   * A page of the review's entries, oldest first unless `order` is newest; `kind`, `actor` and
   * `views` narrow what is read (the chain itself is never changed).
   */
  async forReview(reviewId: string, query: PageQuery & Partial<Pick<AuditTrailQuery, 'order' | 'kind' | 'actor' | 'views'>>): Promise<Page<AuditEntryView>> {
    const qb = this.txHost.tx.getRepository(AuditEntry).createQueryBuilder('a').where('a.review_id = :reviewId', { reviewId });
    if (query.kind) qb.andWhere('a.action = :kind', { kind: query.kind });
    if (query.actor) qb.andWhere('a.actor_id = :actor', { actor: query.actor });
    if (query.views === 'exclude') qb.andWhere('NOT (a.action = ANY(:reads))', { reads: AUDIT_READ_ACTIONS });
    if (query.views === 'only') qb.andWhere('a.action = ANY(:reads)', { reads: AUDIT_READ_ACTIONS });
    const [entries, total] = await qb
      .orderBy('a.seq', query.order === 'newest' ? 'DESC' : 'ASC')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(await this.views(entries), total, query);
  }

  /** The people and kinds of entry in the review's trail (for a reader's filters), reads apart or not as `views` says. */
  async facetsOfReview(reviewId: string, views: AuditTrailQuery['views'] = 'include'): Promise<{ actorIds: (string | null)[]; kinds: string[] }> {
    const reads = views === 'exclude' ? 'AND NOT (action = ANY($2))' : views === 'only' ? 'AND action = ANY($2)' : '';
    const params = reads ? [reviewId, AUDIT_READ_ACTIONS] : [reviewId];
    const rows: { actor_id: string | null; action: string }[] = await this.txHost.tx.query(
      `SELECT DISTINCT actor_id, action FROM audit_entries WHERE review_id = $1 ${reads}`,
      params,
    );
    return { actorIds: [...new Set(rows.map((r) => r.actor_id))], kinds: [...new Set(rows.map((r) => r.action))].sort() };
  }

  /**
   * The entries a board may see (those whose `boards` name it) of its partnership, oldest first.
   */
  async forBoard(partnershipId: string, boardKey: string, query: PageQuery): Promise<Page<AuditEntryView>> {
    const [entries, total] = await this.txHost.tx
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.partnership_id = :partnershipId', { partnershipId })
      .andWhere(':boardKey = ANY(a.boards)', { boardKey })
      .orderBy('a.seq', 'ASC')
      .offset(query.offset)
      .limit(query.pageSize)
      .getManyAndCount();
    return pageOf(await this.views(entries), total, query);
  }

  /** Entries as readers see them: sealed personal data opened where its key still exists. */
  private async views(entries: AuditEntry[]): Promise<AuditEntryView[]> {
    const subjects = entries
      .map((entry) => entry.changes?.[SEALED_FIELD])
      .filter(isSealed)
      .map((sealed) => sealed.of);
    const keys = await this.keys.keysOf(subjects);
    return entries.map((entry) => view(entry, keys));
  }

  /**
   * The chain's latest entry, read under the chain's lock in the caller's transaction: nothing
   * can be appended between it and the caller's own entries, so the head it gives is exact.
   */
  async head(): Promise<{ seq: number; hash: string } | null> {
    const tx = this.txHost.tx;
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    // The chain spans every partnership; this function reads its true head whatever the scope.
    const [head] = await tx.query('SELECT seq, hash FROM audit_chain_head()');
    return head ? { seq: Number(head.seq), hash: String(head.hash) } : null;
  }

  /**
   * The sequence number of the newest entry whose action is none of `actions` (null when there is
   * none): walks back from the head, so it costs as many index reads as such entries at the end.
   */
  async latestSeqExcept(actions: readonly string[]): Promise<number | null> {
    const [row] = await this.txHost.tx.query('SELECT seq FROM audit_entries WHERE action <> ALL($1) ORDER BY seq DESC LIMIT 1', [actions]);
    return row ? Number(row.seq) : null;
  }

  /** The hash of each of these entries that exists, by sequence number (one index read each). */
  async hashesAt(seqs: readonly number[]): Promise<Map<number, string>> {
    if (seqs.length === 0) return new Map();
    const rows: { seq: string; hash: string }[] = await this.txHost.tx.query('SELECT seq, hash FROM audit_entries WHERE seq = ANY($1::bigint[])', [
      [...new Set(seqs)],
    ]);
    return new Map(rows.map((row) => [Number(row.seq), row.hash]));
  }

  /**
   * Verifies the whole chain (every entry's stored text hashes to its hash and follows the one
   * before) and every checkpoint the boards have recorded. The chain links every partnership's
   * entries, so it is read whole, as the system; only the verdict comes back.
   */
  verifyWithStoredCheckpoints(): Promise<AuditVerification> {
    return this.tenancy.asSystem(() => verifyStoredAuditChain(this.verifierConnection));
  }

  /** A pooled connection of its own, taken in the caller's scope (the system, above). */
  private readonly verifierConnection = async (): Promise<VerifierConnection> => {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    return { run: (sql, parameters) => runner.query(sql, parameters), close: () => runner.release() };
  };
}

/**
 * An entry's changes with its sealed part opened and put back in place; once the key is
 * destroyed, the fields it held are named in `personalDataRemoved` instead. A sealed part that
 * no longer opens (changed after it was written, which the chain's verification also reports)
 * names its fields in `personalDataUnreadable`, so the rest of the trail can still be read.
 */
export function openChanges(changes: Record<string, unknown>, keys: ReadonlyMap<string, DataKeyState>): Record<string, unknown> {
  const sealed = changes?.[SEALED_FIELD];
  if (!isSealed(sealed)) return changes;
  const { [SEALED_FIELD]: _sealed, ...clear } = changes;
  const key = keys.get(sealed.of);
  if (key === null) return { ...clear, personalDataRemoved: sealed.fields };
  if (key === undefined) return { ...clear, personalDataWithheld: sealed.fields };
  let personal: Record<string, unknown>;
  try {
    personal = unseal(key, sealed);
  } catch {
    return { ...clear, personalDataUnreadable: sealed.fields };
  }
  return mergePersonal(clear, personal);
}

function view(entry: AuditEntry, keys: ReadonlyMap<string, DataKeyState>): AuditEntryView {
  return {
    seq: Number(entry.seq),
    occurredAt: entry.occurredAt.toISOString(),
    actorId: entry.actorId,
    action: entry.action,
    reviewId: entry.reviewId,
    changes: openChanges(entry.changes, keys),
    correlationId: entry.correlationId,
    boards: entry.boards,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}
