import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('review_panel_members')
export class PanelMember {
  @PrimaryColumn({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'agency_id', type: 'uuid' })
  agencyId: string;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
