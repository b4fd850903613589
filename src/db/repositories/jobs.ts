// The job table (the jobboard's storage). A claim is one conditional UPDATE, so of several workers exactly one wins;
// every later write of the claim is fenced by (seq, owner, attempt, RUNNING), so a worker whose lease was taken over
// writes nothing. Only the oldest unfinished job of a lane is ever a candidate, which serializes work per lane.
import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import { nowTimestamp } from '../../common/time.js';
import type { Db } from '../connection.js';
import type { Database, JobRow } from '../schema.js';

/**
 * One claim of a job: who holds it, and which claim it is. Every claim increments the job's attempts, so the pair
 * (owner, attempt) fences a worker out once its lease expired and the job was claimed again, even by the same owner
 * (the slots of one worker share an owner name).
 */
export interface JobLease {
  readonly seq: number;
  readonly owner: string;
  readonly attempt: number;
}

export interface NewJob {
  readonly id: string;
  readonly lane: string;
  readonly flow: string;
  /** JSON */
  readonly payload: string;
}

type JobUpdate = UpdateQueryBuilder<Database, 'job', 'job', UpdateResult>;

/** A WAITING job, in the caller's transaction. */
export async function insertJob(tx: Db, job: NewJob): Promise<void> {
  await tx
    .insertInto('job')
    .values({
      id: job.id,
      lane: job.lane,
      flow: job.flow,
      payload: job.payload,
      state: 'WAITING',
      progress: null,
      attempts: 0,
      lease_owner: null,
      lease_expires_at: null,
      error: null,
      created_at: nowTimestamp(),
      updated_at: null,
    })
    .execute();
}

/** Up to `limit` claimable jobs, oldest first: WAITING, or RUNNING with a lease expired before `now`, each the oldest
 * unfinished job of its lane. */
export async function claimCandidates(db: Db, now: string, limit: number): Promise<{ seq: number; id: string }[]> {
  return db
    .selectFrom('job as j')
    .select(['j.seq', 'j.id'])
    .where((eb) => eb.or([eb('j.state', '=', 'WAITING'), eb.and([eb('j.state', '=', 'RUNNING'), eb('j.lease_expires_at', '<', now)])]))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('job as k')
            .select('k.seq')
            .whereRef('k.lane', '=', 'j.lane')
            .where('k.state', 'in', ['WAITING', 'RUNNING'])
            .whereRef('k.seq', '<', 'j.seq'),
        ),
      ),
    )
    .orderBy('j.seq')
    .limit(limit)
    .execute();
}

/** Claims the job for `owner` if it is still claimable (counting the attempt); false when another claim won. */
export async function claimJob(db: Db, seq: number, owner: string, leaseExpiresAt: string): Promise<boolean> {
  const claimed = await db
    .updateTable('job')
    .set((eb) => ({
      state: 'RUNNING',
      lease_owner: owner,
      lease_expires_at: leaseExpiresAt,
      attempts: eb('attempts', '+', 1),
      updated_at: nowTimestamp(),
    }))
    .where('seq', '=', seq)
    .where((eb) => eb.or([eb('state', '=', 'WAITING'), eb.and([eb('state', '=', 'RUNNING'), eb('lease_expires_at', '<', nowTimestamp())])]))
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

export async function getJob(db: Db, seq: number): Promise<JobRow> {
  return db.selectFrom('job').selectAll().where('seq', '=', seq).executeTakeFirstOrThrow();
}

/** Extends the lease; false when the job is no longer held by `lease`. */
export async function renewJobLease(db: Db, lease: JobLease, leaseExpiresAt: string): Promise<boolean> {
  return updateHeld(lease, db.updateTable('job').set({ lease_expires_at: leaseExpiresAt }));
}

/** Stores flow progress (JSON) and extends the lease; false when the job is no longer held by `lease`. */
export async function saveJobProgress(db: Db, lease: JobLease, progress: string, leaseExpiresAt: string): Promise<boolean> {
  return updateHeld(lease, db.updateTable('job').set({ progress, lease_expires_at: leaseExpiresAt, updated_at: nowTimestamp() }));
}

/** Records the outcome and releases the lease; false when the job is no longer held by `lease`. */
export async function finishJob(db: Db, lease: JobLease, state: 'DONE' | 'FAILED', error: string | null): Promise<boolean> {
  const set = { state, error, lease_owner: null, lease_expires_at: null, updated_at: nowTimestamp() };
  return updateHeld(lease, db.updateTable('job').set(set));
}

/** Runs the update on the job only while `lease` still holds it: same owner, same claim, still running. */
async function updateHeld(lease: JobLease, query: JobUpdate): Promise<boolean> {
  const res = await query
    .where('seq', '=', lease.seq)
    .where('lease_owner', '=', lease.owner)
    .where('attempts', '=', lease.attempt)
    .where('state', '=', 'RUNNING')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Removes DONE and FAILED jobs last updated before the cutoff; the number removed. */
export async function purgeFinishedJobs(db: Db, olderThan: string): Promise<number> {
  const res = await db.deleteFrom('job').where('state', 'in', ['DONE', 'FAILED']).where('updated_at', '<', olderThan).executeTakeFirst();
  return Number(res.numDeletedRows);
}
