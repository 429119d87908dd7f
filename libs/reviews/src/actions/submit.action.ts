import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Equals } from 'class-validator';
import { CalendarDateField, dateField, FieldSpec, textareaField } from '@app/common';
import { ActionContext, ReviewAction, ReviewActionHandler } from '../pipeline/review-action';
import { Text } from './action-fields';

export class SubmitBody {
  @CalendarDateField('The date the report was submitted: to the Home Office Quality Assurance Panel (DHR), or to the Secretary of State (OWHR)')
  submittedOn: string;
}

const submitForm = (): FieldSpec[] => [dateField('submittedOn', 'Date submitted')];

@ReviewAction()
@Injectable()
export class SubmitToHomeOfficeAction extends ReviewActionHandler<SubmitBody> {
  readonly name = 'submit-to-home-office';
  readonly body = SubmitBody;
  readonly summary = 'Records the report signed off and submitted to the Home Office Quality Assurance Panel.';

  form(): FieldSpec[] {
    return submitForm();
  }
}

/** What the review partners confirm of an OWHR's report as it goes to the Secretary of State (PCSCA 2022 s.28). */
export class SecretaryOfStateReportBody extends SubmitBody {
  @ApiProperty({
    type: Boolean,
    example: true,
    description: 'Those expected to act on a recommendation of the report were informed of it (PCSCA 2022 s.28(3))',
  })
  @Equals(true, { message: 'must be true: inform those expected to act on a recommendation before the report goes (PCSCA 2022 s.28(3))' })
  recommendationOwnersInformed: boolean;

  @ApiProperty({
    type: Boolean,
    example: true,
    description:
      'Material that could endanger a person or prejudice an investigation or prosecution was considered for exclusion from the report (PCSCA 2022 s.28(6))',
  })
  @Equals(true, {
    message: 'must be true: consider leaving out material that could endanger a person or prejudice an investigation or prosecution (PCSCA 2022 s.28(6))',
  })
  exclusionsConsidered: boolean;

  @Text(4000, 'The addresses of two witnesses and the detail of an open investigation were left out, at the police partner’s request.')
  exclusionsNote: string;
}

/** The s.28 confirmations as the review records them. */
export interface ReportDuties {
  recommendationOwnersInformed: true;
  exclusionsConsidered: true;
  exclusionsNote: string;
}

@ReviewAction()
@Injectable()
export class SubmitToSecretaryOfStateAction extends ReviewActionHandler<SecretaryOfStateReportBody> {
  readonly name = 'submit-to-secretary-of-state';
  readonly body = SecretaryOfStateReportBody;
  readonly summary =
    'Records the report sent to the Secretary of State, who publishes it (PCSCA 2022 s.28), with the confirmations s.28 asks for: those expected to act on a recommendation were informed (s.28(3)), and material that could endanger a person or prejudice an investigation or prosecution was considered for exclusion (s.28(6)), with a note of what and why.';

  override async apply({ body, details }: ActionContext<SecretaryOfStateReportBody>): Promise<void> {
    const duties: ReportDuties = { recommendationOwnersInformed: true, exclusionsConsidered: true, exclusionsNote: body.exclusionsNote.trim() };
    details.reportDuties = duties;
  }

  form(): FieldSpec[] {
    return [
      ...submitForm(),
      {
        path: 'recommendationOwnersInformed',
        label: 'Have those expected to act on a recommendation been told of it?',
        kind: 'yes-no',
        hint: 'PCSCA 2022 s.28(3)',
      },
      {
        path: 'exclusionsConsidered',
        label: 'Has material that could endanger anyone, or prejudice an investigation or prosecution, been considered for exclusion?',
        kind: 'yes-no',
        hint: 'PCSCA 2022 s.28(6)',
      },
      textareaField('exclusionsNote', 'What was considered for exclusion, and why it was left out or kept', 'Name no one; use pseudonyms'),
    ];
  }
}
