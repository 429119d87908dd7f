import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** How a family member wants to take part in the review (2016 guidance: the family is asked). */
export const INVOLVEMENT = ['kept-informed', 'contribute-information', 'meet-the-panel', 'read-the-draft', 'not-involved'] as const;
export type Involvement = (typeof INVOLVEMENT)[number];

export const INVOLVEMENT_WORDS: Record<Involvement, string> = {
  'kept-informed': 'Kept informed',
  'contribute-information': 'Contribute information',
  'meet-the-panel': 'Meet the panel',
  'read-the-draft': 'Read the draft report',
  'not-involved': 'Not involved',
};

/** Whether the advocacy offered was taken up. */
export const ADVOCACY_ACCEPTED = ['yes', 'no', 'not-yet'] as const;
export type AdvocacyAccepted = (typeof ADVOCACY_ACCEPTED)[number];

export const ADVOCACY_ACCEPTED_WORDS: Record<AdvocacyAccepted, string> = { yes: 'Accepted', no: 'Declined', 'not-yet': 'Not yet answered' };

/** How a contact with the family was made. */
export const CONTACT_METHODS = ['phone', 'letter', 'email', 'meeting', 'through-advocate', 'other'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const CONTACT_METHOD_WORDS: Record<ContactMethod, string> = {
  phone: 'Phone',
  letter: 'Letter',
  email: 'Email',
  meeting: 'Meeting',
  'through-advocate': 'Through the advocate',
  other: 'Other',
};

/**
 * A family member or other significant person on a review, named only by a pseudonym here; the
 * real name, where recorded, is a FamilyMemberIdentity, kept apart.
 */
@Entity('family_members')
export class FamilyMember {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column() pseudonym: string;
  /** Who they are to the victim, in words that name no one ("Sister", "Friend"). */
  @Column() relationship: string;
  @Column({ type: 'text' }) involvement: Involvement;
  /** The specialist advocacy service offered (e.g. AAFDA); null when none was offered yet. */
  @Column({ name: 'advocacy_service', type: 'text', nullable: true }) advocacyService: string | null;
  @Column({ name: 'advocacy_offered_on', type: 'date', nullable: true }) advocacyOfferedOn: string | null;
  @Column({ name: 'advocacy_accepted', type: 'text', nullable: true }) advocacyAccepted: AdvocacyAccepted | null;
  @Column({ name: 'terms_of_reference_seen_on', type: 'date', nullable: true }) termsOfReferenceSeenOn: string | null;
  @Column({ name: 'draft_report_seen_on', type: 'date', nullable: true }) draftReportSeenOn: string | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * A family member's real name: read back only through the audited identity endpoint. Stored
 * encrypted (libs/identity-vault), with its blind index for subject access.
 */
@Entity('family_member_identities')
export class FamilyMemberIdentity {
  @PrimaryColumn({ name: 'member_id', type: 'uuid' }) memberId: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ name: 'real_name_sealed', type: 'text' }) realNameSealed: string;
  @Column({ name: 'real_name_index', type: 'text', array: true }) realNameIndex: string[];
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

/** One contact with the family: when, how, with whom, by whom, and what was said. Never emailed. */
@Entity('family_contacts')
export class FamilyContact {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ name: 'contacted_on', type: 'date' }) contactedOn: string;
  @Column({ type: 'text' }) method: ContactMethod;
  @Column({ name: 'member_ids', type: 'uuid', array: true }) memberIds: string[];
  @Column() summary: string;
  @Column({ name: 'made_by', type: 'uuid', nullable: true }) madeBy: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}

/** That the family was told before publication (the date), or why they were not: one per review, the latest kept. */
@Entity('family_publication_notices')
export class FamilyPublicationNotice {
  @PrimaryColumn({ name: 'review_id', type: 'uuid' }) reviewId: string;
  @Column({ name: 'partnership_id', type: 'uuid' }) partnershipId: string;
  @Column({ name: 'told_on', type: 'date', nullable: true }) toldOn: string | null;
  @Column({ name: 'not_told_reason', type: 'text', nullable: true }) notToldReason: string | null;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy: string | null;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt: Date;
}
