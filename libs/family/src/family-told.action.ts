import { Injectable } from '@nestjs/common';
import { dateField, FieldSpec, textareaField, ValidationProblem } from '@app/common';
import { ActionContext, ReviewAction, ReviewActionHandler, ReviewGuard, ReviewGuardHandler, GuardFailure, Review } from '@app/reviews';
import { FamilyToldOfPublicationBody } from './dto/family.dto';
import { FamilyService } from './family.service';

/** The guard's name, as rulesets name it on `publish`. */
export const FAMILY_TOLD_GUARD = 'family-told-of-publication';

/**
 * The family is told before the report is published (2016 statutory guidance; OWHR guidance 2023):
 * the date they were told, or the reason they were not (no family traced, the family asked not
 * to be contacted), exactly one. Recorded again, the latest stands.
 */
@ReviewAction()
@Injectable()
export class RecordFamilyToldOfPublicationAction extends ReviewActionHandler<FamilyToldOfPublicationBody> {
  readonly name = 'record-family-told-of-publication';
  readonly body = FamilyToldOfPublicationBody;
  readonly summary = 'Records the date the family was told the report would be published, or the reason they were not (exactly one): publication waits for it.';

  constructor(private readonly family: FamilyService) {
    super();
  }

  override async apply({ review, body, user, details }: ActionContext<FamilyToldOfPublicationBody>): Promise<void> {
    if (body.toldOn === undefined && body.notToldReason === undefined) {
      throw ValidationProblem.field('toldOn', 'is required, or say why the family was not told (notToldReason)');
    }
    if (body.toldOn !== undefined && body.notToldReason !== undefined) {
      throw ValidationProblem.field('notToldReason', 'give either toldOn or notToldReason, not both');
    }
    await this.family.recordToldOfPublication(review, user.id, body.toldOn ?? null, body.notToldReason?.trim() ?? null);
    details.familyTold = body.toldOn !== undefined;
  }

  form(): FieldSpec[] {
    return [
      dateField('toldOn', 'Date the family was told', 'Leave this empty if they were not told, and say why below'),
      textareaField('notToldReason', 'Why the family was not told', 'Only if they were not told, for example no family could be traced'),
    ];
  }
}

/** `family-told-of-publication`: publication waits until the family is recorded as told (or why not). */
@ReviewGuard()
@Injectable()
export class FamilyToldOfPublicationGuard extends ReviewGuardHandler {
  readonly name = FAMILY_TOLD_GUARD;

  constructor(private readonly family: FamilyService) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    if (await this.family.noticeFor(review.id)) return null;
    return {
      detail:
        'The family must be told before the report is published. Record the date they were told, or the reason they were not, with the action record-family-told-of-publication first.',
      extensions: { action: 'record-family-told-of-publication' },
    };
  }
}
