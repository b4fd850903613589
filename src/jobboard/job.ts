// What a job is: a named flow, the typed input it runs on, and the lane that serializes it against other jobs for
// the same load balancer or amphora.

export type JobState = 'WAITING' | 'RUNNING' | 'DONE' | 'FAILED';

export interface JobSpec<P = unknown> {
  readonly flow: string;
  /** jobs of one lane never run at once and run in enqueue order */
  readonly lane: string;
  readonly payload: P;
}

export interface ClaimedJob {
  readonly seq: number;
  readonly id: string;
  readonly lane: string;
  readonly flow: string;
  readonly payload: unknown;
  /** the persisted progress of an earlier attempt (resume), or null */
  readonly progress: unknown;
  readonly attempts: number;
}

export const laneOfLoadBalancer = (lbId: string): string => `lb:${lbId}`;
export const laneOfAmphora = (amphoraId: string): string => `amp:${amphoraId}`;
