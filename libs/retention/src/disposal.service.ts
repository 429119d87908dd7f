import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ProtectedIdentities } from '@app/anonymisation';
import { AuditService } from '@app/audit';
import { AuthenticatedUser, Clock, ConflictProblem, instantInWords, NotFoundProblem, ValidationProblem } from '@app/common';
import { DeadlinesService } from '@app/deadlines';
import { DocumentsService } from '@app/documents';
import { MeetingsService } from '@app/meetings';
import { FamilyService } from '@app/family';
import { OutboxService } from '@app/notifications';
import { ProceedingsService } from '@app/proceedings';
import { RecommendationsService } from '@app/recommendations';
import { ReviewDisposal } from '@app/reviews';
import { RulesetsService } from '@app/rulesets';
import { DisposalView, DueForDisposalItem } from './dto/retention.dto';
import { LegalHolds, mayDo } from './legal-holds.service';
import { describeRetention, disposalDueOn } from './retention-rules';
import { auditRule, RetentionService, ruleView } from './retention.service';

/**
 * Disposal of one review's records, on an administrator's explicit confirmation: never
 * automatic, never by a job. Refused while a legal hold is active, before the review is due,
 * and unless the review's reference is typed again. In one transaction it removes, irreversibly,
 * the personal data each library holds about the review (the reviews library: circumstances,
 * rationale, history details, reasons, comments, link notes and, with the death's last review,
 * the real name, place and pseudonym; recommendations: their text; deadlines: extension
 * reasons; documents: their content, titles and file names; panel meetings: agendas, places,
 * minutes and the actions' text; parallel proceedings: references, contacts, outcomes and what
 * each hearing was; the outbox: the mails' content;
 * anonymisation: the protected names recorded on the review and the reasons findings were kept;
 * family: members' real names, the contact log's summaries, a reason the family was not told),
 * destroys the data keys its audit entries' personal
 * data was sealed under (so the entries and their hashes stay, unreadable where personal), marks
 * the review disposed, and audits the disposal with nothing personal in the entry.
 */
@Injectable()
export class Disposal {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly reviews: ReviewDisposal,
    private readonly recommendations: RecommendationsService,
    private readonly deadlines: DeadlinesService,
    private readonly documents: DocumentsService,
    private readonly meetings: MeetingsService,
    private readonly proceedings: ProceedingsService,
    private readonly outbox: OutboxService,
    private readonly anonymisation: ProtectedIdentities,
    private readonly family: FamilyService,
    private readonly audit: AuditService,
    private readonly rulesets: RulesetsService,
    private readonly retention: RetentionService,
    private readonly holds: LegalHolds,
    private readonly clock: Clock,
  ) {}

  /** One review due for disposal, as the list shows it (for the confirmation page); a 404 when it is not due or not the partnership's. */
  async candidate(user: AuthenticatedUser, reviewId: string): Promise<DueForDisposalItem> {
    mayDo(user, 'dispose-of-records');
    const review = await this.reviews.find(user.partnershipId, reviewId);
    if (!review) throw new NotFoundProblem('No review with that id.');
    const rule = await this.retention.ruleFor(review);
    const definition = (await this.rulesets.get(review.rulesetKey)).definition;
    if (!rule || !review.endedOn || review.disposedAt) throw new NotFoundProblem(`${review.reference} is not due for disposal.`);
    return {
      reviewId: review.id,
      reference: review.reference,
      type: review.type,
      typeName: definition.name,
      ruleset: review.rulesetKey,
      endedOn: review.endedOn,
      endStage: review.stage,
      rule: ruleView(rule)!,
      dueOn: disposalDueOn(review.endedOn, rule.years),
      legalHolds: (await this.holds.activeFor([review.id])).get(review.id) ?? [],
    };
  }

  dispose(user: AuthenticatedUser, reviewId: string, confirmReference: string): Promise<DisposalView> {
    return this.txHost.withTransaction(async () => {
      mayDo(user, 'dispose-of-records');
      // Locked to the end: no action, and no hold, can come in between the checks and the removal.
      const review = await this.reviews.find(user.partnershipId, reviewId, true);
      if (!review) throw new NotFoundProblem('No review with that id.');
      if (review.disposedAt) {
        throw new ConflictProblem(`${review.reference} was already disposed of, on ${instantInWords(review.disposedAt)}.`, {
          disposedAt: review.disposedAt.toISOString(),
        });
      }
      const holds = (await this.holds.activeFor([review.id])).get(review.id) ?? [];
      if (holds.length) {
        const named = holds.map((hold) => `‘${hold.reason}’ (placed ${hold.placedAt.slice(0, 10)})`).join('; ');
        throw new ConflictProblem(`${review.reference} is under a legal hold, which stops its disposal until lifted: ${named}.`, { legalHolds: holds });
      }
      const rule = await this.retention.ruleFor(review);
      if (!rule) {
        throw new ConflictProblem(
          `${review.reference} is never due for disposal: its ruleset (${review.rulesetKey}) names no retention rule and the partnership has set none for ${review.type}.`,
        );
      }
      if (!review.endedOn) {
        throw new ConflictProblem(`${review.reference} has not ended: records are kept ${describeRetention(rule)}, so it is not due for disposal.`, {
          currentStage: review.stage,
        });
      }
      const today = this.clock.today();
      const dueOn = disposalDueOn(review.endedOn, rule.years);
      if (dueOn > today) {
        throw new ConflictProblem(
          `${review.reference} is not due for disposal until ${dueOn}: it ended on ${review.endedOn} and records are kept ${describeRetention(rule)}.`,
          { dueOn, endedOn: review.endedOn },
        );
      }
      if (confirmReference.trim() !== review.reference) {
        throw ValidationProblem.field('confirmReference', "must be the review's reference, typed exactly as shown, to confirm the disposal");
      }

      const at = this.clock.now();
      const own = await this.reviews.dispose(review, user.id, at);
      const removed: Record<string, number> = { ...own.removed };
      Object.assign(removed, await this.recommendations.disposePersonalData(review.id));
      removed.extensionReasons = await this.deadlines.disposePersonalData(review.id);
      Object.assign(removed, await this.documents.disposePersonalData(review.id));
      Object.assign(removed, await this.meetings.disposePersonalData(review.id));
      Object.assign(removed, await this.proceedings.disposePersonalData(review.id));
      removed.mails = await this.outbox.disposeForReview(review.id);
      Object.assign(removed, await this.anonymisation.disposePersonalData(review.id));
      Object.assign(removed, await this.family.disposePersonalData(review.id));
      removed.auditDataKeys = await this.audit.destroyPersonalData([review.id, ...(own.deathDisposed ? [own.deathId] : [])], review.partnershipId);
      const ruleShown = ruleView(rule)!;
      await this.audit.record({
        action: 'review.disposed',
        reviewId: review.id,
        partnershipId: review.partnershipId,
        // Nothing personal: the reference, the dates, the rule and counts of what went.
        changes: { reference: review.reference, endedOn: review.endedOn, dueOn, rule: auditRule(ruleShown), removed, deathDisposed: own.deathDisposed },
        boards: (await this.rulesets.get(review.rulesetKey)).definition.requiredSignOffs,
      });
      return {
        reviewId: review.id,
        reference: review.reference,
        disposedAt: at.toISOString(),
        disposedBy: { id: user.id, name: user.name },
        rule: ruleShown,
        dueOn,
        removed,
        deathDisposed: own.deathDisposed,
      };
    });
  }
}
