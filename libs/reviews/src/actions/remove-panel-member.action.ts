import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { FieldSpec, textareaField, ValidationProblem } from '@app/common';
import { PanelMember } from '../entities/panel-member.entity';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Text } from './action-fields';

export class RemovePanelMemberBody {
  @ApiProperty({ format: 'uuid', description: 'The user to take off the panel: one of the review’s panel members' })
  @IsUUID('all', { message: 'must be the id of a user' })
  userId: string;

  @Text(2000, 'They have moved to another role and their agency has named someone else.')
  reason: string;
}

/**
 * Takes someone off the panel. Their panel membership goes, and with it what they saw as a
 * member; the review's history and the audit trail keep who sat on the panel, for which agency,
 * from when, and why they left.
 */
@ReviewAction()
@Injectable()
export class RemovePanelMemberAction extends ReviewActionHandler<RemovePanelMemberBody> {
  readonly name = 'remove-panel-member';
  readonly body = RemovePanelMemberBody;
  readonly summary =
    'Takes a member off the review panel, with the reason; they no longer see the review as a panel member. The history keeps who sat on the panel.';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, details }: ActionContext<RemovePanelMemberBody>): Promise<void> {
    const panel = this.txHost.tx.getRepository(PanelMember);
    const member = await panel.findOneBy({ reviewId: review.id, userId: body.userId });
    if (!member) throw ValidationProblem.field('userId', 'no member of this review’s panel has that id');
    await panel.delete({ reviewId: review.id, userId: member.userId });
    Object.assign(details, { userId: member.userId, agency: member.agencyId, addedAt: member.addedAt.toISOString(), reason: body.reason.trim() });
  }

  form({ review }: ActionFormInput): FieldSpec[] {
    return [
      {
        path: 'userId',
        label: 'Panel member',
        kind: 'select',
        choices: review.panel.map((member) => ({ value: member.userId, text: `${member.name} (${member.agencyName})` })),
      },
      textareaField('reason', 'Why they are leaving the panel', 'Use pseudonyms only'),
    ];
  }
}
