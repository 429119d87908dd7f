import dardr2024Draft from '../definitions/dardr-2024-draft.json';
import dhr2016 from '../definitions/dhr-2016.json';
import owhr2023 from '../definitions/owhr-2023.json';

/** The editions that ship with the product; more can be dropped into RULESETS_DIR. */
export const BUNDLED_RULESETS: unknown[] = [dhr2016, dardr2024Draft, owhr2023];
