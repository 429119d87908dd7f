import { InitialSchema1764144000000 } from './1764144000000-initial-schema';

/** Every migration, oldest first. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [InitialSchema1764144000000];
