import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RulesetSource } from './ruleset';
import { RulesetError } from './rulesets.service';

/** Every `*.json` in a folder, parsed: editions added as data, without touching the code. */
export function rulesetFiles(folder: string): RulesetSource[] {
  let names: string[];
  try {
    names = readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    throw new RulesetError(`RULESETS_DIR ${folder} cannot be read: ${(error as Error).message}`);
  }
  return names.map((name) => {
    const file = join(folder, name);
    try {
      return { file, definition: JSON.parse(readFileSync(file, 'utf8')) as unknown };
    } catch (error) {
      throw new RulesetError(`Ruleset file ${file} in RULESETS_DIR is not valid JSON: ${(error as Error).message}`);
    }
  });
}
