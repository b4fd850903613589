// Octavia's DatabaseCleanup: rows the API only soft-deleted (DELETED) are purged once they are older than the
// configured ages, and the jobboard forgets finished jobs. Every step is idempotent, so several housekeeping
// processes may run it at once.
import { secondsAgo } from '../common/time.js';
import type { Db } from '../db/connection.js';
import { deleteAmphoraRow, deletedAmphoraIdsBefore } from '../db/repositories/amphorae.js';
import { purgeFinishedJobs } from '../db/repositories/jobs.js';
import { deletedLoadBalancerIdsBefore, purgeLoadBalancer } from '../db/repositories/load-balancers.js';

export interface CleanupAges {
  /** seconds a DELETED amphora is kept */
  readonly amphoraS: number;
  /** seconds a DELETED load balancer is kept */
  readonly loadBalancerS: number;
  /** seconds a DONE or FAILED job is kept */
  readonly jobS: number;
}

export interface CleanupResult {
  amphorae: number;
  loadBalancers: number;
  jobs: number;
}

export async function purgeExpired(db: Db, ages: CleanupAges, now: Date = new Date()): Promise<CleanupResult> {
  const amphorae = await deletedAmphoraIdsBefore(db, secondsAgo(ages.amphoraS, now));
  for (const id of amphorae) await db.transaction().execute((tx) => deleteAmphoraRow(tx, id));

  const lbs = await deletedLoadBalancerIdsBefore(db, secondsAgo(ages.loadBalancerS, now));
  for (const id of lbs) await db.transaction().execute((tx) => purgeLoadBalancer(tx, id));

  // the job lease is sized in seconds; a long-finished job is never needed to resume anything
  const jobs = await purgeFinishedJobs(db, secondsAgo(ages.jobS, now));
  return { amphorae: amphorae.length, loadBalancers: lbs.length, jobs };
}
