import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One of the partnership's strategic priorities, the themes recommendations are tagged with. */
@Entity('priorities')
export class Priority {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column()
  key: string;

  @Column()
  name: string;

  @Column({ type: 'int' })
  position: number;
}
