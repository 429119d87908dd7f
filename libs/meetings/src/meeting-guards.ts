import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ConditionGuardHandler, GuardFailure, ReviewGuard } from '@app/reviews';

/**
 * `panel-meeting-scheduled`: the review has a meeting that was not cancelled, so there is one to
 * move, cancel, take attendance or minutes of, or agree actions at. Without it those actions are
 * not offered (their forms would have nothing to choose).
 */
@ReviewGuard()
@Injectable()
export class PanelMeetingScheduledGuard extends ConditionGuardHandler {
  readonly name = 'panel-meeting-scheduled';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  protected get asker() {
    return this.txHost.tx;
  }

  condition(r: string): string {
    return `EXISTS (SELECT 1 FROM panel_meetings m WHERE m.review_id = ${r}.id AND m.status = 'scheduled')`;
  }

  refusal(): GuardFailure {
    return { detail: 'The review has no panel meeting scheduled: schedule one first (the action schedule-panel-meeting).' };
  }
}

/** `meeting-action-open`: an action agreed at one of the review's panel meetings is still to be done. */
@ReviewGuard()
@Injectable()
export class MeetingActionOpenGuard extends ConditionGuardHandler {
  readonly name = 'meeting-action-open';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  protected get asker() {
    return this.txHost.tx;
  }

  condition(r: string): string {
    return `EXISTS (SELECT 1 FROM panel_meeting_actions m WHERE m.review_id = ${r}.id AND m.completed_on IS NULL)`;
  }

  refusal(): GuardFailure {
    return { detail: 'No action agreed at a panel meeting of this review is still open.' };
  }
}
