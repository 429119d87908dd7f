import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { AuthenticatedUser } from '@app/common';
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
}
