import { Injectable, Logger } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuditService } from '@app/audit';
import { Clock } from '@app/common';
import { OutboxService } from '@app/notifications';
import { Board } from '@app/partnerships';
import { checkpointMail, checkpointMismatchMail } from './checkpoint-mail';
import { BoardCheckpoint } from './entities/board-checkpoint.entity';

/** The audit chain's latest entry, as `AuditService.head` gives it under the chain's lock. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Who records a checkpoint: a person (a board member or an administrator), or the schedule (`recordedBy` null). */
export interface CheckpointAuthor {
  recordedBy: string | null;
  note: string | null;
}

/** Audit actions the checkpoints write: the head moving by these alone is nothing new to anchor. */
export const CHECKPOINT_AUDIT_ACTIONS = ['board.checkpoint-recorded', 'board.checkpoint-mismatch'] as const;

/**
 * Recording a board's checkpoint, one way for everyone who records one: the row, its entry in the
 * chain and a mail to every active member, all in the caller's transaction, which has read the
 * head with `AuditService.head` (so holds the chain's lock to its commit). The caller queues the
 * returned mails' delivery once it has committed.
 */
@Injectable()
export class BoardCheckpoints {
  private readonly logger = new Logger(BoardCheckpoints.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async record(board: Board, head: ChainHead, author: CheckpointAuthor): Promise<{ checkpoint: BoardCheckpoint; outboxIds: string[] }> {
    const scheduled = author.recordedBy === null;
    const repository = this.txHost.tx.getRepository(BoardCheckpoint);
    const checkpoint = repository.create({
      boardId: board.id,
      seq: head.seq,
      hash: head.hash,
      note: author.note,
      recordedBy: author.recordedBy,
      recordedAt: this.clock.now(),
    });
    await repository.insert(checkpoint);
    await this.audit.record({
      action: 'board.checkpoint-recorded',
      partnershipId: board.partnershipId,
      changes: { board: board.key, checkpointId: checkpoint.id, seq: head.seq, hash: head.hash, note: checkpoint.note, ...(scheduled ? { scheduled } : {}) },
      boards: [board.key],
    });
    const mail = checkpointMail({ boardName: board.name, seq: head.seq, hash: head.hash, recordedAt: checkpoint.recordedAt, scheduled });
    const outboxIds = await this.mailMembers(board, mail, 'audit-checkpoint');
    return { checkpoint, outboxIds };
  }

  /**
   * Says loudly that the board's checkpoint no longer matches the chain (its entry gone, or with
   * another hash): an error in the log, an entry in the chain and a mail to every active member,
   * in the caller's transaction. Returns the mails to deliver after commit.
   */
  async reportMismatch(board: Board, kept: BoardCheckpoint, found: string | null): Promise<string[]> {
    const seq = Number(kept.seq);
    this.logger.error(
      { board: board.key, partnershipId: board.partnershipId, checkpointId: kept.id, seq, hashKept: kept.hash, hashFound: found },
      found === null
        ? 'A board checkpoint no longer matches the audit trail: its entry has been removed'
        : 'A board checkpoint no longer matches the audit trail: its entry has been changed',
    );
    await this.audit.record({
      action: 'board.checkpoint-mismatch',
      partnershipId: board.partnershipId,
      changes: { board: board.key, checkpointId: kept.id, seq, hash: kept.hash, found },
      boards: [board.key],
    });
    const mail = checkpointMismatchMail({ boardName: board.name, seq, hash: kept.hash, recordedAt: kept.recordedAt, found, checkedAt: this.clock.now() });
    return this.mailMembers(board, mail, 'audit-checkpoint-mismatch');
  }

  private async mailMembers(board: Board, mail: { subject: string; text: string; html: string }, kind: string): Promise<string[]> {
    const members: { id: string; email: string }[] = await this.txHost.tx.query(
      'SELECT u.id, u.email FROM board_memberships m JOIN user_contacts u ON u.id = m.user_id WHERE m.board_id = $1 AND u.active ORDER BY m.added_at, u.id',
      [board.id],
    );
    return this.outbox.enqueue(members.map((member) => ({ partnershipId: board.partnershipId, recipientId: member.id, to: member.email, ...mail, kind })));
  }
}
