// The flow model: a flow is an ordered list of small tasks over a typed context; each task may revert and retry.
import type { Logger } from 'pino';

export interface RetryPolicy {
  /** total attempts, including the first */
  readonly attempts: number;
  readonly delayMs: number;
  /** multiplier applied to the delay after each failed attempt (1 = constant) */
  readonly backoff?: number;
  readonly maxDelayMs?: number;
}

export interface FlowContext<I, S> {
  readonly input: I;
  /** outputs of earlier tasks; persisted after every task, so it must stay JSON */
  store: S;
  readonly jobId: string;
  readonly log: Logger;
}

export interface Task<C> {
  /** unique within its flow; progress is recorded by name */
  readonly name: string;
  execute(ctx: C): Promise<void>;
  /** undoes execute; also called for the task that failed, so it must tolerate a partial execute */
  revert?(ctx: C, cause: Error): Promise<void>;
  readonly retry?: RetryPolicy;
}

// The members are function properties, not methods, so a flow is contravariant in its input (strictFunctionTypes):
// the worker's flow registry then refuses a flow that needs more than its job catalog payload carries.
export interface Flow<I, S, E> {
  readonly name: string;
  readonly initialStore: (input: I) => S;
  /** the task list for this input (e.g. one amphora subflow per amphora of the topology) */
  readonly tasks: (input: I, env: E) => Task<FlowContext<I, S> & { env: E }>[];
  /** the load balancer a job of this flow concerns (logging) */
  readonly loadBalancerId?: (input: I) => string | null;
}

// biome-ignore lint/suspicious/noExplicitAny: a flow of any payload and state, as the registry holds them
export type AnyFlow<E> = Flow<any, any, E>;

/** What is persisted after every step: where the flow is, and what it knows. */
export interface FlowProgress<S> {
  done: string[];
  store: S;
  /** set once a task has failed: from then on the job only reverts */
  failure?: { task: string; message: string };
  reverted: string[];
}

/** A task failure that should not be retried (bad input, missing object). */
export class PermanentTaskError extends Error {
  override readonly name = 'PermanentTaskError';
}
