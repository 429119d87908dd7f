import dardr2024Draft from '../definitions/dardr-2024-draft-v4.json';
import dhr2016 from '../definitions/dhr-2016-v4.json';
import owhr2023 from '../definitions/owhr-2023-v4.json';
import { RulesetDefinition, RulesetSource } from './ruleset';

/** The editions that ship with the product; more can be dropped into RULESETS_DIR. */
export const BUNDLED_RULESETS: RulesetSource[] = [
  { file: 'libs/rulesets/definitions/dhr-2016-v4.json', definition: dhr2016 },
  { file: 'libs/rulesets/definitions/dardr-2024-draft-v4.json', definition: dardr2024Draft },
  { file: 'libs/rulesets/definitions/owhr-2023-v4.json', definition: owhr2023 },
];

/**
 * The actions the bundled editions name, for the scripts that store those editions without the
 * api's action registry (seed:scale, bench:reminders); the api checks them against its own
 * actions, and everything else they name, at every start.
 */
export const BUNDLED_ACTION_NAMES: ReadonlySet<string> = new Set(
  BUNDLED_RULESETS.flatMap((source) => Object.keys((source.definition as RulesetDefinition).actions)),
);
