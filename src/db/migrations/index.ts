import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';

/** Every migration, in order. Names are stable forever: they are the version recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
};
