import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('boards')
export class Board {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  /** The board's part in the process, as rulesets name it: `csp` or `dab`. */
  @Column()
  key: string;

  @Column()
  name: string;

  @Column({ name: 'chair_user_id', type: 'uuid', nullable: true })
  chairUserId: string | null;

  /** Approving members needed for the board's sign-off, its chair among them when it has one. */
  @Column({ type: 'int', default: 2 })
  quorum: number;
}
