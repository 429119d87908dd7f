import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('sign_offs')
export class SignOff {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId: string;

  @Column({ name: 'board_key' })
  boardKey: string;

  @Column({ type: 'int' })
  round: number;

  @Column({ name: 'signed_on', type: 'date' })
  signedOn: string;

  @Column({ name: 'signed_by', type: 'uuid', nullable: true })
  signedBy: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
