// The worker side of the jobboard. A job is claimed with one conditional UPDATE (so of several workers exactly one
// wins), held by a lease the owner renews, and taken over by another worker once the lease has expired. Only the
// oldest unfinished job of a lane is ever claimable, which serializes work per load balancer.
import { sql, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import { nowTimestamp } from '../common/time.js';
import type { Db } from '../db/connection.js';
import type { Database } from '../db/schema.js';
import type { ClaimedJob, JobLease, JobState } from './job.js';

const CANDIDATES = 16;

type JobUpdate = UpdateQueryBuilder<Database, 'job', 'job', UpdateResult>;

function leaseUntil(leaseMs: number): string {
  return nowTimestamp(new Date(Date.now() + leaseMs));
}

export class JobBoard {
  constructor(
    private readonly db: Db,
    private readonly leaseMs: number,
  ) {}

  /** Claims the next runnable job for `owner`, or returns null. */
  async claim(owner: string): Promise<ClaimedJob | null> {
    const now = nowTimestamp();
    const candidates = await this.db
      .selectFrom('job as j')
      .select(['j.seq', 'j.id'])
      .where((eb) =>
        eb.or([
          eb('j.state', '=', 'WAITING'),
          eb.and([eb('j.state', '=', 'RUNNING'), eb('j.lease_expires_at', '<', now)]),
        ]),
      )
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
      .limit(CANDIDATES)
      .execute();
    for (const candidate of candidates) {
      const claimed = await this.db
        .updateTable('job')
        .set((eb) => ({
          state: 'RUNNING',
          lease_owner: owner,
          lease_expires_at: leaseUntil(this.leaseMs),
          attempts: eb('attempts', '+', 1),
          updated_at: nowTimestamp(),
        }))
        .where('seq', '=', candidate.seq)
        .where((eb) =>
          eb.or([
            eb('state', '=', 'WAITING'),
            eb.and([eb('state', '=', 'RUNNING'), eb('lease_expires_at', '<', nowTimestamp())]),
          ]),
        )
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      const row = await this.db.selectFrom('job').selectAll().where('seq', '=', candidate.seq).executeTakeFirstOrThrow();
      return {
        lease: { seq: row.seq, owner, attempt: row.attempts },
        seq: row.seq,
        id: row.id,
        lane: row.lane,
        flow: row.flow,
        payload: JSON.parse(row.payload),
        progress: row.progress ? JSON.parse(row.progress) : null,
        attempts: row.attempts,
      };
    }
    return null;
  }

  /** Extends the lease; false when the job is no longer ours (taken over by another claim, or finished). */
  async renew(lease: JobLease): Promise<boolean> {
    const res = await this.held(lease, this.db.updateTable('job').set({ lease_expires_at: leaseUntil(this.leaseMs) })).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Persists flow progress (and extends the lease); false when the job is no longer ours. */
  async saveProgress(lease: JobLease, progress: unknown): Promise<boolean> {
    const res = await this.held(
      lease,
      this.db.updateTable('job').set({ progress: JSON.stringify(progress), lease_expires_at: leaseUntil(this.leaseMs), updated_at: nowTimestamp() }),
    ).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Records the outcome; false when the job is no longer ours (the outcome of the claim holding it counts). */
  async finish(lease: JobLease, state: Extract<JobState, 'DONE' | 'FAILED'>, error: string | null = null): Promise<boolean> {
    const res = await this.held(
      lease,
      this.db.updateTable('job').set({ state, error, lease_owner: null, lease_expires_at: null, updated_at: nowTimestamp() }),
    ).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Limits an update to the job while `lease` still holds it: same owner, same claim, still running. */
  private held(lease: JobLease, query: JobUpdate): JobUpdate {
    return query
      .where('seq', '=', lease.seq)
      .where('lease_owner', '=', lease.owner)
      .where('attempts', '=', lease.attempt)
      .where('state', '=', 'RUNNING');
  }

  /** Finished jobs older than the cutoff are removed (housekeeping). */
  async purgeFinished(olderThan: string): Promise<number> {
    const res = await this.db
      .deleteFrom('job')
      .where('state', 'in', ['DONE', 'FAILED'])
      .where('updated_at', '<', olderThan)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  async counts(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('job').select(['state', sql<number>`count(*)`.as('n')]).groupBy('state').execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }
}
