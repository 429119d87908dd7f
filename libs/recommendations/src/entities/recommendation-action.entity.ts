import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const ACTION_STATUSES = ['not-started', 'in-progress', 'complete', 'cannot-complete'] as const;

/** Each status in words, as the pages and the printable record say it. */
export const ACTION_STATUS_NAMES: Record<(typeof ACTION_STATUSES)[number], string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  complete: 'Complete',
  'cannot-complete': 'Cannot be completed',
};
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** Statuses that end an action: its deadline is met (or closed) on the day it was recorded. */
export const FINISHED: ReadonlyArray<ActionStatus> = ['complete', 'cannot-complete'];

@Entity('recommendation_actions')
export class RecommendationAction {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'recommendation_id', type: 'uuid' }) recommendationId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column() description: string;
  @Column({ name: 'owning_agency_id', type: 'uuid' }) owningAgencyId: string;
  @Column({ name: 'lead_user_id', type: 'uuid', nullable: true }) leadUserId: string | null;
  @Column({ name: 'deadline_id', type: 'uuid' }) deadlineId: string;
  @Column({ type: 'text', default: 'not-started' }) status: ActionStatus;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  /** Withdrawn, not deleted (on its own or with its recommendation): when, by whom and why; null while it stands. */
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt: Date | null;
  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true }) withdrawnBy: string | null;
  @Column({ name: 'withdrawn_reason', type: 'text', nullable: true }) withdrawnReason: string | null;
}

/** One progress update. Updates are appended, never changed: together they are the action's history. */
@Entity('action_updates')
export class ActionUpdate {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'action_id', type: 'uuid' }) actionId: string;
  @Column({ type: 'text' }) status: ActionStatus;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ name: 'on_date', type: 'date' }) onDate: string;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
