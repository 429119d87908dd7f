import { Injectable, Logger } from '@nestjs/common';
import { Repository } from 'typeorm';
import { ConflictProblem, PageQuery, Page, pageOf, ValidationProblem } from '@app/common';
import { Agency, PartnershipsService } from '@app/partnerships';
import { AuditService } from '@app/audit';
import { Tenancy } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CreateUserRequest, UserView } from './dto/user.dto';
import { User } from './entities/user.entity';
import { hashPassword, verifyPassword } from './password';
import { AGENCY_ROLES, aRole, Role } from '@app/access';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly tenancy: Tenancy,
  ) {}

  // Reads join the caller's transaction when there is one: never a second connection from inside one.
  private get usersRepo(): Repository<User> {
    return this.txHost.tx.getRepository(User);
  }

  /** Creates a user; the audit entry commits with it. */
  create(partnershipId: string, request: CreateUserRequest): Promise<UserView> {
    return this.txHost.withTransaction(() => this.createInTransaction(partnershipId, request));
  }

  private async createInTransaction(partnershipId: string, request: CreateUserRequest): Promise<UserView> {
    const email = request.email.trim().toLowerCase();
    let agency: Agency | null = null;
    if (request.agency !== undefined) {
      agency = await this.partnerships.findAgency(partnershipId, request.agency);
      if (!agency) throw ValidationProblem.field('agency', `no partner agency has the id or code '${request.agency}'; GET /api/agencies lists them`);
    }
    const needsAgency = request.roles.find((role) => AGENCY_ROLES.includes(role));
    if (needsAgency && !agency) {
      throw ValidationProblem.field('agency', `is required for ${aRole(needsAgency)}`);
    }
    const users = this.txHost.tx.getRepository(User);
    if (await users.existsBy({ email })) throw new ConflictProblem('A user with that email already exists.');
    const user = await users.save(
      users.create({ partnershipId, email, name: request.name.trim(), passwordHash: await hashPassword(request.password), roles: request.roles, agencyId: agency?.id ?? null }),
    );
    await this.audit.record({ action: 'user.created', partnershipId, changes: { after: { userId: user.id, roles: user.roles, agencyId: user.agencyId } } });
    return this.view(user, agency);
  }

  /**
   * Makes sure the bootstrap administrator exists: created if no user has that email, left as it
   * is otherwise (its password is not reset behind anyone's back).
   */
  async ensureAdministrator(partnershipId: string, email: string, password: string): Promise<boolean> {
    const normalised = email.trim().toLowerCase();
    if (await this.usersRepo.existsBy({ email: normalised })) return false;
    await this.usersRepo
      .createQueryBuilder()
      .insert()
      .values({ partnershipId, email: normalised, name: 'Administrator', passwordHash: await hashPassword(password), roles: [Role.Administrator], agencyId: null })
      .orIgnore()
      .execute();
    this.logger.log('Bootstrap administrator created');
    return true;
  }

  /**
   * The active user these credentials belong to, with the sign-in audited; null when they match
   * no active account. The one check behind bearer tokens and web sessions alike.
   */
  async signIn(email: string, password: string): Promise<User | null> {
    // An email address names an account in any partnership: finding it is the system's work.
    const user = await this.tenancy.asSystem(() => this.findForSignIn(email));
    const passwordMatches = await verifyPassword(user?.passwordHash, password);
    if (!user || !passwordMatches || !user.active) return null;
    await this.tenancy.forPartnership(user.partnershipId, () => this.audit.record({ action: 'auth.signed-in', actorId: user.id, partnershipId: user.partnershipId, changes: {} }));
    return user;
  }

  /** Active users of this partnership holding the role, by name: the people a form may offer. */
  withRole(partnershipId: string, role: Role): Promise<User[]> {
    return this.usersRepo
      .createQueryBuilder('u')
      .where('u.partnership_id = :partnershipId AND u.active AND :role = ANY(u.roles)', { partnershipId, role })
      .orderBy('u.name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .getMany();
  }

  findForSignIn(email: string): Promise<User | null> {
    return this.usersRepo.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email: email.trim().toLowerCase() }).getOne();
  }

  findActive(id: string): Promise<User | null> {
    return this.usersRepo.findOneBy({ id, active: true });
  }

  /** A user of this partnership, or null: the caller decides what a missing user means. */
  findInPartnership(partnershipId: string, id: string): Promise<User | null> {
    return this.usersRepo.findOneBy({ id, partnershipId });
  }

  async list(partnershipId: string, query: PageQuery): Promise<Page<UserView>> {
    const [users, total] = await this.usersRepo.findAndCount({ where: { partnershipId }, order: { name: 'ASC', id: 'ASC' }, skip: query.offset, take: query.pageSize });
    const agencies = new Map((await this.partnerships.listAgencies(partnershipId)).map((agency) => [agency.id, agency]));
    return pageOf(users.map((user) => this.view(user, user.agencyId ? agencies.get(user.agencyId) ?? null : null)), total, query);
  }

  async viewOf(user: User): Promise<UserView> {
    const agency = user.agencyId ? await this.partnerships.findAgency(user.partnershipId, user.agencyId) : null;
    return this.view(user, agency);
  }

  private view(user: User, agency: Agency | null): UserView {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      roles: user.roles,
      agency: agency ? { id: agency.id, code: agency.code, name: agency.name } : null,
      partnershipId: user.partnershipId,
      active: user.active,
    };
  }
}
