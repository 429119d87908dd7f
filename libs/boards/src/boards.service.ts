import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { aRole, Role } from '@app/access';
import { AuditService } from '@app/audit';
import { Clock, ConflictProblem, NotFoundProblem, ValidationProblem } from '@app/common';
import { User, UsersService } from '@app/identity';
import { Board, PartnershipsService } from '@app/partnerships';
import { BoardView, UpdateBoardRequest } from './dto/board.dto';

@Injectable()
export class BoardsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** A board of the caller's partnership by id or key, or a 404. */
  async find(partnershipId: string, idOrKey: string): Promise<Board> {
    const board = await this.partnerships.findBoard(partnershipId, idOrKey);
    if (!board) throw new NotFoundProblem('No board with that id.');
    return board;
  }

  async list(partnershipId: string): Promise<BoardView[]> {
    const boards = await this.partnerships.listBoards(partnershipId);
    const views: BoardView[] = [];
    for (const board of boards) views.push(await this.view(board));
    return views;
  }

  async view(board: Board): Promise<BoardView> {
    const memberIds = await this.partnerships.boardMemberIds(board.id);
    const ids = [...new Set([...memberIds, ...(board.chairUserId ? [board.chairUserId] : [])])];
    const people = new Map((ids.length ? await this.txHost.tx.getRepository(User).findBy({ id: In(ids) }) : []).map((u) => [u.id, u.name]));
    return {
      id: board.id,
      key: board.key,
      name: board.name,
      chair: board.chairUserId ? { userId: board.chairUserId, name: people.get(board.chairUserId) ?? '' } : null,
      quorum: board.quorum,
      members: memberIds.map((userId) => ({ userId, name: people.get(userId) ?? '' })),
    };
  }

  update(partnershipId: string, idOrKey: string, request: UpdateBoardRequest): Promise<BoardView> {
    return this.txHost.withTransaction(async () => {
      const board = await this.find(partnershipId, idOrKey);
      const before = { chairUserId: board.chairUserId, quorum: board.quorum };
      if (request.chairUserId && !(await this.partnerships.isBoardMember(board.id, request.chairUserId))) {
        throw ValidationProblem.field('chairUserId', 'must be a member of the board; add them first');
      }
      const members = (await this.partnerships.boardMemberIds(board.id)).length;
      const quorum = request.quorum ?? board.quorum;
      if (quorum > Math.max(members, 1)) throw ValidationProblem.field('quorum', `cannot be more than the board's ${members} member(s)`);
      const updated = await this.partnerships.updateBoard(board, {
        ...(request.chairUserId !== undefined ? { chairUserId: request.chairUserId } : {}),
        ...(request.quorum !== undefined ? { quorum: request.quorum } : {}),
      });
      await this.audit.record({
        action: 'board.updated',
        partnershipId,
        changes: { board: board.key, before, after: { chairUserId: updated.chairUserId, quorum: updated.quorum } },
        boards: [board.key],
      });
      return this.view(updated);
    });
  }

  addMember(partnershipId: string, idOrKey: string, userId: string): Promise<BoardView> {
    return this.txHost.withTransaction(async () => {
      const board = await this.find(partnershipId, idOrKey);
      const user = await this.users.findInPartnership(partnershipId, userId);
      if (!user || !user.active) throw ValidationProblem.field('userId', 'no active user of this partnership has that id');
      if (!user.roles.includes(Role.BoardMember)) throw ValidationProblem.field('userId', `the user is not ${aRole(Role.BoardMember)}`);
      if (await this.partnerships.isBoardMember(board.id, userId)) throw new ConflictProblem('That user is already a member of the board.');
      await this.partnerships.addBoardMember(board.id, userId, this.clock.now());
      await this.audit.record({ action: 'board.member-added', partnershipId, changes: { board: board.key, userId }, boards: [board.key] });
      return this.view(board);
    });
  }

  removeMember(partnershipId: string, idOrKey: string, userId: string): Promise<BoardView> {
    return this.txHost.withTransaction(async () => {
      const board = await this.find(partnershipId, idOrKey);
      if (!(await this.partnerships.isBoardMember(board.id, userId))) throw new NotFoundProblem('That user is not a member of the board.');
      if (board.chairUserId === userId) throw new ConflictProblem('That user chairs the board: appoint another chair first.');
      const remaining = (await this.partnerships.boardMemberIds(board.id)).length - 1;
      if (remaining < board.quorum)
        throw new ConflictProblem(`The board would have ${remaining} member(s), fewer than its quorum of ${board.quorum}: lower the quorum first.`);
      await this.partnerships.removeBoardMember(board.id, userId);
      await this.audit.record({ action: 'board.member-removed', partnershipId, changes: { board: board.key, userId }, boards: [board.key] });
      return this.view(board);
    });
  }
}
