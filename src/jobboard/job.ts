// What a job is: a named flow, the typed input it runs on, and the lane that serializes it against other jobs for
// the same load balancer or amphora.
import type { FlowName, JobPayload } from './catalog.js';

export type JobState = 'WAITING' | 'RUNNING' | 'DONE' | 'FAILED';

export interface JobSpec<F extends FlowName> {
  readonly flow: F;
  /** jobs of one lane never run at once and run in enqueue order */
  readonly lane: string;
  readonly payload: NoInfer<JobPayload<F>>;
}

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
