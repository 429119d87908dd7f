import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Actor, ACTOR_KEY, Clock, CORRELATION_KEY, Page, PageQuery, pageOf, SYSTEM_ACTOR } from '@app/common';
import { auditEntryHash, GENESIS_HASH } from './audit-hash';
import { AuditEntryView, AuditVerification } from './dto/audit.view';
import { AuditEntry } from './entities/audit-entry.entity';

// Serialises appends to the chain; held to the end of the appending transaction.
const AUDIT_CHAIN_LOCK = 7_402_164_002;
const VERIFY_BATCH = 5000;

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
}

@Injectable()
export class AuditService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly cls: ClsService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Appends an entry in the caller's transaction (or a transaction of its own), so it commits
   * with the change it records or not at all. The actor and the correlation id come from the
   * request or job context.
   */
  async record(record: AuditRecord): Promise<AuditEntry> {
    // Start-up work runs outside any request, so it gets a context (and the system actor) here.
    if (!this.cls.isActive()) return this.cls.run(() => this.record(record));
    if (this.txHost.isTransactionActive()) return this.append(record);
    return this.txHost.withTransaction(() => this.append(record));
  }

  private async append(record: AuditRecord): Promise<AuditEntry> {
    const tx = this.txHost.tx;
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [head] = await tx.query('SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
    const actor = this.cls.get<Actor>(ACTOR_KEY) ?? SYSTEM_ACTOR;
    const fields = {
      seq: head ? Number(head.seq) + 1 : 1,
      occurredAt: this.clock.now(),
      actorId: record.actorId ?? actor.id,
      action: record.action,
      reviewId: record.reviewId ?? null,
      partnershipId: record.partnershipId ?? actor.partnershipId,
      // Stored as JSON and hashed as JSON: normalise once so the two can never differ.
      changes: JSON.parse(JSON.stringify(record.changes)) as Record<string, unknown>,
      correlationId: this.cls.get<string>(CORRELATION_KEY) ?? null,
      boards: record.boards ?? ALL_BOARDS,
      prevHash: head ? String(head.hash) : GENESIS_HASH,
    };
    const entry = Object.assign(new AuditEntry(), fields, { hash: auditEntryHash(fields) });
    // A plain INSERT: the entry is new by construction, and the table refuses any UPDATE.
    await tx.getRepository(AuditEntry).insert(entry as QueryDeepPartialEntity<AuditEntry>);
    return entry;
  }

  async forReview(reviewId: string, query: PageQuery): Promise<Page<AuditEntryView>> {
    const [entries, total] = await this.txHost.tx
      .getRepository(AuditEntry)
      .findAndCount({ where: { reviewId }, order: { seq: 'ASC' }, skip: query.offset, take: query.pageSize });
    return pageOf(entries.map(view), total, query);
  }

  /**
   * Walks the whole chain in sequence order: each entry must follow the one before (no gap),
   * point at its hash, and hash to what it says. Reports the first entry that does not.
   */
  async verify(): Promise<AuditVerification> {
    let previousHash = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    for (;;) {
      const batch = await this.dataSource
        .getRepository(AuditEntry)
        .createQueryBuilder('a')
        .where('a.seq >= :from', { from: expectedSeq })
        .orderBy('a.seq', 'ASC')
        .limit(VERIFY_BATCH)
        .getMany();
      for (const entry of batch) {
        const seq = Number(entry.seq);
        const intact = seq === expectedSeq && entry.prevHash === previousHash && auditEntryHash({ ...entry, seq }) === entry.hash;
        if (!intact) return { ok: false, entries, headHash: previousHash === GENESIS_HASH ? null : previousHash, firstBrokenSeq: expectedSeq };
        previousHash = entry.hash;
        expectedSeq += 1;
        entries += 1;
      }
      if (batch.length < VERIFY_BATCH) break;
    }
    return { ok: true, entries, headHash: entries > 0 ? previousHash : null, firstBrokenSeq: null };
  }
}

function view(entry: AuditEntry): AuditEntryView {
  return {
    seq: Number(entry.seq),
    occurredAt: entry.occurredAt.toISOString(),
    actorId: entry.actorId,
    action: entry.action,
    reviewId: entry.reviewId,
    changes: entry.changes,
    correlationId: entry.correlationId,
    boards: entry.boards,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}
