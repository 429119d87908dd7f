import { Injectable, Logger } from '@nestjs/common';
import { Repository } from 'typeorm';
import { Clock, ConflictProblem, NotFoundProblem, Page, pageOf, ValidationProblem } from '@app/common';
import { Environment, StartupError } from '@app/config';
import { Agency, PartnershipsService } from '@app/partnerships';
import { AuditService } from '@app/audit';
import { entityFromJson, namedQuery, Tenancy } from '@app/database';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CreateUserRequest, PersonView, UpdateUserRequest, UserListQuery, UserView } from './dto/user.dto';
import { User } from './entities/user.entity';
import { hashPassword, verifyPassword } from './password';
import { PasswordPolicy } from './password-policy';
import { SignInThrottle } from './sign-in-throttle';
import { AGENCY_ROLES, aRole, can, Role } from '@app/access';

// Every column but the password's hash, which only signing in reads.
const FIND_ACTIVE_SQL = `SELECT to_json(u)::jsonb - 'password_hash' AS user FROM users u WHERE u.id = :id AND u.active`;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly tenancy: Tenancy,
    private readonly clock: Clock,
    private readonly env: Environment,
    private readonly passwords: PasswordPolicy,
    private readonly throttle: SignInThrottle,
  ) {}

  // Reads join the caller's transaction when there is one: never a second connection from inside one.
  private get usersRepo(): Repository<User> {
    return this.txHost.tx.getRepository(User);
  }

  /**
   * Creates a user; the audit entry commits with it. The password must meet the password policy;
   * `demoAccount` (the demo seed's people only) lets it be the demo password.
   */
  create(partnershipId: string, request: CreateUserRequest, options: { demoAccount?: boolean } = {}): Promise<UserView> {
    return this.txHost.withTransaction(() => this.createInTransaction(partnershipId, request, options.demoAccount ?? false));
  }

  private async createInTransaction(partnershipId: string, request: CreateUserRequest, demoAccount: boolean): Promise<UserView> {
    const email = request.email.trim().toLowerCase();
    this.passwords.check(request.password, { email, name: request.name, demoAccount });
    const agency = await this.agencyFor(partnershipId, request.roles, request.agency);
    const users = this.txHost.tx.getRepository(User);
    if (await users.existsBy({ email })) throw new ConflictProblem('A user with that email already exists.');
    const user = await users.save(
      users.create({
        partnershipId,
        email,
        name: request.name.trim(),
        passwordHash: await hashPassword(request.password),
        roles: request.roles,
        agencyId: agency?.id ?? null,
      }),
    );
    await this.audit.record({ action: 'user.created', partnershipId, changes: { after: { userId: user.id, roles: user.roles, agencyId: user.agencyId } } });
    return this.view(user, agency);
  }

  /** The agency a user with these roles is to act for; refuses one that does not exist, or none where a role needs one. */
  private async agencyFor(partnershipId: string, roles: Role[], idOrCode: string | undefined): Promise<Agency | null> {
    let agency: Agency | null = null;
    if (idOrCode !== undefined) {
      agency = await this.partnerships.findAgency(partnershipId, idOrCode);
      if (!agency) throw ValidationProblem.field('agency', `no partner agency has the id or code '${idOrCode}'; GET /api/agencies lists them`);
    }
    const needsAgency = roles.find((role) => AGENCY_ROLES.includes(role));
    if (needsAgency && !agency) {
      throw ValidationProblem.field('agency', `is required for ${aRole(needsAgency)}`);
    }
    return agency;
  }

  /**
   * Changes a user's roles and agency, or switches the account off or on; the audit entry
   * commits with it. An administrator cannot lock themselves out, and someone who sits on a board
   * keeps the board-member role and stays switched on until they are taken off it (a board's
   * quorum counts its members).
   */
  update(partnershipId: string, actorId: string, userId: string, request: UpdateUserRequest): Promise<UserView> {
    return this.txHost.withTransaction(async () => {
      const users = this.txHost.tx.getRepository(User);
      const user = await users.findOne({ where: { id: userId, partnershipId }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundProblem('No user with that id.');
      const agency = await this.agencyFor(partnershipId, request.roles, request.agency);
      if (userId === actorId && !can(request, 'administer-users'))
        throw ValidationProblem.field('roles', 'must keep administrator for your own account: another administrator can take it away');
      if (userId === actorId && !request.active) throw ValidationProblem.field('active', 'cannot be switched off for your own account');
      const boards = await this.partnerships.boardsOf(userId);
      if (boards.length && !request.roles.includes(Role.BoardMember))
        throw ValidationProblem.field('roles', `must keep board member while the user sits on a board (${boards.join(', ')}): take them off it first`);
      if (boards.length && !request.active)
        throw ValidationProblem.field('active', `cannot be switched off while the user sits on a board (${boards.join(', ')}): take them off it first`);
      const before = { roles: user.roles, agencyId: user.agencyId, active: user.active };
      Object.assign(user, { roles: request.roles, agencyId: agency?.id ?? null, active: request.active });
      await users.save(user);
      const after = { roles: user.roles, agencyId: user.agencyId, active: user.active };
      await this.audit.record({ action: 'user.updated', partnershipId, changes: { userId, before, after } });
      return this.view(user, agency);
    });
  }

  /**
   * Makes sure the bootstrap administrator exists: created if no user has that email, left as it
   * is otherwise (its password is not reset behind anyone's back).
   */
  async ensureAdministrator(partnershipId: string, email: string, password: string): Promise<boolean> {
    const normalised = email.trim().toLowerCase();
    if (await this.usersRepo.existsBy({ email: normalised })) return false;
    // Said as a start-up error in one line, naming the setting (never the password itself).
    const refusal = this.passwords.refusal(password, { email: normalised });
    if (refusal) throw new StartupError(`BOOTSTRAP_ADMIN_PASSWORD ${refusal}. Change it in the environment or in .env.`);
    await this.usersRepo
      .createQueryBuilder()
      .insert()
      .values({
        partnershipId,
        email: normalised,
        name: 'Administrator',
        passwordHash: await hashPassword(password),
        roles: [Role.Administrator],
        agencyId: null,
      })
      .orIgnore()
      .execute();
    this.logger.log('Bootstrap administrator created');
    return true;
  }

  /**
   * Sets a person's own password (from an invitation or reset link), in the caller's transaction:
   * checked by the password policy (NCSC: long enough, not common, not their email, not the demo's).
   */
  async setOwnPassword(userId: string, password: string): Promise<void> {
    const user = await this.usersRepo.findOneBy({ id: userId });
    if (!user) throw ValidationProblem.field('password', 'cannot be set: the account no longer exists');
    this.passwords.check(password, { email: user.email, name: user.name });
    await this.usersRepo.update({ id: userId }, { passwordHash: await hashPassword(password) });
  }

  /**
   * The active user these credentials belong to, with the sign-in audited; null when they match
   * no active, unlocked account. The one check behind bearer tokens and web sessions alike.
   *
   * The password is checked (against a decoy hash for an unknown email) before anything else is
   * decided, so an unknown email, a wrong password and a locked account take the same time and
   * get the same answer. Each failure for a known account counts towards its lock; the failure
   * that reaches ACCOUNT_LOCK_AFTER locks it for ACCOUNT_LOCK_MINUTES, audited.
   */
  async signIn(email: string, password: string): Promise<User | null> {
    // An email address names an account in any partnership: finding it is the system's work.
    const user = await this.tenancy.asSystem(() => this.findForSignIn(email));
    const passwordMatches = await verifyPassword(user?.passwordHash, password);
    if (!user) {
      // Audited too, so that a failure does the same work, and takes the same time, whether or not the account exists.
      await this.tenancy.asSystem(() => this.audit.record({ action: 'auth.sign-in-failed', partnershipId: null, changes: { userId: null } }));
      return null;
    }
    const now = this.clock.now();
    const locked = user.lockedUntil !== null && user.lockedUntil > now;
    if (!passwordMatches || !user.active || locked) {
      await this.tenancy.forPartnership(user.partnershipId, () => this.countFailure(user, now));
      return null;
    }
    await this.tenancy.forPartnership(user.partnershipId, () =>
      this.txHost.withTransaction(async () => {
        if (user.failedSignIns > 0 || user.lockedUntil !== null) await this.usersRepo.update({ id: user.id }, { failedSignIns: 0, lockedUntil: null });
        await this.audit.record({ action: 'auth.signed-in', actorId: user.id, partnershipId: user.partnershipId, changes: {} });
      }),
    );
    return user;
  }

  /** One more failed sign-in for the account, audited; the one that reaches the limit locks it (not while it is locked already). */
  private countFailure(user: User, now: Date): Promise<void> {
    return this.txHost.withTransaction(async () => {
      const lockUntil = new Date(now.getTime() + this.env.ACCOUNT_LOCK_MINUTES * 60_000);
      const rows: { failed_sign_ins: number; locked_until: Date | null; newly_locked: boolean }[] = await this.txHost.tx.query(
        // As a CTE, so the driver answers with the rows (a bare UPDATE answers with rows and a count);
        // the row as it was (`was`) tells whether this failure is the one that locks it.
        `WITH counted AS (
           UPDATE users u SET failed_sign_ins = u.failed_sign_ins + 1,
                  locked_until = CASE WHEN u.failed_sign_ins + 1 >= $2 AND (u.locked_until IS NULL OR u.locked_until <= $3) THEN $4 ELSE u.locked_until END
             FROM users was
            WHERE u.id = $1 AND was.id = u.id
            RETURNING u.failed_sign_ins, u.locked_until, u.failed_sign_ins >= $2 AND (was.locked_until IS NULL OR was.locked_until <= $3) AS newly_locked)
         SELECT failed_sign_ins, locked_until, newly_locked FROM counted`,
        [user.id, this.env.ACCOUNT_LOCK_AFTER, now, lockUntil],
      );
      const [after] = rows;
      const partnershipId = user.partnershipId;
      await this.audit.record({ action: 'auth.sign-in-failed', partnershipId, changes: { userId: user.id, failedSignIns: after?.failed_sign_ins } });
      if (after?.newly_locked) {
        await this.audit.record({ action: 'auth.account-locked', partnershipId, changes: { userId: user.id, lockedUntil: lockUntil.toISOString() } });
      }
    });
  }

  /** Unlocks an account locked after failed sign-ins (an administrator's act), audited. */
  async unlock(partnershipId: string, userId: string): Promise<UserView> {
    const user = await this.txHost.withTransaction(async () => {
      const users = this.txHost.tx.getRepository(User);
      const found = await users.findOne({ where: { id: userId, partnershipId }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw new NotFoundProblem('No user with that id.');
      const before = { failedSignIns: found.failedSignIns, lockedUntil: found.lockedUntil?.toISOString() ?? null };
      Object.assign(found, { failedSignIns: 0, lockedUntil: null });
      await users.save(found);
      await this.audit.record({ action: 'user.unlocked', partnershipId, changes: { userId, before, after: { failedSignIns: 0, lockedUntil: null } } });
      return found;
    });
    await this.throttle.forgetAccount(user.email);
    return this.viewOf(user);
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

  /**
   * The active account with this id, or null. Asked on every request (the auth guard), so it is
   * one prepared statement rather than one TypeORM plans afresh each time.
   */
  async findActive(id: string): Promise<User | null> {
    const [row] = await namedQuery<{ user: unknown }>(this.txHost.tx, FIND_ACTIVE_SQL, { id });
    return row ? entityFromJson(this.txHost.tx, User, row.user) : null;
  }

  /** For a statement that reads a page in one go: the names of the people with these ids, as a JSON object id → name. */
  static namesJsonSql(idsSql: string): string {
    return `(SELECT coalesce(json_object_agg(u.id, u.name), '{}'::json) FROM users u WHERE u.id = ANY(${idsSql}))`;
  }

  /** A user of this partnership, or null: the caller decides what a missing user means. */
  findInPartnership(partnershipId: string, id: string): Promise<User | null> {
    return this.usersRepo.findOneBy({ id, partnershipId });
  }

  /** The partnership's users, by name, filtered by role, agency and part of a name: every account, with emails (the administrators' view). */
  async list(partnershipId: string, query: UserListQuery): Promise<Page<UserView>> {
    const { users, total, agencies } = await this.find(partnershipId, query, false);
    return pageOf(
      users.map((user) => this.view(user, user.agencyId ? (agencies.get(user.agencyId) ?? null) : null)),
      total,
      query,
    );
  }

  /** The partnership's active people, filtered likewise, as those who appoint see them: name, roles and agency only. */
  async people(partnershipId: string, query: UserListQuery): Promise<Page<PersonView>> {
    const { users, total, agencies } = await this.find(partnershipId, query, true);
    return pageOf(
      users.map((user) => {
        const agency = user.agencyId ? (agencies.get(user.agencyId) ?? null) : null;
        return { id: user.id, name: user.name, roles: user.roles, agency: agency ? { id: agency.id, code: agency.code, name: agency.name } : null };
      }),
      total,
      query,
    );
  }

  private async find(
    partnershipId: string,
    query: UserListQuery,
    activeOnly: boolean,
  ): Promise<{ users: User[]; total: number; agencies: Map<string, Agency> }> {
    const agencies = new Map((await this.partnerships.listAgencies(partnershipId)).map((agency) => [agency.id, agency]));
    const found = this.usersRepo.createQueryBuilder('u').where('u.partnership_id = :partnershipId', { partnershipId });
    if (activeOnly) found.andWhere('u.active');
    if (query.role) found.andWhere(':role = ANY(u.roles)', { role: query.role });
    if (query.agency !== undefined) {
      const agency = await this.partnerships.findAgency(partnershipId, query.agency);
      if (!agency) throw ValidationProblem.field('agency', `no partner agency has the id or code '${query.agency}'; GET /api/agencies lists them`);
      found.andWhere('u.agency_id = :agencyId', { agencyId: agency.id });
    }
    if (query.q !== undefined) found.andWhere("u.name ILIKE :name ESCAPE '\\'", { name: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    const [users, total] = await found.orderBy('u.name', 'ASC').addOrderBy('u.id', 'ASC').skip(query.offset).take(query.pageSize).getManyAndCount();
    return { users, total, agencies };
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
      lockedUntil: user.lockedUntil && user.lockedUntil > this.clock.now() ? user.lockedUntil.toISOString() : null,
    };
  }
}
