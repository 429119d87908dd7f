import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { CalendarDateField, ConflictProblem, dateField, dateInWords, FieldSpec, ValidationProblem } from '@app/common';
import { InformationRequest } from '../entities/information-request.entity';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { INFORMATION_REQUEST } from './request-information.action';

export class ReceiveInformationBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be the id of an information request of this review' })
  requestId: string;

  @CalendarDateField('The date the information arrived')
  receivedOn: string;
}

@ReviewAction()
@Injectable()
export class ReceiveInformationAction extends ReviewActionHandler<ReceiveInformationBody> {
  readonly name = 'receive-information';
  readonly body = ReceiveInformationBody;
  readonly summary = "Records that an agency's information arrived, meeting that request's clock.";

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  override async apply({ review, body, details, clocks }: ActionContext<ReceiveInformationBody>): Promise<void> {
    const requests = this.txHost.tx.getRepository(InformationRequest);
    const request = await requests.findOneBy({ id: body.requestId, reviewId: review.id });
    if (!request) throw ValidationProblem.field('requestId', 'this review has no information request with that id');
    if (request.receivedOn) throw new ConflictProblem(`That information was already received on ${dateInWords(request.receivedOn)}.`);
    notBefore('receivedOn', body.receivedOn, request.requestedOn, 'the date it was requested');
    await requests.update({ id: request.id }, { receivedOn: body.receivedOn });
    await clocks.meet([`${INFORMATION_REQUEST}:${request.id}`], body.receivedOn);
    details.requestId = request.id;
  }

  form({ review }: ActionFormInput): FieldSpec[] {
    return [
      {
        path: 'requestId',
        label: 'Request answered',
        kind: 'select',
        choices: review.informationRequests.filter((r) => !r.receivedOn).map((r) => ({ value: r.id, text: `${r.agencyName}: ${r.description}` })),
      },
      dateField('receivedOn', 'Date received'),
    ];
  }
}
