import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('board_members')
export class BoardMember {
  @PrimaryColumn({ name: 'board_id', type: 'uuid' })
  boardId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
