import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Environment } from '@app/config';
import { UsersService } from '@app/identity';
import { PartnershipsService } from '@app/partnerships';
import { DEMO_PEOPLE } from './demo-people';

/**
 * What every start makes sure of: the partnership with its agencies and boards, the bootstrap
 * administrator, and (with SEED_DEMO) one fictional user per role. All of it is idempotent.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');
  /** The demo logins created or found on this start, for the start-up banner. */
  demoLogins: { email: string; roles: string[] }[] = [];

  constructor(
    private readonly env: Environment,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const partnership = await this.partnerships.ensurePartnership(this.env.PARTNERSHIP_NAME, this.env.DOMESTIC_ABUSE_BOARD_NAME);
    if (this.env.BOOTSTRAP_ADMIN_EMAIL && this.env.BOOTSTRAP_ADMIN_PASSWORD) {
      if (await this.users.ensureAdministrator(partnership.id, this.env.BOOTSTRAP_ADMIN_EMAIL, this.env.BOOTSTRAP_ADMIN_PASSWORD)) {
        await this.audit.record({ action: 'user.bootstrap-administrator-created', partnershipId: partnership.id, changes: {} });
      }
    }
    if (!this.env.SEED_DEMO) return;
    let created = 0;
    for (const { boards, chairs, ...person } of DEMO_PEOPLE) {
      let user = await this.users.findForSignIn(person.email);
      if (!user) {
        await this.users.create(partnership.id, { ...person, password: this.env.DEMO_PASSWORD });
        user = await this.users.findForSignIn(person.email);
        created += 1;
      }
      for (const key of boards ?? []) {
        const board = await this.partnerships.findBoard(partnership.id, key);
        if (board && user) await this.partnerships.addBoardMember(board.id, user.id, new Date());
        if (board && user && chairs === key && !board.chairUserId) await this.partnerships.updateBoard(board, { chairUserId: user.id });
      }
      this.demoLogins.push({ email: person.email, roles: person.roles });
    }
    if (created > 0) {
      await this.audit.record({ action: 'demo.seeded', partnershipId: partnership.id, changes: { usersCreated: created } });
      this.logger.log(`Demo partnership seeded: ${created} demo users created`);
    }
  }
}
