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
}
