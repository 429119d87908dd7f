import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isUUID } from 'class-validator';
import { In, Repository } from 'typeorm';
import { entitiesFromJson, jsonArraySql } from '@app/database';
import { Agency } from './entities/agency.entity';
import { Board } from './entities/board.entity';
import { Partnership } from './entities/partnership.entity';
import { BoardMember } from './entities/board-member.entity';
import { Priority } from './entities/priority.entity';
import { PARTNER_AGENCIES, STRATEGY_PRIORITIES } from './partner-agencies';

@Injectable()
export class PartnershipsService {
  // Reads and writes join the caller's transaction (one connection), never a second one.
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get partnershipsRepo(): Repository<Partnership> {
    return this.txHost.tx.getRepository(Partnership);
  }

  private get agenciesRepo(): Repository<Agency> {
    return this.txHost.tx.getRepository(Agency);
  }

  private get boardsRepo(): Repository<Board> {
    return this.txHost.tx.getRepository(Board);
  }

  private get membersRepo(): Repository<BoardMember> {
    return this.txHost.tx.getRepository(BoardMember);
  }

  private get prioritiesRepo(): Repository<Priority> {
    return this.txHost.tx.getRepository(Priority);
  }

  /**
   * Creates the partnership with its partner agencies and its two boards the first time the
   * product starts; later starts find it and change nothing.
   */
  async ensurePartnership(
    name: string,
    domesticAbuseBoardName: string,
    agencies: ReadonlyArray<{ code: string; name: string }> = PARTNER_AGENCIES,
  ): Promise<Partnership> {
    await this.partnershipsRepo.createQueryBuilder().insert().values({ name }).orIgnore().execute();
    const partnership = await this.partnershipsRepo.findOneByOrFail({ name });
    await this.agenciesRepo
      .createQueryBuilder()
      .insert()
      .values(agencies.map((agency) => ({ ...agency, partnershipId: partnership.id })))
      .orIgnore()
      .execute();
    await this.boardsRepo
      .createQueryBuilder()
      .insert()
      .values([
        { partnershipId: partnership.id, key: 'csp', name: `${name} board` },
        { partnershipId: partnership.id, key: 'dab', name: domesticAbuseBoardName },
      ])
      .orIgnore()
      .execute();
    await this.prioritiesRepo
      .createQueryBuilder()
      .insert()
      .values(STRATEGY_PRIORITIES.map((priority, position) => ({ ...priority, position, partnershipId: partnership.id })))
      .orIgnore()
      .execute();
    return partnership;
  }

  listPartnerships(): Promise<Partnership[]> {
    return this.partnershipsRepo.find({ order: { name: 'ASC' } });
  }

  /** A partnership by its id; null when there is none. */
  findPartnership(id: string): Promise<Partnership | null> {
    return isUUID(id) ? this.partnershipsRepo.findOneBy({ id }) : Promise.resolve(null);
  }

  /** Agencies' names by id, whichever partnership they belong to: for people a review borrowed from a contributor. */
  async agencyNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    return new Map((await this.agenciesRepo.findBy({ id: In(ids) })).map((a) => [a.id, a.name]));
  }

  listPriorities(partnershipId: string): Promise<Priority[]> {
    return this.prioritiesRepo.find({ where: { partnershipId }, order: { position: 'ASC' } });
  }

  /** A board of this partnership named by its id or its key (`csp`, `dab`); null when there is none. */
  findBoard(partnershipId: string, idOrKey: string): Promise<Board | null> {
    return this.boardsRepo.findOneBy(isUUID(idOrKey) ? { partnershipId, id: idOrKey } : { partnershipId, key: idOrKey });
  }

  async boardMemberIds(boardId: string): Promise<string[]> {
    return (await this.membersRepo.find({ where: { boardId }, order: { addedAt: 'ASC' } })).map((m) => m.userId);
  }

  isBoardMember(boardId: string, userId: string): Promise<boolean> {
    return this.membersRepo.existsBy({ boardId, userId });
  }

  /** The keys of the boards this person sits on. */
  async boardsOf(userId: string): Promise<string[]> {
    const rows: { key: string }[] = await this.membersRepo.query('SELECT b.key FROM board_members m JOIN boards b ON b.id = m.board_id WHERE m.user_id = $1', [
      userId,
    ]);
    return rows.map((r) => r.key);
  }

  async addBoardMember(boardId: string, userId: string, at: Date): Promise<void> {
    await this.membersRepo.createQueryBuilder().insert().values({ boardId, userId, addedAt: at }).orIgnore().execute();
  }

  async removeBoardMember(boardId: string, userId: string): Promise<void> {
    await this.membersRepo.delete({ boardId, userId });
  }

  async updateBoard(board: Board, changes: { chairUserId?: string | null; quorum?: number }): Promise<Board> {
    Object.assign(board, changes);
    return this.boardsRepo.save(board);
  }

  listAgencies(partnershipId: string): Promise<Agency[]> {
    return this.agenciesRepo.find({ where: { partnershipId }, order: { name: 'ASC' } });
  }

  /** An agency of this partnership named by its id or its code; null when there is none. */
  async findAgency(partnershipId: string, idOrCode: string): Promise<Agency | null> {
    return this.agenciesRepo.findOneBy(isUUID(idOrCode) ? { partnershipId, id: idOrCode } : { partnershipId, code: idOrCode });
  }

  listBoards(partnershipId: string): Promise<Board[]> {
    return this.boardsRepo.find({ where: { partnershipId }, order: { key: 'ASC' } });
  }

  /**
   * For a statement that reads a page in one go (libs/database json-parts): the partnership's
   * agencies as `listAgencies` gives them, and the agencies named by an array of ids, as JSON
   * sub-selects over this lib's tables; `fromJson` reads either back.
   */
  static agenciesJsonSql(partnershipIdSql: string): string {
    return jsonArraySql('a', `agencies a WHERE a.partnership_id = ${partnershipIdSql}`, 'a.name');
  }

  static agenciesByIdJsonSql(idsSql: string): string {
    return jsonArraySql('a', `agencies a WHERE a.id = ANY(${idsSql})`, 'a.name');
  }

  /** The partnership's boards as `listBoards` gives them, as a JSON sub-select. */
  static boardsJsonSql(partnershipIdSql: string): string {
    return jsonArraySql('b', `boards b WHERE b.partnership_id = ${partnershipIdSql}`, 'b.key');
  }

  agenciesFromJson(rows: unknown): Agency[] {
    return entitiesFromJson(this.txHost.tx, Agency, rows);
  }

  boardsFromJson(rows: unknown): Board[] {
    return entitiesFromJson(this.txHost.tx, Board, rows);
  }

  /** Every board the scope lets through, by partnership: as the system, every partnership's (the scheduled checkpoints). */
  listEveryBoard(): Promise<Board[]> {
    return this.boardsRepo.find({ order: { partnershipId: 'ASC', key: 'ASC' } });
  }
}
