import { Injectable } from '@nestjs/common';
import { RulesetsService } from '@app/rulesets';

/** Stage keys to the names the rulesets give them, for pages that list reviews of several types. */
@Injectable()
export class StageNames {
  private labels?: Record<string, string>;

  constructor(private readonly rulesets: RulesetsService) {}

  async all(): Promise<Record<string, string>> {
    if (!this.labels) {
      const labels: Record<string, string> = {};
      for (const definition of await this.rulesets.list()) for (const stage of definition.stages) labels[stage.key] ??= stage.label;
      this.labels = labels;
    }
    return this.labels;
  }
}
