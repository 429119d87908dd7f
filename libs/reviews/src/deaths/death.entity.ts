import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Who the suspect was to the victim, as far as is known: it decides which review the death gets. */
export const SUSPECT_RELATIONSHIPS = [
  'partner',
  'former-partner',
  'relative',
  'household-member',
  'acquaintance',
  'stranger',
  'no-suspect',
  'unknown',
] as const;
export type SuspectRelationship = (typeof SUSPECT_RELATIONSHIPS)[number];

export const VICTIM_SEXES = ['female', 'male', 'unknown'] as const;

/**
 * A death, which one or more reviews of different kinds are about. Only the pseudonym names the
 * victim here; a real name, if recorded at all, is a DeathIdentity, kept apart.
 */
@Entity('deaths')
export class Death {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'date_of_death', type: 'date' })
  dateOfDeath: string;

  /** Where the death occurred or the body was found, in words that name no one. */
  @Column({ name: 'place_of_death', type: 'text', nullable: true })
  placeOfDeath: string | null;

  @Column({ name: 'victim_pseudonym' })
  victimPseudonym: string;

  @Column({ name: 'victim_age_at_death', type: 'int' })
  victimAgeAtDeath: number;

  @Column({ name: 'victim_sex' })
  victimSex: string;

  /** Whether an offensive weapon was involved in the death or the events around it; null when not known. */
  @Column({ name: 'offensive_weapon_involved', type: 'boolean', nullable: true })
  offensiveWeaponInvolved: boolean | null;

  /** The suspect's age at the time of the death, where known. */
  @Column({ name: 'suspect_age_at_death', type: 'int', nullable: true })
  suspectAgeAtDeath: number | null;

  @Column({ name: 'suspect_relationship', type: 'text', nullable: true })
  suspectRelationship: SuspectRelationship | null;

  @Column({ name: 'suspected_suicide', default: false })
  suspectedSuicide: boolean;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * The victim's real name: read only by the partnership's CSP manager and chair, each read
 * audited. Stored encrypted (libs/identity-vault), with its blind index for subject access.
 */
@Entity('death_identities')
export class DeathIdentity {
  @PrimaryColumn({ name: 'death_id', type: 'uuid' })
  deathId: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'victim_name_sealed', type: 'text' })
  victimNameSealed: string;

  @Column({ name: 'victim_name_index', type: 'text', array: true })
  victimNameIndex: string[];

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
