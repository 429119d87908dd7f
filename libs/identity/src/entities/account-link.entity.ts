import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type AccountLinkPurpose = 'invitation' | 'password-reset';

/** A single-use, time-limited link to set one's own password; only its token's SHA-256 is kept. */
@Entity('account_links')
export class AccountLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  purpose: AccountLinkPurpose;

  @Column({ name: 'token_hash' })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
