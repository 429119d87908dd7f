import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Another review of the same death: a Safeguarding Adults Review, a Child Safeguarding Practice
 * Review or a child death review run by someone else (an external reference and who runs it), or
 * a review in this product (`linkedReviewId`), such as the OWHR a DHR discontinued.
 */
export const LINK_KINDS = ['SAR', 'CSPR', 'CDR', 'DHR', 'OWHR'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

@Entity('review_links')
export class ReviewLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'death_id', type: 'uuid' })
  deathId: string;

  /** The review the link was made from; null when it was recorded against the death alone. */
  @Column({ name: 'review_id', type: 'uuid', nullable: true })
  reviewId: string | null;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'linked_review_id', type: 'uuid', nullable: true })
  linkedReviewId: string | null;

  @Column({ name: 'external_reference', type: 'text', nullable: true })
  externalReference: string | null;

  /** The board or body running the other review, e.g. the Safeguarding Adults Board. */
  @Column({ name: 'run_by', type: 'text', nullable: true })
  runBy: string | null;

  /** Panel members of this review who sit on the other review's panel too. */
  @Column({ name: 'shared_panel_user_ids', type: 'uuid', array: true, default: () => "'{}'" })
  sharedPanelUserIds: string[];

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
