import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A board's note of the audit chain's head at a moment: the entry `seq` had hash `hash`. Kept
 * here, mailed to the board's members and written into the chain itself, so a later rewrite or
 * truncation of the chain shows against any copy.
 */
@Entity('board_checkpoints')
export class BoardCheckpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'board_id', type: 'uuid' })
  boardId: string;

  @Column({ type: 'bigint' })
  seq: number;

  @Column()
  hash: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'recorded_by', type: 'uuid', nullable: true })
  recordedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
