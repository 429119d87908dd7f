import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { IsNull } from 'typeorm';
import { GuardFailure, Review, ReviewGuard, ReviewGuardHandler } from '@app/reviews';
import { MeetingAction, PanelMeeting } from './entities/panel-meeting.entity';

/**
 * `panel-meeting-scheduled`: the review has a meeting that was not cancelled, so there is one to
 * move, cancel, take attendance or minutes of, or agree actions at. Without it those actions are
 * not offered (their forms would have nothing to choose).
 */
@ReviewGuard()
@Injectable()
export class PanelMeetingScheduledGuard extends ReviewGuardHandler {
  readonly name = 'panel-meeting-scheduled';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    const scheduled = await this.txHost.tx.getRepository(PanelMeeting).existsBy({ reviewId: review.id, status: 'scheduled' });
    return scheduled ? null : { detail: 'The review has no panel meeting scheduled: schedule one first (the action schedule-panel-meeting).' };
  }
}

/** `meeting-action-open`: an action agreed at one of the review's panel meetings is still to be done. */
@ReviewGuard()
@Injectable()
export class MeetingActionOpenGuard extends ReviewGuardHandler {
  readonly name = 'meeting-action-open';

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async failure(review: Review): Promise<GuardFailure | null> {
    const open = await this.txHost.tx.getRepository(MeetingAction).existsBy({ reviewId: review.id, completedOn: IsNull() });
    return open ? null : { detail: 'No action agreed at a panel meeting of this review is still open.' };
  }
}
