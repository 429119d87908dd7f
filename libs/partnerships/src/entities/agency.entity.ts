import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('agencies')
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  /** A short stable name for integrations, e.g. `cheshire-police`. */
  @Column()
  code: string;

  @Column()
  name: string;
}
