import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const PROTECTED_ROLES = ['victim', 'perpetrator', 'family-member', 'witness', 'other'] as const;
export type ProtectedRole = (typeof PROTECTED_ROLES)[number];

/**
 * A name recorded as protected on a review (the perpetrator's, a family member's, a witness's):
 * no document of the review may carry it when it leaves. The victim's real name is the death's
 * record (libs/reviews `death_identities`); a victim row here only where the death has none.
 */
@Entity('protected_identities')
export class ProtectedIdentity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ type: 'text' }) role: ProtectedRole;
  @Column() name: string;
  @Column({ name: 'date_of_birth', type: 'date', nullable: true }) dateOfBirth: string | null;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
