import { Column, Entity, PrimaryColumn } from 'typeorm';

export const PROTECTED_ROLES = ['victim', 'perpetrator', 'family-member', 'witness', 'other'] as const;
export type ProtectedRole = (typeof PROTECTED_ROLES)[number];

/**
 * A name recorded as protected on a review (the perpetrator's, a family member's, a witness's):
 * no document of the review may carry it when it leaves. The victim's real name is the death's
 * record (libs/reviews `death_identities`); a victim row here only where the death has none.
 * The name and date of birth are stored encrypted (libs/identity-vault), the name with its
 * blind index for subject access; `ProtectedIdentities` opens them.
 */
@Entity('protected_identities')
export class ProtectedIdentity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ type: 'text' }) role: ProtectedRole;
  @Column({ name: 'name_sealed', type: 'text' }) nameSealed: string;
  @Column({ name: 'name_index', type: 'text', array: true }) nameIndex: string[];
  @Column({ name: 'date_of_birth_sealed', type: 'text', nullable: true }) dateOfBirthSealed: string | null;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

/** A protected identity as read: the sealed name and date of birth opened. */
export interface OpenedProtectedIdentity {
  id: string;
  partnershipId: string;
  reviewId: string;
  role: ProtectedRole;
  name: string;
  dateOfBirth: string | null;
  recordedBy: string | null;
  recordedAt: Date;
}
