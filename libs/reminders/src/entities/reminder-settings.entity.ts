import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A partnership's reminder settings; a partnership without a row uses the defaults. */
@Entity('reminder_settings')
export class ReminderSettings {
  @PrimaryColumn({ name: 'partnership_id', type: 'uuid' })
  partnershipId: string;

  @Column({ name: 'offsets_days', type: 'int', array: true })
  offsetsDays: number[];

  @Column({ name: 'send_time' })
  sendTime: string;

  @Column({ name: 'escalation_every_days', type: 'int' })
  escalationEveryDays: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
