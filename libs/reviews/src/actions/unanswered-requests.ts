import { Injectable } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { dateField, FieldSpec, textareaField, ValidationProblem, IsOptional } from '@app/common';
import { InformationRequest } from '../entities/information-request.entity';
import { ActionContext, ActionFormInput, ReviewActionHandler } from '../pipeline/review-action';
import { OnDateBody } from './action-fields';

/** Moving the review on (closing information gathering, completing the draft), perhaps without every agency's answer. */
export class MoveOnBody extends OnDateBody {
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'Required while an information request is unanswered: why the review goes on without it (recorded in its history)',
    example: 'Fictional: the agency confirmed it holds nothing more; the panel has its chronology.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: 'must not be blank' })
  unansweredReason?: string;
}

/**
 * Going on while agencies have not answered is allowed, but never by accident: the person says
 * why, and the history records which requests were unanswered and the reason.
 */
export async function confirmUnanswered(
  txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  reviewId: string,
  body: MoveOnBody,
  details: Record<string, unknown>,
): Promise<void> {
  const unanswered = await txHost.tx.getRepository(InformationRequest).find({ where: { reviewId, receivedOn: IsNull() }, order: { requestedAt: 'ASC' } });
  if (unanswered.length === 0) return;
  if (!body.unansweredReason) {
    const which = unanswered.length === 1 ? 'An information request is' : `${unanswered.length} information requests are`;
    throw ValidationProblem.field(
      'unansweredReason',
      `is required: ${which} still unanswered (${unanswered.map((r) => r.description).join('; ')}); say why the review goes on without ${unanswered.length === 1 ? 'it' : 'them'}`,
    );
  }
  details.unansweredRequests = unanswered.map((r) => r.id);
  details.unansweredReason = body.unansweredReason.trim();
}

/** An action that moves the review on past information gathering: it asks the reason when a request is unanswered. */
// Injectable so that its constructor's parameter types are recorded for the subclasses' injection.
@Injectable()
export abstract class MoveOnAction extends ReviewActionHandler<MoveOnBody> {
  readonly body = MoveOnBody;

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, details }: ActionContext<MoveOnBody>): Promise<void> {
    await confirmUnanswered(this.txHost, review.id, body, details);
  }

  form(input: ActionFormInput): FieldSpec[] {
    return moveOnForm(input);
  }
}

/** The date, and the reason to go on when requests are unanswered (asked only then). */
export function moveOnForm({ review }: ActionFormInput): FieldSpec[] {
  const unanswered = review.informationRequests.filter((r) => !r.receivedOn).length;
  return [
    dateField('on', 'Date'),
    ...(unanswered
      ? [{ ...textareaField('unansweredReason', `Why the review goes on with ${unanswered === 1 ? 'a request' : `${unanswered} requests`} unanswered`) }]
      : []),
  ];
}
