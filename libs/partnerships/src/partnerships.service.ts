import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { Repository } from 'typeorm';
import { Agency } from './entities/agency.entity';
import { Board } from './entities/board.entity';
import { Partnership } from './entities/partnership.entity';
import { PARTNER_AGENCIES } from './partner-agencies';

@Injectable()
export class PartnershipsService {
  constructor(
    @InjectRepository(Partnership) private readonly partnerships: Repository<Partnership>,
    @InjectRepository(Agency) private readonly agencies: Repository<Agency>,
    @InjectRepository(Board) private readonly boards: Repository<Board>,
  ) {}

  /**
   * Creates the partnership with its partner agencies and its two boards the first time the
   * product starts; later starts find it and change nothing.
   */
  async ensurePartnership(name: string, domesticAbuseBoardName: string): Promise<Partnership> {
    await this.partnerships.createQueryBuilder().insert().values({ name }).orIgnore().execute();
    const partnership = await this.partnerships.findOneByOrFail({ name });
    await this.agencies
      .createQueryBuilder()
      .insert()
      .values(PARTNER_AGENCIES.map((agency) => ({ ...agency, partnershipId: partnership.id })))
      .orIgnore()
      .execute();
    await this.boards
      .createQueryBuilder()
      .insert()
      .values([
        { partnershipId: partnership.id, key: 'csp', name: `${name} board` },
        { partnershipId: partnership.id, key: 'dab', name: domesticAbuseBoardName },
      ])
      .orIgnore()
      .execute();
    return partnership;
  }

  listAgencies(partnershipId: string): Promise<Agency[]> {
    return this.agencies.find({ where: { partnershipId }, order: { name: 'ASC' } });
  }

  /** An agency of this partnership named by its id or its code; null when there is none. */
  async findAgency(partnershipId: string, idOrCode: string): Promise<Agency | null> {
    return this.agencies.findOneBy(isUUID(idOrCode) ? { partnershipId, id: idOrCode } : { partnershipId, code: idOrCode });
  }

  listBoards(partnershipId: string): Promise<Board[]> {
    return this.boards.find({ where: { partnershipId }, order: { key: 'ASC' } });
  }
}
