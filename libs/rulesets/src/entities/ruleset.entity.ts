import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RulesetDefinition } from '../ruleset';

@Entity('rulesets')
export class RulesetRecord {
  @PrimaryColumn()
  key: string;

  @Column({ name: 'review_type' })
  reviewType: string;

  @Column()
  name: string;

  @Column({ type: 'json' })
  definition: RulesetDefinition;

  @Column({ name: 'definition_hash' })
  definitionHash: string;

  @Column({ name: 'loaded_at', type: 'timestamptz', default: () => 'now()' })
  loadedAt: Date;
}
