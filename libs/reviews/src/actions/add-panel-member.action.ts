import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Role } from '@app/access';
import { ConflictProblem, FieldSpec, ValidationProblem } from '@app/common';
import { PanelMember } from '../entities/panel-member.entity';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Appointing } from './appointing';

export class AddPanelMemberBody {
  @ApiProperty({ format: 'uuid', description: 'A user with the panel-member role' })
  @IsUUID('all', { message: 'must be the id of a user' })
  userId: string;

  @ApiProperty({ example: 'cheshire-police', description: 'The agency they represent: id or code' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  agency: string;
}

@ReviewAction()
@Injectable()
export class AddPanelMemberAction extends ReviewActionHandler<AddPanelMemberBody> {
  readonly name = 'add-panel-member';
  readonly body = AddPanelMemberBody;
  readonly summary =
    "Adds an agency's representative (a user with the panel-member role who belongs to that agency) to the review panel; they then see the review.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly appointing: Appointing,
  ) {
    super();
  }

  override async apply({ review, body, now, details }: ActionContext<AddPanelMemberBody>): Promise<void> {
    const member = await this.appointing.appointable(review, body.userId, Role.PanelMember);
    // A member from a contributing partnership represents one of that partnership's agencies.
    const agency = await this.appointing.agency(member.partnershipId, body.agency, 'agency');
    if (member.agencyId !== agency.id)
      throw ValidationProblem.field('userId', `the user does not belong to ${agency.name}: a panel member represents their own agency`);
    const panel = this.txHost.tx.getRepository(PanelMember);
    if (await panel.existsBy({ reviewId: review.id, userId: member.id })) throw new ConflictProblem('That user is already on the panel.');
    await panel.insert({ reviewId: review.id, userId: member.id, agencyId: agency.id, addedAt: now });
    Object.assign(details, { userId: member.id, agency: agency.id });
  }

  async form({ user }: ActionFormInput): Promise<FieldSpec[]> {
    return [
      {
        path: 'userId',
        label: 'Panel member',
        kind: 'select',
        hint: 'Panel members of each agency, by name: choose the agency they belong to below',
        choices: await this.appointing.peopleOfAgencies(user, Role.PanelMember),
      },
      { path: 'agency', label: 'Agency they represent', kind: 'select', choices: await this.appointing.agencies(user) },
    ];
  }
}
