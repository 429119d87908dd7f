import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsUrl, MaxLength } from 'class-validator';
import { CalendarDateField, dateField, FieldSpec, ValidationProblem, IsOptional } from '@app/common';
import { Ruleset } from '@app/rulesets';
import { ActionContext, ActionFormInput, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';

/** The action that records the Home Office QA panel's letter: a type whose ruleset has it publishes the letter with the report. */
const QA_LETTER_ACTION = 'record-qa-outcome';
export const hasQaLetter = (ruleset: Ruleset): boolean => ruleset.action(QA_LETTER_ACTION) !== undefined;

export class PublishBody {
  @CalendarDateField('The date of publication')
  publishedOn: string;

  @ApiProperty({
    example: 'https://www.example.gov.uk/dhr/adult-a-overview-report',
    maxLength: 2000,
    description: 'Where the report is published: an https address',
  })
  @IsUrl(
    { require_protocol: true, protocols: ['https'], require_tld: true },
    { message: 'must be the web address where the report is published, starting https://' },
  )
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({
    description:
      "The Home Office Quality Assurance Panel's letter is published with the report (2016 statutory guidance). Required for a review with a QA letter (DHR, DARDR); not asked of an OWHR, whose report the Secretary of State publishes.",
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  qaLetterPublished?: boolean;
}

@ReviewAction()
@Injectable()
export class PublishAction extends ReviewActionHandler<PublishBody> {
  readonly name = 'publish';
  readonly body = PublishBody;
  readonly summary =
    'Records the publication of the anonymised report: the day, where (an https address), and, where the review had a Home Office QA letter, whether the letter is published with it; monitoring of the action plan follows.';

  override async apply({ review, ruleset, body, details }: ActionContext<PublishBody>): Promise<void> {
    if (hasQaLetter(ruleset)) {
      if (body.qaLetterPublished === undefined) {
        throw ValidationProblem.field('qaLetterPublished', "is required: say whether the QA panel's letter is published with the report");
      }
    } else if (body.qaLetterPublished !== undefined) {
      throw ValidationProblem.field('qaLetterPublished', `does not apply: ${ruleset.aName} has no Home Office QA panel letter`);
    }
    review.publishedOn = body.publishedOn;
    review.publishedUrl = body.url;
    review.qaLetterPublished = body.qaLetterPublished ?? null;
    Object.assign(details, { url: body.url, ...(body.qaLetterPublished !== undefined ? { qaLetterPublished: body.qaLetterPublished } : {}) });
  }

  form({ ruleset }: ActionFormInput): FieldSpec[] {
    return [
      dateField('publishedOn', 'Date published'),
      { path: 'url', label: 'Web address of the published report', kind: 'text', hint: 'Starting https://' },
      ...(hasQaLetter(ruleset) ? [{ path: 'qaLetterPublished', label: "Is the QA panel's letter published with the report?", kind: 'yes-no' as const }] : []),
    ];
  }
}
