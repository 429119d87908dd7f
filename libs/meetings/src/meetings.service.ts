import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuthenticatedUser, REMOVED_AT_DISPOSAL } from '@app/common';
import { Review } from '@app/reviews';
import { MeetingView } from './dto/meeting.view';
import { MeetingRecords } from './meeting-records';

/** The reads of a review's meetings, for the JSON API and the web pages. */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly records: MeetingRecords,
  ) {}

  list(user: AuthenticatedUser, reviewId: string): Promise<MeetingView[]> {
    return this.txHost.withTransaction(async () => this.records.list(await this.records.visibleReview(user, reviewId)));
  }

  /** The review as the meetings page shows it, with its meetings. */
  page(user: AuthenticatedUser, reviewId: string): Promise<{ review: Review; meetings: MeetingView[] }> {
    return this.txHost.withTransaction(async () => {
      const review = await this.records.visibleReview(user, reviewId);
      return { review, meetings: await this.records.list(review) };
    });
  }

  get(user: AuthenticatedUser, reviewId: string, meetingId: string): Promise<MeetingView> {
    return this.txHost.withTransaction(async () => this.records.one(await this.records.visibleReview(user, reviewId), meetingId));
  }

  calendar(user: AuthenticatedUser, reviewId: string, meetingId: string): Promise<string> {
    return this.txHost.withTransaction(async () => {
      const review = await this.records.visibleReview(user, reviewId);
      return this.records.calendar(review, await this.records.findForRead(review, meetingId));
    });
  }

  /**
   * Disposal (libs/retention): the free text of the review's meetings (agenda, place, link, why
   * one was cancelled, the minutes' text) and of the actions agreed at them, removed for good; the
   * dates, attendance, owners and due dates stay as the review's statistical shape. A minutes
   * document goes with the review's documents. In the caller's transaction.
   */
  async disposePersonalData(reviewId: string): Promise<Record<string, number>> {
    const count = async (sql: string) => ((await this.txHost.tx.query(sql, [reviewId, REMOVED_AT_DISPOSAL])) as [unknown, number])[1];
    const panelMeetings = await count(
      `UPDATE panel_meetings SET agenda = $2,
         place = CASE WHEN place IS NULL THEN NULL ELSE $2 END,
         link = NULL,
         cancel_reason = CASE WHEN cancel_reason IS NULL THEN NULL ELSE $2 END,
         minutes_text = CASE WHEN minutes_text IS NULL THEN NULL ELSE $2 END
       WHERE review_id = $1`,
    );
    const meetingActions = await count(`UPDATE panel_meeting_actions SET description = $2 WHERE review_id = $1`);
    return { panelMeetings, meetingActions };
  }
}
