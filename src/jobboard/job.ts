// What a job is: a named flow, the typed input it runs on, and the lane that serializes it against other jobs for
// the same load balancer or amphora.
import type { JobLease } from '../db/repositories/jobs.js';
import type { FlowName, JobPayload } from './catalog.js';

export type { JobLease };

export type JobState = 'WAITING' | 'RUNNING' | 'DONE' | 'FAILED';

export interface JobSpec<F extends FlowName> {
  readonly flow: F;
  /** jobs of one lane never run at once and run in enqueue order */
  readonly lane: string;
  readonly payload: NoInfer<JobPayload<F>>;
}

export interface ClaimedJob {
  readonly lease: JobLease;
  readonly seq: number;
  readonly id: string;
  readonly lane: string;
  /** as stored: a name the worker's flow registry may not know (a job enqueued by another version) */
  readonly flow: string;
  readonly payload: unknown;
  /** the persisted progress of an earlier attempt (resume), or null */
  readonly progress: unknown;
  readonly attempts: number;
}

export const laneOfLoadBalancer = (lbId: string): string => `lb:${lbId}`;
export const laneOfAmphora = (amphoraId: string): string => `amp:${amphoraId}`;
