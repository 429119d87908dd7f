/** What a review's free text becomes when its records are disposed of under the retention rule (libs/retention). */
export const REMOVED_AT_DISPOSAL = '(removed at disposal)';
