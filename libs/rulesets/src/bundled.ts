import dhr2016 from '../definitions/dhr-2016.json';

/** The editions that ship with the product. */
export const BUNDLED_RULESETS: unknown[] = [dhr2016];
