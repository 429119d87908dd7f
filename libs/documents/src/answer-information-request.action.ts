import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Min } from 'class-validator';
import { FieldSpec, IsCalendarDate, IsOptional, ValidationProblem } from '@app/common';
import { ActionContext, ActionFormInput, INFORMATION_REQUEST, InformationRequests, ReviewAction, ReviewActionHandler } from '@app/reviews';
import { DocumentsService } from './documents.service';

export const ANSWER_INFORMATION_REQUEST = 'answer-information-request';

export class AnswerInformationRequestBody {
  @ApiProperty({ format: 'uuid', description: 'The information request of your agency' })
  @IsUUID('all', { message: 'must be the id of an information request of this review' })
  requestId: string;

  @ApiProperty({ format: 'uuid', description: 'The document answering it: an IMR or a chronology on this review, from the agency asked' })
  @IsUUID('all', { message: 'must be the id of a document on this review' })
  documentId: string;

  @ApiPropertyOptional({ description: "The document's version answering it; its latest unless said", minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a version number: 1, 2, 3...' })
  @Min(1, { message: 'must be a version number: 1, 2, 3...' })
  version?: number;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-03-02',
    description: 'The date the information arrived; today unless said, not before the request was made',
  })
  @IsOptional()
  @IsCalendarDate()
  receivedOn?: string;
}

/**
 * The agency asked answers its information request with a document already on the review (issue
 * 15.5): the request is recorded received on that date with that document and version, and its
 * clock met. `POST /api/reviews/:id/information-requests/:requestId/documents` uploads the
 * document and takes this action in one transaction.
 */
@ReviewAction()
@Injectable()
export class AnswerInformationRequestAction extends ReviewActionHandler<AnswerInformationRequestBody> {
  readonly name = ANSWER_INFORMATION_REQUEST;
  readonly body = AnswerInformationRequestBody;
  readonly summary =
    "The panel member for the agency asked answers its information request with the agency's IMR or chronology on the review (a version not found to carry malware): the request is recorded received on that date with that document and version, and its clock met.";

  constructor(
    private readonly requests: InformationRequests,
    private readonly documents: DocumentsService,
  ) {
    super();
  }

  override async apply({ review, ruleset, body, user, today, details, clocks }: ActionContext<AnswerInformationRequestBody>): Promise<void> {
    const request = await this.requests.forAgencyAction(review, ruleset, this.name, body.requestId, user);
    const { document, version } = await this.documents.answering(user, review, request.agencyId, body.documentId, body.version);
    const receivedOn = body.receivedOn ?? today;
    if (receivedOn > today) throw ValidationProblem.field('receivedOn', `must not be in the future (today is ${today})`);
    const requestedOn = request.requestedOn;
    if (receivedOn < requestedOn) throw ValidationProblem.field('receivedOn', `must not be before the request was made (${requestedOn})`);
    await this.requests.recordAnswer(request.id, receivedOn, document.id, version.n);
    await clocks.meet([`${INFORMATION_REQUEST}:${request.id}`], receivedOn);
    Object.assign(details, {
      requestId: request.id,
      receivedOn,
      documentId: document.id,
      kind: document.kind,
      version: version.n,
      sha256: version.sha256,
    });
  }

  /** The review page offers the upload on the agency's own page instead; this form answers with a document already there. */
  async form({ review, user }: ActionFormInput): Promise<FieldSpec[]> {
    const agency = review.yourPanelAgency;
    const open = review.informationRequests.filter((r) => !r.receivedOn && (agency === null || r.agency === agency));
    const documents = agency ? await this.documents.agencySubmissions(user, review.id, agency) : [];
    return [
      { path: 'requestId', label: 'Request answered', kind: 'select', choices: open.map((r) => ({ value: r.id, text: `${r.agencyName}: ${r.description}` })) },
      { path: 'documentId', label: 'Document', kind: 'select', choices: documents.map((d) => ({ value: d.id, text: `${d.kindName}: ${d.title}` })) },
    ];
  }
}
