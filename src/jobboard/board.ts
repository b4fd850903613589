// The worker side of the jobboard. A job is claimed with one conditional UPDATE (so of several workers exactly one
// wins), held by a lease the owner renews, and taken over by another worker once the lease has expired. Only the
// oldest unfinished job of a lane is ever claimable, which serializes work per load balancer.
import { nowTimestamp } from '../common/time.js';
import type { Db } from '../db/connection.js';
import { claimCandidates, claimJob, finishJob, getJob, renewJobLease, saveJobProgress } from '../db/repositories/jobs.js';
import type { ClaimedJob, JobLease, JobState } from './job.js';

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
    for (const candidate of await claimCandidates(this.db, nowTimestamp(), CANDIDATES)) {
      if (!(await claimJob(this.db, candidate.seq, owner, leaseUntil(this.leaseMs)))) continue;
      const row = await getJob(this.db, candidate.seq);
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
  renew(lease: JobLease): Promise<boolean> {
    return renewJobLease(this.db, lease, leaseUntil(this.leaseMs));
  }

  /** Persists flow progress (and extends the lease); false when the job is no longer ours. */
  saveProgress(lease: JobLease, progress: unknown): Promise<boolean> {
    return saveJobProgress(this.db, lease, JSON.stringify(progress), leaseUntil(this.leaseMs));
  }

  /** Records the outcome; false when the job is no longer ours (the outcome of the claim holding it counts). */
  finish(lease: JobLease, state: Extract<JobState, 'DONE' | 'FAILED'>, error: string | null = null): Promise<boolean> {
    return finishJob(this.db, lease, state, error);
  }
}
