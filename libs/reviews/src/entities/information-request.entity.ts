import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A request to an agency for its IMR or chronology, with its own deadline. */
@Entity('information_requests')
export class InformationRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column()
  description: string;

  @Column({ name: 'deadline_id', type: 'uuid' })
  deadlineId: string;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  /** The day the agency was asked: the day it was recorded, or earlier for a request recorded after it was made (`requestedOn`). */
  @Column({ name: 'requested_on', type: 'date' })
  requestedOn: string;

  @Column({ name: 'received_on', type: 'date', nullable: true })
  receivedOn: string | null;

  /** The document an agency answered with (issue 15.5), and its version; null when recorded without one. */
  @Column({ name: 'received_document_id', type: 'uuid', nullable: true })
  receivedDocumentId: string | null;

  @Column({ name: 'received_version', type: 'int', nullable: true })
  receivedVersion: number | null;
}
