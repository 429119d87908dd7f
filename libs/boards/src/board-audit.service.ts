import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { can } from '@app/access';
import { AuditEntryView, AuditService } from '@app/audit';
import { AuthenticatedUser, ConflictProblem, ForbiddenProblem, Page, PageQuery, pageOf } from '@app/common';
import { OutboxService } from '@app/notifications';
import { Board, PartnershipsService } from '@app/partnerships';
import { BoardCheckpoints } from './board-checkpoints';
import { BoardsService } from './boards.service';
import { BoardCheckpointView } from './dto/board-audit.dto';
import { BoardCheckpoint } from './entities/board-checkpoint.entity';

/**
 * A board's line of sight into the audit trail (the entries marked for it) and the checkpoints
 * it keeps of the chain's head, so it can later prove the trail it saw was not rewritten.
 */
@Injectable()
export class BoardAuditService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly boards: BoardsService,
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly checkpoints: BoardCheckpoints,
  ) {}

  /** The board's view of the audit trail, oldest first. The read is itself audited. */
  auditTrail(user: AuthenticatedUser, idOrKey: string, query: PageQuery): Promise<Page<AuditEntryView>> {
    return this.txHost.withTransaction(async () => {
      const board = await this.boards.find(user.partnershipId, idOrKey);
      await this.requireReader(user, board);
      const page = await this.audit.forBoard(board.partnershipId, board.key, query);
      // Last: the audit chain's lock is then held only for the append, to the commit.
      await this.audit.record({ action: 'board.audit-viewed', partnershipId: board.partnershipId, changes: { board: board.key }, boards: [board.key] });
      return page;
    });
  }

  /**
   * Records the chain's head as a checkpoint of the board, writes that into the chain, and mails
   * it to every member so each holds a copy the application cannot later alter.
   */
  async recordCheckpoint(user: AuthenticatedUser, idOrKey: string, note: string | undefined): Promise<BoardCheckpointView> {
    const { checkpoint, outboxIds } = await this.txHost.withTransaction(async () => {
      const board = await this.boards.find(user.partnershipId, idOrKey);
      await this.requireRecorder(user, board);
      // From here the chain's lock is held until commit, so everything runs on this transaction's
      // connection: waiting for another from the pool could wait on writers that wait on the lock.
      const head = await this.audit.head();
      if (!head) throw new ConflictProblem('The audit trail is empty: there is nothing to checkpoint yet.');
      const recorded = await this.checkpoints.record(board, head, { recordedBy: user.id, note: note ?? null });
      return { checkpoint: view(recorded.checkpoint, board), outboxIds: recorded.outboxIds };
    });
    await this.outbox.queueDelivery(outboxIds);
    return checkpoint;
  }

  /** The board's checkpoints, newest first. */
  listCheckpoints(user: AuthenticatedUser, idOrKey: string, query: PageQuery): Promise<Page<BoardCheckpointView>> {
    return this.txHost.withTransaction(async () => {
      const board = await this.boards.find(user.partnershipId, idOrKey);
      // Administrators record checkpoints, so they may see the ones recorded.
      if (!can(user, 'record-any-board-checkpoint')) await this.requireReader(user, board);
      const [checkpoints, total] = await this.txHost.tx
        .getRepository(BoardCheckpoint)
        .findAndCount({ where: { boardId: board.id }, order: { recordedAt: 'DESC', seq: 'DESC' }, skip: query.offset, take: query.pageSize });
      return pageOf(
        checkpoints.map((checkpoint) => view(checkpoint, board)),
        total,
        query,
      );
    });
  }

  private async requireReader(user: AuthenticatedUser, board: Board): Promise<void> {
    if (can(user, 'read-any-board-audit-trail')) return;
    if (await this.partnerships.isBoardMember(board.id, user.id)) return;
    throw new ForbiddenProblem(
      `Only members of the ${board.name}, auditors, CSP managers and the CSP chair may read its audit trail; you are not a member of this board.`,
      { reason: 'not-a-board-member' },
    );
  }

  private async requireRecorder(user: AuthenticatedUser, board: Board): Promise<void> {
    if (can(user, 'record-any-board-checkpoint')) return;
    // The chair is among the members: a board's chair must be one, and cannot be removed.
    if (await this.partnerships.isBoardMember(board.id, user.id)) return;
    throw new ForbiddenProblem(
      `Only the chair and members of the ${board.name}, and administrators, may record its checkpoints; you are not a member of this board.`,
      { reason: 'not-a-board-member' },
    );
  }
}

function view(checkpoint: BoardCheckpoint, board: Board): BoardCheckpointView {
  return {
    id: checkpoint.id,
    board: board.key,
    seq: Number(checkpoint.seq),
    hash: checkpoint.hash,
    note: checkpoint.note,
    recordedAt: checkpoint.recordedAt.toISOString(),
  };
}
