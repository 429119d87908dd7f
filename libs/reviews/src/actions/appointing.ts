import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { aRole, Role } from '@app/access';
import { AuthenticatedUser, Choice, ValidationProblem } from '@app/common';
import { User, UsersService } from '@app/identity';
import { Agency, PartnershipsService } from '@app/partnerships';
import { ReviewContributor } from '../entities/review-contributor.entity';
import { Review } from '../entities/review.entity';

/** The lookups the appointing actions share: who may be appointed, which agency, and the form's choices. */
@Injectable()
export class Appointing {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly partnerships: PartnershipsService,
    private readonly users: UsersService,
  ) {}

  /**
   * A user who may be appointed to this review in this role: active, holding the role, and of
   * its lead partnership or of a partnership contributing to it.
   */
  async appointable(review: Review, userId: string, role: Role): Promise<User> {
    const person = await this.txHost.tx.getRepository(User).findOneBy({ id: userId });
    const ownOrContributing =
      person &&
      (person.partnershipId === review.partnershipId ||
        (await this.txHost.tx.getRepository(ReviewContributor).existsBy({ reviewId: review.id, partnershipId: person.partnershipId })));
    if (!person || !person.active || !ownOrContributing) {
      throw ValidationProblem.field('userId', 'no active user of this partnership, or of one contributing to this review, has that id');
    }
    if (!person.roles.includes(role)) throw ValidationProblem.field('userId', `the user is not ${aRole(role)}`);
    return person;
  }

  /** A partner agency by id or code, or a 400 naming the field. */
  async agency(partnershipId: string, idOrCode: string, field: string): Promise<Agency> {
    const agency = await this.partnerships.findAgency(partnershipId, idOrCode);
    if (!agency) throw ValidationProblem.field(field, `no partner agency has the id or code '${idOrCode}'; GET /api/agencies lists them`);
    return agency;
  }

  /** The partnership's people holding a role, as a form's choices. */
  async people(user: AuthenticatedUser, role: Role): Promise<Choice[]> {
    return (await this.users.withRole(user.partnershipId, role)).map((u) => ({ value: u.id, text: u.name }));
  }

  /**
   * The partnership's people holding a role for an agency, as a form's choices: each named with
   * the agency they belong to, those without one left out (they can be appointed for none).
   */
  async peopleOfAgencies(user: AuthenticatedUser, role: Role): Promise<Choice[]> {
    const agencies = new Map((await this.partnerships.listAgencies(user.partnershipId)).map((a) => [a.id, a.name]));
    return (await this.users.withRole(user.partnershipId, role)).flatMap((u) => {
      const agency = u.agencyId ? agencies.get(u.agencyId) : undefined;
      return agency ? [{ value: u.id, text: `${u.name} (${agency})` }] : [];
    });
  }

  /** The partnership's agencies, as a form's choices. */
  async agencies(user: AuthenticatedUser): Promise<Choice[]> {
    return (await this.partnerships.listAgencies(user.partnershipId)).map((a) => ({ value: a.code, text: a.name }));
  }
}
