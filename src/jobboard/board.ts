// The worker side of the jobboard. A job is claimed with one conditional UPDATE (so of several workers exactly one
// wins), held by a lease the owner renews, and taken over by another worker once the lease has expired. Only the
// oldest unfinished job of a lane is ever claimable, which serializes work per load balancer.
import { sql } from 'kysely';
import { nowTimestamp } from '../common/time.js';
import type { Db } from '../db/connection.js';
import type { ClaimedJob, JobState } from './job.js';

const CANDIDATES = 16;

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

  /** Extends the lease; false when the job is no longer ours (another worker took it over). */
  async renew(seq: number, owner: string): Promise<boolean> {
    const res = await this.db
      .updateTable('job')
      .set({ lease_expires_at: leaseUntil(this.leaseMs) })
      .where('seq', '=', seq)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'RUNNING')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Persists flow progress; false when the job is no longer ours. */
  async saveProgress(seq: number, owner: string, progress: unknown): Promise<boolean> {
    const res = await this.db
      .updateTable('job')
      .set({ progress: JSON.stringify(progress), lease_expires_at: leaseUntil(this.leaseMs), updated_at: nowTimestamp() })
      .where('seq', '=', seq)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'RUNNING')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async finish(seq: number, owner: string, state: Extract<JobState, 'DONE' | 'FAILED'>, error: string | null = null): Promise<void> {
    await this.db
      .updateTable('job')
      .set({ state, error, lease_owner: null, lease_expires_at: null, updated_at: nowTimestamp() })
      .where('seq', '=', seq)
      .where('lease_owner', '=', owner)
      .execute();
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
