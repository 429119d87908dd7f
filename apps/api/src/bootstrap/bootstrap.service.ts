import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { UsersService } from '@app/identity';
import { PartnershipsService } from '@app/partnerships';
import { RulesetsService } from '@app/rulesets';
import { DEMO_PEOPLE, DemoPerson, PILOT_PARTNERSHIP } from './demo-people';
import { DemoReviews } from './demo-reviews';

/**
 * What every start makes sure of: the partnership with its agencies and boards, the bootstrap
 * administrator, and (with SEED_DEMO) one fictional user per role, plus a second demo partnership
 * in an OWHR pilot area with OWHRs switched on, and the demo's fictional reviews at every stage
 * (demo-reviews.ts). All of it is idempotent.
 */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');
  /** The demo logins created or found on this start, for the start-up banner. */
  demoLogins: { partnership: string; logins: { email: string; roles: string[] }[] }[] = [];

  constructor(
    private readonly env: Environment,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly rulesets: RulesetsService,
    private readonly tenancy: Tenancy,
    private readonly demoReviews: DemoReviews,
  ) {}

  /** Start-up serves no one partnership: it makes partnerships, so it runs as the system. */
  onApplicationBootstrap(): Promise<void> {
    return this.tenancy.asSystem(() => this.ensureStartingData());
  }

  private async ensureStartingData(): Promise<void> {
    const partnership = await this.partnerships.ensurePartnership(this.env.PARTNERSHIP_NAME, this.env.DOMESTIC_ABUSE_BOARD_NAME);
    if (this.env.BOOTSTRAP_ADMIN_EMAIL && this.env.BOOTSTRAP_ADMIN_PASSWORD) {
      if (await this.users.ensureAdministrator(partnership.id, this.env.BOOTSTRAP_ADMIN_EMAIL, this.env.BOOTSTRAP_ADMIN_PASSWORD)) {
        await this.audit.record({ action: 'user.bootstrap-administrator-created', partnershipId: partnership.id, changes: {} });
      }
    }
    if (!this.env.SEED_DEMO) return;
    await this.seedPeople(partnership.id, DEMO_PEOPLE, this.env.PARTNERSHIP_NAME);
    const pilot = await this.partnerships.ensurePartnership(PILOT_PARTNERSHIP.name, PILOT_PARTNERSHIP.domesticAbuseBoardName, PILOT_PARTNERSHIP.agencies);
    if ((await this.seedPeople(pilot.id, PILOT_PARTNERSHIP.people, PILOT_PARTNERSHIP.name)) > 0) {
      // Switched on when the demo is first seeded; an administrator's later choice stands.
      await this.rulesets.configure(pilot.id, 'OWHR', { enabled: true }, new Date());
      await this.audit.record({ action: 'review-type.configured', partnershipId: pilot.id, changes: { reviewType: 'OWHR', enabled: true } });
    }
    await this.demoReviews.seed();
  }

  /** Creates the demo people a partnership lacks, with their board places; returns how many were new. */
  private async seedPeople(partnershipId: string, people: ReadonlyArray<DemoPerson>, partnershipName: string): Promise<number> {
    let created = 0;
    const logins: { email: string; roles: string[] }[] = [];
    for (const { boards, chairs, ...person } of people) {
      let user = await this.users.findForSignIn(person.email);
      if (!user) {
        await this.users.create(partnershipId, { ...person, password: this.env.DEMO_PASSWORD }, { demoAccount: true });
        user = await this.users.findForSignIn(person.email);
        created += 1;
      }
      for (const key of boards ?? []) {
        const board = await this.partnerships.findBoard(partnershipId, key);
        if (board && user) await this.partnerships.addBoardMember(board.id, user.id, new Date());
        if (board && user && chairs === key && !board.chairUserId) await this.partnerships.updateBoard(board, { chairUserId: user.id });
      }
      logins.push({ email: person.email, roles: person.roles });
    }
    this.demoLogins.push({ partnership: partnershipName, logins });
    if (created > 0) {
      await this.audit.record({ action: 'demo.seeded', partnershipId, changes: { usersCreated: created } });
      this.logger.log(`Demo partnership seeded: ${created} demo users created`);
    }
    return created;
  }
}
