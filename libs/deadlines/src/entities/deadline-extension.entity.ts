import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An extension is a decision: who moved which deadline, from when to when, and why. */
@Entity('deadline_extensions')
export class DeadlineExtension {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'deadline_id', type: 'uuid' })
  deadlineId: string;

  @Column({ name: 'from_due_on', type: 'date' })
  fromDueOn: string;

  @Column({ name: 'to_due_on', type: 'date' })
  toDueOn: string;

  @Column()
  reason: string;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;
}
