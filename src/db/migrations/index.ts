import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as jobboard from './0002-jobboard.js';
import * as projectListIndexes from './0003-project-list-indexes.js';
import * as amphoraCertClaimTime from './0004-amphora-cert-claim-time.js';

/** Every migration, in order. Names are stable forever: they are the version recorded in the database. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-jobboard': jobboard,
  '0003-project-list-indexes': projectListIndexes,
  '0004-amphora-cert-claim-time': amphoraCertClaimTime,
};
