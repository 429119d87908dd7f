import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in web session: its id is in the signed cookie; while the row exists, the cookie works. */
@Entity('web_sessions')
export class WebSessionRecord {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;
}
