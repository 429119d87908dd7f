import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Death } from '../deaths/death.entity';
import type { DraftUnderSignOff } from './draft-under-sign-off';

export type ReviewStatus = 'open' | 'paused' | 'closed';

@Entity('reviews')
export class Review {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  /** `DHR-<year notified>-<NNN>`, sequential per partnership and year. */
  @Column()
  reference: string;

  @Column()
  type: string;

  /** The ruleset edition the review was opened under; it keeps it to the end. */
  @Column({ name: 'ruleset_key' })
  rulesetKey: string;

  @Column()
  stage: string;

  @Column({ type: 'text' })
  status: ReviewStatus;

  /** Optimistic concurrency: every action adds one; a stale If-Match gets a 409. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ name: 'stages_reached', type: 'text', array: true })
  stagesReached: string[];

  @Column({ name: 'stage_entered_on', type: 'date' })
  stageEnteredOn: string;

  /** Board members may see it: it has reached the ruleset's sign-off stage. */
  @Column({ name: 'board_visible', default: false })
  boardVisible: boolean;

  @Column({ name: 'notified_on', type: 'date' })
  notifiedOn: string;

  @Column({ name: 'notifying_agency_id', type: 'uuid' })
  notifyingAgencyId: string;

  /** The death the review is about; other reviews may be about it too. */
  @Column({ name: 'death_id', type: 'uuid' })
  deathId: string;

  @ManyToOne(() => Death, { eager: true })
  @JoinColumn({ name: 'death_id' })
  death: Death;

  @Column()
  circumstances: string;

  @Column({ name: 'decision_outcome', type: 'text', nullable: true })
  decisionOutcome: string | null;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ name: 'decision_rationale', type: 'text', nullable: true })
  decisionRationale: string | null;

  @Column({ name: 'chair_user_id', type: 'uuid', nullable: true })
  chairUserId: string | null;

  @Column({ name: 'chair_appointed_on', type: 'date', nullable: true })
  chairAppointedOn: string | null;

  /** Sign-offs count for the current round; a QA resubmission starts a new one. */
  @Column({ name: 'sign_off_round', type: 'int', default: 1 })
  signOffRound: number;

  /** The report versions the current sign-off round votes on; null for a review drafted before documents existed. */
  @Column({ name: 'sign_off_draft', type: 'jsonb', nullable: true })
  signOffDraft: DraftUnderSignOff | null;

  /** What `publish` recorded: the day, where (an https address), and whether the QA letter is published with the report (null where the type has no QA letter). */
  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn: string | null;

  @Column({ name: 'published_url', type: 'text', nullable: true })
  publishedUrl: string | null;

  @Column({ name: 'qa_letter_published', type: 'boolean', nullable: true })
  qaLetterPublished: boolean | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** The partnership's own reference for a review brought in from its spreadsheet (libs/imports); null for one begun here. */
  @Column({ name: 'import_reference', type: 'text', nullable: true })
  importReference: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** When its personal data was disposed of (libs/retention); the review stays, with its statistical shape. */
  @Column({ name: 'disposed_at', type: 'timestamptz', nullable: true })
  disposedAt: Date | null;

  @Column({ name: 'disposed_by', type: 'uuid', nullable: true })
  disposedBy: string | null;
}
