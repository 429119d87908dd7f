import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { randomUUID } from 'node:crypto';
import { CalendarDateField, dateField, FieldSpec, textareaField } from '@app/common';
import { InformationRequest } from '../entities/information-request.entity';
import { notBefore } from '../pipeline/effects';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Text } from './action-fields';
import { Appointing } from './appointing';

export class RequestInformationBody {
  @ApiProperty({ example: 'cheshire-police', description: 'The agency asked: id or code' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  agency: string;

  @Text(2000, 'Individual management review and chronology, January 2023 onwards')
  description: string;

  @CalendarDateField('When the information is due: on or after the day it was asked for (today, unless requestedOn says otherwise)')
  dueOn: string;

  @ValidateIf((body: RequestInformationBody) => body.requestedOn !== undefined)
  @CalendarDateField('The day the agency was asked, when that was before today (a request recorded after it was made); today when left out', {
    required: false,
  })
  requestedOn?: string;
}

/** The deadline kind (a ruleset's `information-request`) each request runs under, with its own due date. */
export const INFORMATION_REQUEST = 'information-request';

@ReviewAction()
@Injectable()
export class RequestInformationAction extends ReviewActionHandler<RequestInformationBody> {
  readonly name = 'request-information';
  readonly body = RequestInformationBody;
  readonly summary =
    "Asks an agency for its IMR or chronology by a due date; the request runs the ruleset's information-request clock, chasing the agency's panel member.";

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly appointing: Appointing,
  ) {
    super();
  }

  override async apply({ review, body, user, now, today, details, clocks }: ActionContext<RequestInformationBody>): Promise<void> {
    const agency = await this.appointing.agency(review.partnershipId, body.agency, 'agency');
    // Its effective date is when it was asked (the ruleset's effectiveDate, checked by the pipeline): a request recorded late may already be due.
    const askedOn = body.requestedOn ?? today;
    notBefore('dueOn', body.dueOn, askedOn, askedOn === today ? 'today' : 'the day it was asked for (requestedOn)');
    // The request's id names its deadline, so it is chosen before either row is written.
    const id = randomUUID();
    // A second request of the same agency is numbered, so its deadline is told apart from the first's (the review is locked).
    const [{ n }] = await this.txHost.tx.query('SELECT count(*)::int + 1 AS n FROM information_requests WHERE review_id = $1 AND agency_id = $2', [
      review.id,
      agency.id,
    ]);
    const deadlineId = await clocks.openItem(INFORMATION_REQUEST, id, `Information from ${agency.name}${n > 1 ? ` (request ${n})` : ''}`, body.dueOn);
    const requests = this.txHost.tx.getRepository(InformationRequest);
    await requests.insert(
      requests.create({
        id,
        reviewId: review.id,
        agencyId: agency.id,
        description: body.description.trim(),
        deadlineId,
        requestedBy: user.id,
        requestedAt: now,
        requestedOn: askedOn,
        receivedOn: null,
      }),
    );
    Object.assign(details, { requestId: id, agency: agency.id, dueOn: body.dueOn, ...(body.requestedOn ? { requestedOn: body.requestedOn } : {}) });
  }

  async form({ user }: ActionFormInput): Promise<FieldSpec[]> {
    return [
      { path: 'agency', label: 'Agency asked', kind: 'select', choices: await this.appointing.agencies(user) },
      textareaField('description', 'What is asked for', 'For example, an individual management review and chronology'),
      dateField('dueOn', 'Date due'),
      dateField('requestedOn', 'Date asked, if before today', 'Leave blank if the agency is asked today. A request made earlier may already be due.'),
    ];
  }
}
